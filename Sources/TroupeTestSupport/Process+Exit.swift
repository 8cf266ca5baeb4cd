import Foundation

extension Process {
    /// Waits for the process to end without blocking a thread of Swift's cooperative pool
    /// (tests run on it, and a blocked pool starves every other test of the run).
    ///
    /// - Parameter timeout: how long to wait before terminating the process.
    /// - Returns: true when it ended by itself, false when it was terminated at the timeout.
    @discardableResult
    public func exit(within timeout: Duration) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while isRunning {
            if clock.now >= deadline {
                terminate()
                while isRunning { try? await Task.sleep(for: .milliseconds(10)) }
                return false
            }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return true
    }
}
