import TroupeCore

/// How a suite is run.
public struct EvalRunOptions: Sendable {
    /// `--repeat N`: independent samples per cell (the cache keeps them apart as samples 0…N−1).
    public var repeatCount: Int
    /// Whether answers come from (and go to) the response cache (`--no-cache` turns it off).
    public var useCache: Bool
    /// `-j N`: MAX_CONCURRENT_MODEL_CALLS for this run (nil: the configuration's).
    public var concurrency: Int?
    /// `--base-url`: every OpenAI provider, the grader and the embeddings go to this server.
    public var baseURL: String?
    /// `--filter-failing`: only the cells with these keys run (nil: all of them).
    public var onlyCells: Set<String>?
    /// `--batch`: the cells of OpenAI and Azure providers go through the Batch API, one batch
    /// per provider; local providers run one by one as usual.
    public var batch: Bool
    /// The first wait between looks at a batch; each later wait doubles, up to a minute.
    public var batchPollInterval: Duration

    public init(
        repeatCount: Int = 1, useCache: Bool = true, concurrency: Int? = nil, baseURL: String? = nil,
        onlyCells: Set<String>? = nil, batch: Bool = false, batchPollInterval: Duration = .seconds(5)
    ) {
        self.repeatCount = repeatCount
        self.useCache = useCache
        self.concurrency = concurrency
        self.baseURL = baseURL
        self.onlyCells = onlyCells
        self.batch = batch
        self.batchPollInterval = batchPollInterval
    }
}

/// Where a run is: cells done of all, how many failed so far, and the batches waited on.
public struct EvalProgress: Sendable, Hashable {
    public var done: Int
    public var total: Int
    public var failed: Int
    public var errors: Int
    /// The batches of a `--batch` run, in provider order (empty otherwise).
    public var batches: [EvalBatchProgress] = []

    public init(done: Int, total: Int, failed: Int, errors: Int, batches: [EvalBatchProgress] = []) {
        self.done = done
        self.total = total
        self.failed = failed
        self.errors = errors
        self.batches = batches
    }
}

/// One batch of a `--batch` run, as the server last described it.
public struct EvalBatchProgress: Sendable, Hashable {
    /// The provider's label, else its id.
    public var provider: String
    /// The batch's id once it is created.
    public var batchID: String?
    /// `uploading`, then the server's status: `validating`, `in_progress`, `finalizing`,
    /// `completed`, `failed`, ...
    public var status: String
    /// Requests the server has answered, of its total.
    public var completed: Int
    public var total: Int
}

/// One cell to run: a test (after expansion), a provider, a prompt and a sample.
public struct EvalCell: Sendable, Hashable {
    public var testIndex: Int
    public var providerIndex: Int
    public var promptIndex: Int
    public var repeatIndex: Int

    /// A key that names the cell across runs of the same suite (for `--filter-failing`): the
    /// provider id, the prompt label, the test's name and variables, and the sample.
    public static func key(provider: EvalProvider, prompt: EvalPrompt, test: EvalTest, repeatIndex: Int) -> String {
        let vars = JSONValue.object(test.vars).compactJSON
        return [provider.id, prompt.label, test.description ?? "", vars, String(repeatIndex)].joined(separator: "\u{1F}")
    }
}
