import CEditLine
import Foundation

extension LineEditor {
    /// Adds the shell's editor functions and binds them and ``KeyBindings``.
    static func bindKeys(_ editLine: OpaquePointer) {
        troupe_el_add_function(editLine, "troupe-interrupt", "Drop the line (Ctrl-C)") { editLine, _ in
            LineEditor.interrupt(editLine)
        }
        troupe_el_bind(editLine, "^C", "troupe-interrupt")
        troupe_el_add_function(editLine, KeyBindings.Function.interruptEnd, "End the line dropped with Ctrl-C") { _, _ in
            UInt8(CC_NEWLINE)
        }
        troupe_el_add_function(editLine, "troupe-complete", "Complete a command or argument") { editLine, _ in
            LineEditor.complete(editLine)
        }
        troupe_el_bind(editLine, "^I", "troupe-complete")
        troupe_el_bind(editLine, "^R", "em-inc-search-prev")
        troupe_el_add_function(editLine, KeyBindings.Function.paste, "Insert a pasted block") { editLine, _ in
            LineEditor.insertPaste(editLine)
        }
        troupe_el_add_function(editLine, KeyBindings.Function.ignore, "Do nothing") { _, _ in
            UInt8(CC_NORM)
        }
        troupe_el_add_function(editLine, "troupe-edit", "Edit the line in $VISUAL or $EDITOR (Ctrl-X Ctrl-E)") { editLine, _ in
            LineEditor.requestExternalEdit(editLine)
        }
        troupe_el_bind(editLine, "^X^E", "troupe-edit")
        for binding in KeyBindings.terminalKeys + KeyBindings.internalKeys {
            troupe_el_bind(editLine, KeyBindings.libeditKey(binding.sequence), binding.function)
        }
    }

    /// Ctrl-C: the line is dropped. The cursor first goes to the end of the line, so that
    /// `^C` and the next prompt come below a line that wraps or holds line breaks.
    private static func interrupt(_ editLine: OpaquePointer) -> UInt8 {
        guard let state = EditorState.from(editLine) else { return UInt8(CC_NEWLINE) }
        state.interrupted = true
        el_cursor(editLine, Int32(clamping: charactersAfterCursor(editLine)))
        state.enqueueFirst(KeyBindings.Internal.interruptEnd)
        return UInt8(CC_REFRESH)
    }

    /// Inserts the waiting pasted block at the cursor, line breaks and all: Enter then sends
    /// it as one message.
    private static func insertPaste(_ editLine: OpaquePointer) -> UInt8 {
        guard let text = EditorState.from(editLine)?.takePaste(), !text.isEmpty else { return UInt8(CC_NORM) }
        return el_insertstr(editLine, text) == 0 ? UInt8(CC_REFRESH) : UInt8(CC_REFRESH_BEEP)
    }

    /// Ctrl-X Ctrl-E: ends the line with Enter's own function (which moves below the line);
    /// ``readLineOnQueue`` then runs the editor on it.
    private static func requestExternalEdit(_ editLine: OpaquePointer) -> UInt8 {
        guard let state = EditorState.from(editLine) else { return UInt8(CC_ERROR) }
        state.externalEditRequested = true
        state.enqueueFirst("\r")
        return UInt8(CC_NORM)
    }
}
