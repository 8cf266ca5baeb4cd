/// A tiktoken-compatible byte-pair encoding (`cl100k_base` or `o200k_base`).
///
/// Values are cheap to copy and `Sendable`. The vocabulary is loaded on first use (a few
/// milliseconds, once per process) and shared by every copy.
///
/// ```swift
/// let ids = Encoding.o200kBase.encode("hello world")   // [24912, 2375]
/// let n = Encoding.cl100kBase.count("hello world")     // 2
/// ```
public struct Encoding: Sendable, Hashable, CustomStringConvertible {
    enum Kind: Sendable, Hashable {
        case cl100k, o200k
    }

    let kind: Kind

    /// The encoding of GPT-4 and GPT-3.5-turbo and the text-embedding-3 models.
    public static let cl100kBase = Encoding(kind: .cl100k)
    /// The encoding of GPT-4o, GPT-4.1, GPT-5 and the o-series reasoning models.
    public static let o200kBase = Encoding(kind: .o200k)
    /// Every encoding this library provides.
    public static let all: [Encoding] = [.cl100kBase, .o200kBase]

    /// The tiktoken name, such as `cl100k_base`.
    public var name: String {
        switch kind {
        case .cl100k: "cl100k_base"
        case .o200k: "o200k_base"
        }
    }

    public var description: String { name }

    /// The encoding with the given tiktoken name.
    /// - Throws: `TokenizerError.unknownEncoding` for any other name.
    public static func named(_ name: String) throws(TokenizerError) -> Encoding {
        guard let encoding = all.first(where: { $0.name == name }) else { throw .unknownEncoding(name) }
        return encoding
    }

    /// Special tokens and their ids, as tiktoken defines them for this encoding.
    public var specialTokens: [String: Int] {
        switch kind {
        case .cl100k:
            ["<|endoftext|>": 100257, "<|fim_prefix|>": 100258, "<|fim_middle|>": 100259,
             "<|fim_suffix|>": 100260, "<|endofprompt|>": 100276]
        case .o200k:
            ["<|endoftext|>": 199999, "<|endofprompt|>": 200018]
        }
    }

    /// Number of ordinary tokens (ids `0..<ordinaryTokenCount` are byte sequences).
    public var ordinaryTokenCount: Int { vocabulary.count }

    /// Loads the vocabulary now instead of on first use.
    /// - Returns: how long loading took (zero if it was already loaded).
    /// - Throws: `TokenizerError.vocabularyUnavailable` if the package resource is missing or damaged.
    @discardableResult
    public func preload() throws(TokenizerError) -> Duration {
        try loadedVocabulary().get().loadDuration
    }

    func loadedVocabulary() -> Result<Vocabulary, TokenizerError> {
        switch kind {
        case .cl100k: Self.cl100kVocabulary
        case .o200k: Self.o200kVocabulary
        }
    }

    // Global `let`s are initialised lazily and exactly once, even under concurrency.
    private static let cl100kVocabulary = Result { () throws(TokenizerError) in try Vocabulary(resource: "cl100k_base") }
    private static let o200kVocabulary = Result { () throws(TokenizerError) in try Vocabulary(resource: "o200k_base") }

    /// The vocabulary; a missing resource is a packaging error (see `preload()` to handle it).
    var vocabulary: Vocabulary {
        switch loadedVocabulary() {
        case .success(let vocabulary): return vocabulary
        case .failure(let error): fatalError(error.description)
        }
    }
}
