// Copies of the rules the catalog replaces, kept only as test oracles:
// /work/main/Sources/TroupeCore/Client/ModelFamily.swift (ModelFamily.isReasoningModel) and
// /work/main/Sources/TroupeShell/Engine/ContextWindow.swift (ContextWindow.tokens(for:)).
enum LegacyModelFamily {
    static func isReasoningModel(_ model: String) -> Bool {
        var name = Substring(model.lowercased())
        if let slash = name.lastIndex(of: "/") { name = name[name.index(after: slash)...] }
        if name.hasPrefix("ft:") { name = name.dropFirst(3) }
        for family in ["o1", "o3", "o4"] where name == family || name.hasPrefix(family + "-") {
            return true
        }
        return name == "gpt-5" || name.hasPrefix("gpt-5-") || name.hasPrefix("gpt-5.")
    }
}

enum LegacyContextWindow {
    private static let exact: [String: Int] = [
        "gpt-4": 8_192, "gpt-4-32k": 32_768, "gpt-4-0613": 8_192, "gpt-3.5-turbo": 16_385,
        "gpt-35-turbo": 16_385, "o1-mini": 128_000, "o1-preview": 128_000,
    ]
    private static let prefixes: [(String, Int)] = [
        ("gpt-5", 400_000), ("gpt-4.1", 1_047_576), ("gpt-4.5", 128_000), ("gpt-4o", 128_000),
        ("chatgpt-4o", 128_000), ("gpt-4-turbo", 128_000), ("gpt-4-1106", 128_000), ("gpt-4-0125", 128_000),
        ("gpt-4-32k", 32_768), ("gpt-4", 8_192), ("gpt-3.5-turbo", 16_385), ("gpt-35-turbo", 16_385),
        ("o4-mini", 200_000), ("o3", 200_000), ("o1", 200_000),
    ]
    static func tokens(for model: String) -> Int? {
        let name = model.lowercased()
        if let size = exact[name] { return size }
        let matches = prefixes.filter { name.hasPrefix($0.0) }
        return matches.max(by: { $0.0.count < $1.0.count })?.1
    }
}
