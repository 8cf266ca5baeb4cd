/// The context window (input plus output tokens) of known chat models, for `/tokens`.
/// Exact names first, then the longest matching prefix (dated snapshots such as
/// `gpt-4o-2024-08-06` take their family's size).
public enum ContextWindow {
    private static let exact: [String: Int] = [
        "gpt-4": 8_192,
        "gpt-4-32k": 32_768,
        "gpt-4-0613": 8_192,
        "gpt-3.5-turbo": 16_385,
        "gpt-35-turbo": 16_385,
        "o1-mini": 128_000,
        "o1-preview": 128_000,
    ]

    private static let prefixes: [(String, Int)] = [
        ("gpt-5", 400_000),
        ("gpt-4.1", 1_047_576),
        ("gpt-4.5", 128_000),
        ("gpt-4o", 128_000),
        ("chatgpt-4o", 128_000),
        ("gpt-4-turbo", 128_000),
        ("gpt-4-1106", 128_000),
        ("gpt-4-0125", 128_000),
        ("gpt-4-32k", 32_768),
        ("gpt-4", 8_192),
        ("gpt-3.5-turbo", 16_385),
        ("gpt-35-turbo", 16_385),
        ("o4-mini", 200_000),
        ("o3", 200_000),
        ("o1", 200_000),
    ]

    /// The model's context window in tokens, or nil for a model not in the table.
    public static func tokens(for model: String) -> Int? {
        let name = model.lowercased()
        if let size = exact[name] { return size }
        let matches = prefixes.filter { name.hasPrefix($0.0) }
        return matches.max(by: { $0.0.count < $1.0.count })?.1
    }

    /// Model names offered by Tab after `/model`.
    public static let knownModels: [String] = [
        "gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano",
        "gpt-5", "gpt-5-mini", "gpt-5-nano", "o1", "o3", "o3-mini", "o4-mini",
        "gpt-4-turbo", "gpt-4", "gpt-3.5-turbo",
    ]
}
