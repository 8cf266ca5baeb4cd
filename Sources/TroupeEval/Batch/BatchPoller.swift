/// What to do after each look at a batch: wait and look again, download the results, or give
/// up. No I/O: the batch client feeds it what the server said.
public struct BatchPoller: Sendable, Hashable {
    /// What the server said about a batch.
    public struct Reply: Sendable, Hashable {
        public var status: String
        public var outputFile: String?
        public var errorFile: String?
        public var completed: Int
        public var total: Int
        /// The batch's own errors (a batch that failed validation), joined.
        public var errors: String?

        public init(status: String, outputFile: String? = nil, errorFile: String? = nil, completed: Int = 0, total: Int = 0, errors: String? = nil) {
            self.status = status
            self.outputFile = outputFile
            self.errorFile = errorFile
            self.completed = completed
            self.total = total
            self.errors = errors
        }
    }

    public enum Action: Sendable, Hashable {
        /// Look again after this long.
        case wait(Duration)
        /// Done: fetch these files (the results, the per-request errors).
        case download(output: String?, errors: String?)
        /// The batch ended without results.
        case fail(String)
    }

    /// The first wait; each later one is twice as long, up to ``maximumInterval``.
    public var interval: Duration
    public var maximumInterval: Duration
    /// Looks so far.
    public private(set) var polls = 0

    public init(interval: Duration, maximumInterval: Duration = .seconds(60)) {
        self.interval = interval
        self.maximumInterval = max(interval, maximumInterval)
    }

    public mutating func receive(_ reply: Reply) -> Action {
        polls += 1
        switch reply.status {
        case "completed":
            guard reply.outputFile != nil || reply.errorFile != nil else { return .fail("the batch completed without an output file") }
            return .download(output: reply.outputFile, errors: reply.errorFile)
        case "failed", "expired", "cancelled", "cancelling":
            return .fail("the batch \(reply.status)" + (reply.errors.map { ": \($0)" } ?? ""))
        default:
            // validating, in_progress, finalizing, or a status this troupe does not know yet.
            let wait = interval
            interval = min(interval * 2, maximumInterval)
            return .wait(wait)
        }
    }
}
