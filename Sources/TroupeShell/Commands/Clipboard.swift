import Foundation

/// Puts text on the user's clipboard through the terminal with OSC 52 (`ESC ] 52 ; c ; BASE64
/// BEL`), which most terminals understand, also over SSH: no clipboard program is needed on
/// the machine troupe runs on.
///
/// Inside tmux (`TMUX` set) the sequence is not written: tmux 3.3 drops an application's
/// OSC 52 unless `set-clipboard` is `on` (the default is `external`), and drops the
/// passthrough form (`ESC Ptmux; … ESC \`) unless `allow-passthrough` is on (off by default).
/// `tmux load-buffer -w -` works with the defaults: tmux keeps the text as a paste buffer
/// and sends its own OSC 52 to the terminal outside. Should that command fail, both forms of
/// the sequence are written, for whichever the tmux configuration lets through.
struct Clipboard: Sendable {
    /// How the text reached the clipboard.
    enum Route: Sendable, Equatable {
        /// The sequence (or sequences) to write to the terminal.
        case terminal(String)
        /// tmux took the text; nothing to write.
        case tmux
    }

    /// Where `TMUX` and `PATH` are read.
    var environment: [String: String]

    /// Whether troupe runs inside tmux.
    var insideTmux: Bool { !(environment["TMUX"] ?? "").isEmpty }

    /// Copies `text`; returns what is left to write to the terminal.
    func copy(_ text: String) -> Route {
        guard insideTmux else { return .terminal(Self.osc52(text)) }
        let outcome = ChildProcess.run(["tmux", "load-buffer", "-w", "-"], environment: environment,
                                       input: Array(text.utf8), quiet: true)
        if case .success(.exited(0)) = outcome {
            return .tmux
        }
        return .terminal(Self.osc52(text) + Self.tmuxPassthrough(Self.osc52(text)))
    }

    /// The OSC 52 sequence that sets the clipboard (`c`) to `text`.
    static func osc52(_ text: String) -> String {
        "\u{1B}]52;c;" + Data(text.utf8).base64EncodedString() + "\u{07}"
    }

    /// `sequence` wrapped for tmux to pass on to the terminal outside: `ESC Ptmux;`, the
    /// sequence with each ESC doubled, `ESC \`.
    static func tmuxPassthrough(_ sequence: String) -> String {
        "\u{1B}Ptmux;" + sequence.replacingOccurrences(of: "\u{1B}", with: "\u{1B}\u{1B}") + "\u{1B}\\"
    }
}
