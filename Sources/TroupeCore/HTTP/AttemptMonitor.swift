import Foundation

/// Tracks one attempt: whether part of the answer already reached the caller (after which the
/// attempt must not be silently retried).
final class AttemptMonitor: @unchecked Sendable {
    private let lock = NSLock()
    private var delivered = false

    /// Records that part of the answer reached the caller.
    func markDelivered() {
        lock.withLock { delivered = true }
    }

    var hasDelivered: Bool { lock.withLock { delivered } }
}
