import Foundation
import TroupeCore

/// Where the shell writes, and how: the sink, whether colours are on, and whether the output is
/// a live terminal (which enables the spinner). Tests inject a collecting sink.
///
/// Replies and what a command was asked to print (`/history`, `/render`, `/tokens`, `/set`)
/// go to ``Stream/output``; status lines, notes, retries and errors go to ``Stream/status``,
/// so `printf 'hi\n' | troupe > out.txt` captures the replies only.
public struct ShellOutput: Sendable {
    /// The two destinations.
    public enum Stream: Sendable, Hashable {
        /// Replies and command results (standard output).
        case output
        /// Status, notes and errors (standard error).
        case status
    }

    /// Receives every piece of text the shell prints, in order, with its destination.
    public var sink: @Sendable (String, Stream) -> Void
    /// ANSI colours on or off.
    public var style: TextStyle
    /// True on a terminal: shows the spinner while waiting for the first token.
    public var isInteractive: Bool

    public init(sink: @escaping @Sendable (String, Stream) -> Void, colors: Bool, isInteractive: Bool) {
        self.sink = sink
        self.style = TextStyle(enabled: colors)
        self.isInteractive = isInteractive
    }

    /// Everything to one sink, whatever its destination (tests that read the screen as a whole).
    public init(sink: @escaping @Sendable (String) -> Void, colors: Bool, isInteractive: Bool) {
        self.init(sink: { text, _ in sink(text) }, colors: colors, isInteractive: isInteractive)
    }

    /// The process's standard output and standard error, with colours and spinner decided
    /// from the terminal.
    public static func standard(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> ShellOutput {
        let terminal = TerminalInfo.outputIsTerminal
        return ShellOutput(
            sink: { text, stream in (stream == .output ? StandardStream.output : StandardStream.error).write(text) },
            colors: TerminalInfo.colorsEnabled(outputIsTerminal: terminal, environment: environment),
            isInteractive: terminal && TerminalInfo.inputIsTerminal)
    }

    /// Writes reply text as is.
    public func write(_ text: String) {
        sink(text, .output)
    }

    /// Writes a line of a command's result.
    public func line(_ text: String = "") {
        sink(text + "\n", .output)
    }

    /// A dim line (information, status).
    public func info(_ text: String) {
        sink(style.dim(text) + "\n", .status)
    }

    /// An error in red, prefixed with `error:`.
    public func error(_ text: String) {
        sink(style.red("error: ") + text + "\n", .status)
    }

    /// Text for the status stream as is (the spinner).
    public func status(_ text: String) {
        sink(text, .status)
    }
}

/// ANSI text attributes that become plain text when colours are off.
public struct TextStyle: Sendable {
    public var enabled: Bool

    public init(enabled: Bool) {
        self.enabled = enabled
    }

    public func dim(_ text: String) -> String { wrap(text, "2") }
    public func bold(_ text: String) -> String { wrap(text, "1") }
    public func red(_ text: String) -> String { wrap(text, "31") }
    public func green(_ text: String) -> String { wrap(text, "32") }
    public func yellow(_ text: String) -> String { wrap(text, "33") }
    public func cyan(_ text: String) -> String { wrap(text, "36") }

    private func wrap(_ text: String, _ code: String) -> String {
        enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
