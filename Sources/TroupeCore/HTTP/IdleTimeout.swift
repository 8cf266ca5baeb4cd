import Foundation

/// Thrown by ``withIdleTimeout(_:monitor:operation:)`` when nothing arrived for too long.
struct IdleTimeoutExpired: Error {}

/// Tracks one attempt: when bytes last arrived, and whether text was already delivered to the
/// caller (after which the attempt must not be silently retried).
final class AttemptMonitor: @unchecked Sendable {
    private let lock = NSLock()
    private var lastActivity = ContinuousClock.now
    private var delivered = false

    /// Records that bytes arrived.
    func touch() {
        let now = ContinuousClock.now
        lock.withLock { lastActivity = now }
    }

    /// Records that part of the answer reached the caller.
    func markDelivered() {
        lock.withLock { delivered = true }
    }

    var hasDelivered: Bool { lock.withLock { delivered } }

    var lastActivityInstant: ContinuousClock.Instant { lock.withLock { lastActivity } }
}

/// Runs `operation`, failing with ``IdleTimeoutExpired`` (and cancelling it, which cancels its
/// HTTP request) when `monitor` records no activity for `timeout`.
///
/// One watchdog task per attempt, not per read: it sleeps until the last activity plus
/// `timeout` and checks again.
func withIdleTimeout<T: Sendable>(
    _ timeout: Duration,
    monitor: AttemptMonitor,
    operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            while true {
                let deadline = monitor.lastActivityInstant + timeout
                try await Task.sleep(until: deadline, clock: .continuous)
                if monitor.lastActivityInstant + timeout <= ContinuousClock.now {
                    throw IdleTimeoutExpired()
                }
            }
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else {
            throw IdleTimeoutExpired()
        }
        return value
    }
}
