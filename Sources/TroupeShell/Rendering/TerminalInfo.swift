import Foundation
import TroupeCore

/// Facts about the process's terminal, read in one place.
public enum TerminalInfo {
    /// Whether standard input is a terminal (interactive use).
    public static var inputIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    /// Whether standard output is a terminal.
    public static var outputIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// Colours are used only on a terminal, never with `NO_COLOR` set (https://no-color.org)
    /// and never on a `dumb` terminal.
    public static func colorsEnabled(
        outputIsTerminal: Bool = TerminalInfo.outputIsTerminal,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Bool {
        guard outputIsTerminal else { return false }
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        return environment["TERM"] != "dumb"
    }

    /// The terminal's width in columns (80 when unknown).
    static func columns() -> Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return Int(size.ws_col)
        }
        return 80
    }

    /// Writes all of `text` to standard output, unbuffered (a closed reader ends troupe quietly).
    static func writeRaw(_ text: String) {
        StandardStream.output.write(text)
    }
}
