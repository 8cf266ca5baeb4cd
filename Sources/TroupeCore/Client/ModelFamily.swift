/// What the client needs to know about model names.
public enum ModelFamily {
    /// Whether `model` is a reasoning model (o1, o3, o4, gpt-5 families): those take
    /// `max_completion_tokens` and `reasoning_effort` and reject the sampling parameters.
    ///
    /// Matches whole name segments, case-insensitively, after a provider prefix (`openai/`) and
    /// a fine-tune prefix (`ft:`): `o1`, `o1-mini`, `o3-pro`, `o4-mini-2025-04-16`, `gpt-5`,
    /// `gpt-5-mini`, `gpt-5.1`; not `gpt-4o`, `o10`, `gpt-50` or `turbo-o1x`.
    public static func isReasoningModel(_ model: String) -> Bool {
        var name = Substring(model.lowercased())
        if let slash = name.lastIndex(of: "/") { name = name[name.index(after: slash)...] }
        if name.hasPrefix("ft:") { name = name.dropFirst(3) }
        for family in ["o1", "o3", "o4"] where name == family || name.hasPrefix(family + "-") {
            return true
        }
        return name == "gpt-5" || name.hasPrefix("gpt-5-") || name.hasPrefix("gpt-5.")
    }
}
