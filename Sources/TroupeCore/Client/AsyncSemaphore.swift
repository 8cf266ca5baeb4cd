/// A counting semaphore for async code: at most `limit` holders at once, waiters served in order.
/// Waiting is cancellable (a cancelled waiter throws `CancellationError` and takes no slot).
actor AsyncSemaphore {
    private var limit: Int
    private var held = 0
    private var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
    private var nextID: UInt64 = 0

    init(limit: Int) {
        precondition(limit > 0, "a semaphore needs at least one slot")
        self.limit = limit
    }

    /// Holders right now (for tests and status).
    var inUse: Int { held }

    /// Changes the limit; extra slots go to waiters at once, fewer slots apply as holders leave.
    func setLimit(_ newLimit: Int) {
        precondition(newLimit > 0, "a semaphore needs at least one slot")
        limit = newLimit
        resumeWaiters()
    }

    /// Waits for a slot.
    func acquire() async throws {
        try Task.checkCancellation()
        if held < limit, waiters.isEmpty {
            held += 1
            return
        }
        let id = nextID
        nextID += 1
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                waiters.append((id, continuation))
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    /// Gives a slot back.
    func release() {
        held -= 1
        resumeWaiters()
    }

    private func resumeWaiters() {
        while held < limit, !waiters.isEmpty {
            let waiter = waiters.removeFirst()
            held += 1
            waiter.continuation.resume()
        }
    }

    private func cancelWaiter(_ id: UInt64) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        let waiter = waiters.remove(at: index)
        waiter.continuation.resume(throwing: CancellationError())
    }
}
