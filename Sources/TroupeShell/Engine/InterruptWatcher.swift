import Dispatch
import Foundation

/// The pipe the SIGINT handler writes to; -1 when no watcher is active. Written only while
/// no watcher is active (before the handler is installed, after it is removed).
nonisolated(unsafe) private var interruptPipe: Int32 = -1

/// Turns Ctrl-C (SIGINT) into a callback while it is alive; the shell keeps one only while a
/// request runs, so that Ctrl-C stops the reply instead of the program.
///
/// The signal handler only writes a byte to a pipe (async-signal-safe), and a dispatch source
/// reads it. (A dispatch signal source is not used: on Linux it stops seeing the signal once
/// the disposition has been changed by someone else, e.g. restored between requests.)
final class InterruptWatcher: @unchecked Sendable {
    private let source: DispatchSourceRead?
    private let previous: sighandler_t?

    init(onInterrupt: @escaping @Sendable () -> Void) {
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
        source.setEventHandler {
            var buffer = [UInt8](repeating: 0, count: 16)
            while read(readEnd, &buffer, buffer.count) > 0 {}
            onInterrupt()
        }
        source.setCancelHandler {
            close(readEnd)
            close(writeEnd)
        }
        source.resume()
        self.source = source
        interruptPipe = writeEnd
        previous = signal(SIGINT) { _ in
            var byte: UInt8 = 1
            _ = write(interruptPipe, &byte, 1)
        }
    }

    /// Stops watching; Ctrl-C gets its previous meaning back.
    func stop() {
        guard let source else { return }
        signal(SIGINT, previous)
        interruptPipe = -1
        source.cancel()
    }
}
