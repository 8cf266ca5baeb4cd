import Dispatch
import Foundation
import Synchronization

/// The pipe the SIGINT handler writes to; -1 when no watcher is active. Written only while
/// no handler that reads it is installed (before installing, after removing).
nonisolated(unsafe) private var interruptPipe: Int32 = -1

/// Owns Ctrl-C (SIGINT) for as long as the shell runs: a Ctrl-C while an input is being
/// handled cancels that input's task; one that arrives between inputs (after a reply ends,
/// before libedit takes the terminal back) is dropped instead of ending the program.
///
/// While a line is edited libedit turns the terminal's `isig` off, so Ctrl-C reaches the
/// editor as a key and never comes here.
///
/// The signal handler only writes a byte to a pipe (async-signal-safe), and a dispatch source
/// reads it. (A dispatch signal source is not used: on Linux it stops seeing the signal once
/// the disposition has been changed by someone else.)
final class InterruptWatcher: @unchecked Sendable {
    // @unchecked: `source` and `previous` are set once in init; `target` is behind a Mutex.
    private let source: DispatchSourceRead?
    private let previous: sighandler_t?
    private let target = Mutex<(@Sendable () -> Void)?>(nil)

    init() {
        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else {
            source = nil
            previous = nil
            return
        }
        let (readEnd, writeEnd) = (descriptors[0], descriptors[1])
        for descriptor in descriptors {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
        let source = DispatchSource.makeReadSource(fileDescriptor: readEnd, queue: .global())
        source.setCancelHandler {
            close(readEnd)
            close(writeEnd)
        }
        self.source = source
        interruptPipe = writeEnd
        previous = signal(SIGINT) { _ in
            var byte: UInt8 = 1
            _ = write(interruptPipe, &byte, 1)
        }
        // A Ctrl-C that came before this point waits in the pipe and is read now.
        source.setEventHandler { [weak self] in
            var buffer = [UInt8](repeating: 0, count: 16)
            while read(readEnd, &buffer, buffer.count) > 0 {}
            self?.fire()
        }
        source.resume()
    }

    /// Runs `body` with Ctrl-C cancelling it, and waits for it to finish.
    func run(_ body: @escaping @Sendable () async -> Void) async {
        let task = Task { await body() }
        setTarget { task.cancel() }
        await task.value
        setTarget(nil)
    }

    /// Gives Ctrl-C its previous meaning back.
    func stop() {
        guard let source else { return }
        signal(SIGINT, previous)
        interruptPipe = -1
        source.cancel()
    }

    private func setTarget(_ newTarget: (@Sendable () -> Void)?) {
        target.withLock { $0 = newTarget }
    }

    private func fire() {
        target.withLock { $0 }?()
    }
}
