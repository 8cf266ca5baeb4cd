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

    public init(
        repeatCount: Int = 1, useCache: Bool = true, concurrency: Int? = nil, baseURL: String? = nil,
        onlyCells: Set<String>? = nil
    ) {
        self.repeatCount = repeatCount
        self.useCache = useCache
        self.concurrency = concurrency
        self.baseURL = baseURL
        self.onlyCells = onlyCells
    }
}

/// Where a run is: cells done of all, and how many failed so far.
public struct EvalProgress: Sendable, Hashable {
    public var done: Int
    public var total: Int
    public var failed: Int
    public var errors: Int
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
