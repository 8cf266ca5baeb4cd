/// The escape sequences the shell binds, in every form that terminals, tmux and screen send,
/// and the libedit function each one runs. Defined once: ``LineEditor`` binds them and
/// ``KeyDecoder`` passes exactly these on (any other sequence is dropped, not inserted).
enum KeyBindings {
    /// One binding: the bytes from the ESC on, and a libedit function name.
    struct Binding: Sendable, Equatable {
        var sequence: String
        var function: String
    }

    /// libedit functions of the shell's own, bound below.
    enum Function {
        /// Inserts the next pasted block (see ``LineEditor``).
        static let paste = "troupe-paste"
        /// Does nothing (PageUp, PageDown).
        static let ignore = "troupe-ignore"
        /// Ends the line after Ctrl-C once the cursor is below it.
        static let interruptEnd = "troupe-interrupt-end"
    }

    /// Sequences the editor itself queues for its own functions; a terminal never sends them
    /// through the decoder (they are not in ``terminalKeys``, so it drops them).
    enum Internal {
        /// Runs ``Function/paste``: the decoder consumed the real `ESC[200~`.
        static let paste = "\u{1B}[200~"
        static let interruptEnd = "\u{1B}[9001~"
    }

    private static func bind(_ sequences: [String], to function: String) -> [Binding] {
        sequences.map { Binding(sequence: $0, function: function) }
    }

    /// Keys a terminal sends.
    static let terminalKeys: [Binding] =
        bind(["\u{1B}[A", "\u{1B}OA"], to: "ed-prev-history")
        + bind(["\u{1B}[B", "\u{1B}OB"], to: "ed-next-history")
        + bind(["\u{1B}[C", "\u{1B}OC"], to: "ed-next-char")
        + bind(["\u{1B}[D", "\u{1B}OD"], to: "ed-prev-char")
        // Home and End: xterm (CSI and SS3 forms), the VT220 `1~`/`4~` that tmux and screen
        // send, and rxvt's `7~`/`8~`.
        + bind(["\u{1B}[H", "\u{1B}OH", "\u{1B}[1~", "\u{1B}[7~"], to: "ed-move-to-beg")
        + bind(["\u{1B}[F", "\u{1B}OF", "\u{1B}[4~", "\u{1B}[8~"], to: "ed-move-to-end")
        + bind(["\u{1B}[3~"], to: "ed-delete-next-char")
        // Ctrl-Left/Right and Alt-Left/Right move by word, as Alt-b and Alt-f do.
        + bind(["\u{1B}[1;5D", "\u{1B}[1;3D", "\u{1B}b"], to: "ed-prev-word")
        + bind(["\u{1B}[1;5C", "\u{1B}[1;3C", "\u{1B}f"], to: "em-next-word")
        + bind(["\u{1B}[5~", "\u{1B}[6~"], to: Function.ignore)

    /// Bindings of the editor's own sequences.
    static let internalKeys: [Binding] = [
        Binding(sequence: Internal.paste, function: Function.paste),
        Binding(sequence: Internal.interruptEnd, function: Function.interruptEnd),
    ]

    /// The sequences ``KeyDecoder`` passes on.
    static var decoderKnown: Set<[UInt8]> {
        Set(terminalKeys.map { Array($0.sequence.utf8) }.filter { $0.count > 2 })
    }

    /// A sequence as libedit's `bind` reads it (`\e` for ESC).
    static func libeditKey(_ sequence: String) -> String {
        sequence.replacingOccurrences(of: "\u{1B}", with: "\\e")
    }
}
