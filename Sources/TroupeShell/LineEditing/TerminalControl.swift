import Foundation

// Read by the signal handlers below, which may touch nothing else; written only with
// `TerminalControl.lock` held and before the handlers that read them are installed.
nonisolated(unsafe) private var restoreMode = termios()
nonisolated(unsafe) private var restoreModeIsSet = false
nonisolated(unsafe) private var restorePasteOff = false
nonisolated(unsafe) private var pasteOffBytes: [UInt8] = []
nonisolated(unsafe) private var resizePipe: Int32 = -1

/// The terminal modes the shell changes, kept in one place so that every way out (the end of
/// the shell, an editor run as a child, SIGTERM or SIGHUP) gives the terminal back as it was:
/// cooked mode, and bracketed paste off (a shell left in bracketed-paste mode shows
/// `^[[200~` around everything pasted into it).
///
/// One per process (``shared``): the terminal is one too.
final class TerminalControl: @unchecked Sendable {
    static let shared = TerminalControl()

    static let pasteOn = "\u{1B}[?2004h"
    static let pasteOff = "\u{1B}[?2004l"

    private let lock = NSLock()
    private var cooked: termios?
    private var pasteEnabled = false
    private var handlersInstalled = false

    private init() {}

    /// Whether standard input and output are both a terminal (escape sequences reach it).
    var isTerminal: Bool { isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 }

    /// Remembers the terminal's mode as the user had it; called once when the editor starts,
    /// before anything changes it. Installs the SIGTERM/SIGHUP handlers that restore it.
    func captureCookedMode() {
        lock.withLock {
            guard cooked == nil else { return }
            var mode = termios()
            guard tcgetattr(STDIN_FILENO, &mode) == 0 else { return }
            cooked = mode
            restoreMode = mode
            restoreModeIsSet = true
            pasteOffBytes = Array(Self.pasteOff.utf8)  // made now: a signal handler may not allocate
            guard !handlersInstalled else { return }
            handlersInstalled = true
            for signalNumber in [SIGTERM, SIGHUP] {
                _ = signal(signalNumber) { signalNumber in
                    TerminalControl.restoreFromSignal()
                    // The default action now, so the signal ends the process as it would have.
                    _ = signal(signalNumber, SIG_DFL)
                    raise(signalNumber)
                }
            }
        }
    }

    /// Async-signal-safe: only `tcsetattr` and `write`.
    private static func restoreFromSignal() {
        if restorePasteOff {
            _ = pasteOffBytes.withUnsafeBufferPointer { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
        }
        if restoreModeIsSet {
            _ = tcsetattr(STDIN_FILENO, TCSANOW, &restoreMode)
        }
    }

    /// Turns bracketed paste on or off (only when both ends are a terminal).
    func setBracketedPaste(_ enabled: Bool) {
        lock.withLock {
            guard enabled != pasteEnabled, isTerminal else { return }
            pasteEnabled = enabled
            restorePasteOff = enabled
            TerminalInfo.writeRaw(enabled ? Self.pasteOn : Self.pasteOff)
        }
    }

    /// While an input runs (a reply streams): no echo and no line buffering, so keys typed
    /// meanwhile neither land inside the reply nor wait for Enter; they stay in the terminal's
    /// queue for the next prompt. Signal keys stay on: Ctrl-C still stops the reply.
    func enterRunningMode() {
        lock.withLock {
            guard var mode = cooked else { return }
            mode.c_lflag &= ~tcflag_t(ICANON | ECHO)
            // NOFLSH: Ctrl-C stops the reply but does not throw away what was typed before it.
            mode.c_lflag |= tcflag_t(ISIG | NOFLSH)
            Self.setControlCharacter(&mode, VMIN, 1)
            Self.setControlCharacter(&mode, VTIME, 0)
            _ = tcsetattr(STDIN_FILENO, TCSANOW, &mode)
        }
    }

    /// Gives the terminal its cooked mode back (the shell ends, or a child needs it).
    func restoreCookedMode() {
        lock.withLock {
            guard var mode = cooked else { return }
            _ = tcsetattr(STDIN_FILENO, TCSANOW, &mode)
        }
    }

    /// Runs `body` (a child process on the terminal, such as an editor) with the terminal in
    /// cooked mode and bracketed paste off, then puts both back as they were.
    func withChildTerminal<T>(_ body: () throws -> T) rethrows -> T {
        let (saved, pasteWasOn) = lock.withLock { () -> (termios?, Bool) in
            var current = termios()
            let saved = tcgetattr(STDIN_FILENO, &current) == 0 ? current : nil
            return (saved, pasteEnabled)
        }
        if pasteWasOn { setBracketedPaste(false) }
        restoreCookedMode()
        defer {
            if var saved { _ = tcsetattr(STDIN_FILENO, TCSANOW, &saved) }
            if pasteWasOn { setBracketedPaste(true) }
        }
        return try body()
    }

    /// A pipe that gets a byte at each SIGWINCH (the terminal was resized); its read end,
    /// non-blocking, or -1. Installed once.
    func resizeSignalDescriptor() -> Int32 {
        lock.withLock {
            if resizePipe >= 0 { return resizeReadEnd }
            var descriptors: [Int32] = [-1, -1]
            guard pipe(&descriptors) == 0 else { return -1 }
            for descriptor in descriptors {
                _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
                _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
            }
            resizeReadEnd = descriptors[0]
            resizePipe = descriptors[1]
            _ = signal(SIGWINCH) { _ in
                var byte: UInt8 = 1
                _ = write(resizePipe, &byte, 1)
            }
            return resizeReadEnd
        }
    }

    private var resizeReadEnd: Int32 = -1

    private static func setControlCharacter(_ mode: inout termios, _ index: Int32, _ value: UInt8) {
        withUnsafeMutableBytes(of: &mode.c_cc) { bytes in
            bytes[Int(index)] = value
        }
    }
}
