import Dispatch
import Foundation

/// Turns Ctrl-C (SIGINT) into a callback while it is alive; the shell keeps one only while a
/// request runs, so that Ctrl-C stops the reply instead of the program.
final class InterruptWatcher: @unchecked Sendable {
    private let source: DispatchSourceSignal

    init(onInterrupt: @escaping @Sendable () -> Void) {
        // The signal must be ignored for the dispatch source to receive it.
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler(handler: onInterrupt)
        source.resume()
    }

    /// Stops watching; Ctrl-C gets its default meaning back.
    func stop() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
