import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the command-line output goes to: its width and whether to use colours.
struct OutputTerminal {
    var width: Int
    var colors: Bool

    /// Standard output: the window width when it is a terminal (else COLUMNS, else 100);
    /// colours only on a terminal and when NO_COLOR is not set.
    static var standardOutput: OutputTerminal {
        let environment = ProcessInfo.processInfo.environment
        let isTerminal = isatty(STDOUT_FILENO) == 1
        var width = Int(environment["COLUMNS"] ?? "") ?? 0
        if isTerminal {
            var size = winsize()
            if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
                width = Int(size.ws_col)
            }
        }
        return OutputTerminal(
            width: width > 0 ? width : 100,
            colors: isTerminal && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb")
    }
}
