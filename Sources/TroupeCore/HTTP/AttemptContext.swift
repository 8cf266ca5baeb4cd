import Synchronization

/// One attempt of a request as the reader of its answer sees it: whether part of the answer
/// already reached the caller (after which the attempt must not be silently retried), and the
/// answer assembled so far (kept when TIMEOUT cuts an answer that had begun).
final class AttemptContext: Sendable {
    private let state = Mutex(StreamAccumulator())
    private let delivered = Atomic<Bool>(false)

    /// Records that part of the answer reached the caller.
    func markDelivered() {
        delivered.store(true, ordering: .relaxed)
    }

    var hasDelivered: Bool { delivered.load(ordering: .relaxed) }

    /// Applies a streamed chunk to the answer so far; returns the text it adds to choice 0.
    func apply(_ chunk: ChatChunkWire) -> String? {
        state.withLock { $0.apply(chunk) }
    }

    /// Whether a choice finished (the stream may end without `[DONE]` after that).
    var sawFinish: Bool { state.withLock { $0.sawFinish } }

    /// The answer assembled so far.
    func completion() -> ChatCompletion {
        state.withLock { $0.completion() }
    }
}
