extension Encoding {
    /// The encoding a model uses, as tiktoken maps it (exact names first, then prefixes such as
    /// dated variants `gpt-4o-2024-08-06` or Azure's `gpt-35-turbo-16k`).
    ///
    /// Unknown models, and the legacy models whose encodings this library does not ship, get
    /// `o200k_base` with a note explaining the fallback; this never fails.
    /// - Returns: the encoding, and a note when it is a fallback.
    public static func forModel(_ model: String) -> (encoding: Encoding, note: String?) {
        let name = model.trimmingPrefix("azure/").lowercased()
        if let encoding = exactModels[name] { return (encoding, nil) }
        for (prefix, encoding) in modelPrefixes where name.hasPrefix(prefix) { return (encoding, nil) }
        return (.o200kBase, "model '\(model)' has no known encoding here; counting with o200k_base")
    }

    private static let exactModels: [String: Encoding] = [
        "o1": .o200kBase, "o3": .o200kBase, "o4-mini": .o200kBase, "o4": .o200kBase,
        "gpt-5": .o200kBase, "gpt-4.1": .o200kBase, "gpt-4.5": .o200kBase, "gpt-4o": .o200kBase,
        "chatgpt-4o-latest": .o200kBase,
        "gpt-4": .cl100kBase, "gpt-3.5-turbo": .cl100kBase, "gpt-3.5": .cl100kBase, "gpt-35-turbo": .cl100kBase,
        "davinci-002": .cl100kBase, "babbage-002": .cl100kBase,
        "text-embedding-ada-002": .cl100kBase, "text-embedding-3-small": .cl100kBase,
        "text-embedding-3-large": .cl100kBase,
    ]

    /// Checked in order, as tiktoken's MODEL_PREFIX_TO_ENCODING.
    private static let modelPrefixes: [(String, Encoding)] = [
        ("o1-", .o200kBase), ("o3-", .o200kBase), ("o4-mini-", .o200kBase), ("o4-", .o200kBase),
        ("gpt-5", .o200kBase), ("gpt-4.5-", .o200kBase), ("gpt-4.1-", .o200kBase),
        ("chatgpt-4o-", .o200kBase), ("gpt-4o-", .o200kBase),
        ("gpt-4-", .cl100kBase), ("gpt-3.5-turbo-", .cl100kBase), ("gpt-35-turbo-", .cl100kBase),
        ("ft:gpt-4o", .o200kBase), ("ft:gpt-4", .cl100kBase), ("ft:gpt-3.5-turbo", .cl100kBase),
        ("ft:davinci-002", .cl100kBase), ("ft:babbage-002", .cl100kBase),
        ("text-embedding-3-", .cl100kBase),
    ]
}
