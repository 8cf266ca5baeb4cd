#ifndef TROUPE_CEDITLINE_SHIM_H
#define TROUPE_CEDITLINE_SHIM_H
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <histedit.h>

// Non-variadic wrappers around libedit's C-variadic `el_set`, `el_get` and `history`, which
// Swift cannot call. Each wrapper does one operation; `LineEditor` is the only caller.

typedef char *_Nullable (*troupe_prompt_fn)(EditLine *_Nonnull);
typedef unsigned char (*troupe_key_fn)(EditLine *_Nonnull, int);
typedef int (*troupe_read_fn)(EditLine *_Nonnull, wchar_t *_Nonnull);

/// Takes the user's character set; when that is the plain C locale (no LANG, as in a bare
/// ssh or tmux session) UTF-8 is used instead, as Python does (PEP 538), so that accented
/// letters and emoji are edited as one character each.
/// - Returns: 1 when characters are multibyte (UTF-8), 0 when each byte is a character.
static inline int troupe_set_ctype_locale(void) {
    const char *name = setlocale(LC_CTYPE, "");
    if (name == NULL || strcmp(name, "C") == 0 || strcmp(name, "POSIX") == 0) {
        if (setlocale(LC_CTYPE, "C.UTF-8") == NULL) {
            setlocale(LC_CTYPE, "UTF-8");
        }
    }
    return MB_CUR_MAX > 1 ? 1 : 0;
}

/// Creates an editor on the process's stdin/stdout/stderr (Swift 6 may not touch those
/// C globals). Call `troupe_set_ctype_locale` first.
///
/// With `terminal_type`, the editor uses that terminal type instead of `$TERM` (which has no
/// terminfo entry): libedit's warning about `$TERM` at start-up, and its later complaints
/// (bad key bindings), go to /dev/null then, since they would be wrong or of no use.
static inline EditLine *_Nullable troupe_el_init(const char *_Nonnull program, const char *_Nullable terminal_type) {
    if (terminal_type == NULL) {
        return el_init(program, stdin, stdout, stderr);
    }
    FILE *quiet = fopen("/dev/null", "w");
    EditLine *el = el_init(program, stdin, stdout, quiet != NULL ? quiet : stderr);
    if (el != NULL) {
        el_set(el, EL_TERMINAL, terminal_type);
    }
    return el;
}

/// Replaces libedit's reading of the terminal with `fn`, which returns 1 and one character,
/// 0 at the end of the input, or -1 on an error.
static inline int troupe_el_set_read_function(EditLine *_Nonnull el, troupe_read_fn _Nonnull fn) {
    return el_set(el, EL_GETCFN, fn);
}

/// Sets the prompt function; bytes between two `escape` characters are printed but not
/// counted as width (for colour sequences).
static inline int troupe_el_set_prompt(EditLine *_Nonnull el, troupe_prompt_fn _Nonnull fn, char escape) {
    return el_set(el, EL_PROMPT_ESC, fn, escape);
}

/// Selects the key map: "emacs" or "vi".
static inline int troupe_el_set_editor(EditLine *_Nonnull el, const char *_Nonnull mode) {
    return el_set(el, EL_EDITOR, mode);
}

/// Stores an opaque pointer that key and prompt callbacks read back.
static inline int troupe_el_set_clientdata(EditLine *_Nonnull el, void *_Nullable data) {
    return el_set(el, EL_CLIENTDATA, data);
}

static inline void *_Nullable troupe_el_get_clientdata(EditLine *_Nonnull el) {
    void *data = NULL;
    if (el_get(el, EL_CLIENTDATA, &data) != 0) {
        return NULL;
    }
    return data;
}

/// Connects a history list to the editor (Up/Down, Ctrl-R search).
static inline int troupe_el_set_history(EditLine *_Nonnull el, History *_Nonnull history_list) {
    return el_set(el, EL_HIST, history, history_list);
}

/// Adds a named editor function implemented by `fn`.
static inline int troupe_el_add_function(EditLine *_Nonnull el, const char *_Nonnull name,
                                         const char *_Nonnull help, troupe_key_fn _Nonnull fn) {
    return el_set(el, EL_ADDFN, name, help, fn);
}

/// Binds a key sequence (e.g. "^I", "^R") to a named editor function.
static inline int troupe_el_bind(EditLine *_Nonnull el, const char *_Nonnull key,
                                 const char *_Nonnull function) {
    return el_set(el, EL_BIND, key, function, NULL);
}

/// Changes one terminal mode flag of the edit-mode settings (e.g. "-isig").
static inline int troupe_el_setty_edit(EditLine *_Nonnull el, const char *_Nonnull flag) {
    return el_set(el, EL_SETTY, "-d", flag, NULL);
}

/// Asks libedit to redraw the prompt and line (after printing below it).
static inline int troupe_el_refresh(EditLine *_Nonnull el) {
    return el_set(el, EL_REFRESH);
}

static inline int troupe_history_set_size(History *_Nonnull h, int size) {
    HistEvent event;
    return history(h, &event, H_SETSIZE, size);
}

/// Drops an entry equal to the one just before it.
static inline int troupe_history_set_unique(History *_Nonnull h, int unique) {
    HistEvent event;
    return history(h, &event, H_SETUNIQUE, unique);
}

static inline int troupe_history_enter(History *_Nonnull h, const char *_Nonnull line) {
    HistEvent event;
    return history(h, &event, H_ENTER, line);
}

static inline int troupe_history_load(History *_Nonnull h, const char *_Nonnull path) {
    HistEvent event;
    return history(h, &event, H_LOAD, path);
}

static inline int troupe_history_save(History *_Nonnull h, const char *_Nonnull path) {
    HistEvent event;
    return history(h, &event, H_SAVE, path);
}

/// One step through the list (`H_FIRST`, `H_NEXT`, `H_LAST`, `H_PREV`): the entry there,
/// or NULL past either end.
static inline const char *_Nullable troupe_history_step(History *_Nonnull h, int op) {
    HistEvent event;
    if (history(h, &event, op) != 0) {
        return NULL;
    }
    return event.str;
}

/// The number of entries in the history list.
static inline int troupe_history_length(History *_Nonnull h) {
    HistEvent event;
    if (history(h, &event, H_GETSIZE) != 0) {
        return 0;
    }
    return event.num;
}

#endif
