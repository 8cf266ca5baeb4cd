import Foundation

/// The one table of model facts: context windows, output limits, prices and capabilities.
///
/// ``builtIn`` holds troupe's table (`Resources/models.yaml`, embedded in the binary and parsed
/// once, on first use). ``loading(userFile:)`` adds a user's `models.yaml` on top: new entries
/// (local GGUF files, Azure deployments aliasing a known model) and field-level overrides.
///
/// Names match case-insensitively: exactly; as a dated snapshot of a known name
/// (`gpt-4o-2024-08-06` → `gpt-4o`, `gpt-3.5-turbo-0125` → `gpt-3.5-turbo`: the name followed
/// by `-YYYY-MM-DD` or `-MMDD`); after a provider prefix (`openai/gpt-4o`) and as a fine-tune
/// (`ft:gpt-4o-mini-2024-07-18:org::id`). Other names have no facts (``facts(for:)`` is nil),
/// but ``isReasoningModel(_:)`` and ``contextWindow(for:)`` still answer for them from the
/// family rules (`o5-…` is not one: the o1/o3/o4 and gpt-5 families are).
public struct ModelCatalog: Sendable {
    /// A fallback rule for names that match no entry: the longest matching prefix wins.
    public struct FamilyRule: Sendable, Hashable {
        public var prefix: String
        public var contextWindow: Int?
        public var reasoning: Bool?

        /// A rule for names starting with `prefix`.
        public init(prefix: String, contextWindow: Int? = nil, reasoning: Bool? = nil) {
            self.prefix = prefix
            self.contextWindow = contextWindow
            self.reasoning = reasoning
        }

        /// `name` is the prefix itself or continues it with `-` or `.` (so `o1` covers `o1-pro`
        /// but not `o10`, and `gpt-4` covers `gpt-4-0613` but not `gpt-4o`).
        func matches(_ name: String) -> Bool {
            guard name.hasPrefix(prefix) else { return false }
            let rest = name.dropFirst(prefix.count)
            return rest.isEmpty || rest.hasPrefix("-") || rest.hasPrefix(".")
        }
    }

    /// Entries by lowercased name.
    public internal(set) var entries: [String: ModelFacts]
    public internal(set) var families: [FamilyRule]

    /// A catalog of exactly these entries and rules (tests; troupe uses ``builtIn`` and ``loading(userFile:)``).
    public init(entries: [String: ModelFacts] = [:], families: [FamilyRule] = []) {
        self.entries = entries
        self.families = families
    }

    /// troupe's built-in table, parsed on first use. Empty only if the embedded file is broken,
    /// which the test suite rules out (see ``loadBuiltIn()``).
    public static let builtIn: ModelCatalog = (try? loadBuiltIn()) ?? ModelCatalog()

    // MARK: - Lookups

    /// The facts for `model`, or nil for a model the table does not list.
    public func facts(for model: String) -> ModelFacts? {
        for candidate in Self.candidates(for: model) {
            if let facts = entries[candidate] { return facts }
            if let undated = Self.removingDateSuffix(candidate), let facts = entries[undated] { return facts }
        }
        return nil
    }

    /// Whether `model` is a reasoning model (takes `max_completion_tokens` and
    /// `reasoning_effort`, rejects sampling parameters): from its entry, else its family.
    public func isReasoningModel(_ model: String) -> Bool {
        if let reasoning = facts(for: model)?.capabilities.reasoning { return reasoning }
        return family(for: model, where: { $0.reasoning != nil })?.reasoning ?? false
    }

    /// Whether `model` accepts `reasoning_effort`.
    public func acceptsReasoningEffort(_ model: String) -> Bool {
        if let facts = facts(for: model), let reasoning = facts.capabilities.reasoning {
            return facts.capabilities.reasoningEffort ?? reasoning
        }
        return isReasoningModel(model)
    }

    /// The context window of `model` in tokens: from its entry, else its family; nil if unknown.
    public func contextWindow(for model: String) -> Int? {
        if let size = facts(for: model)?.contextWindow { return size }
        return family(for: model, where: { $0.contextWindow != nil })?.contextWindow
    }

    /// `requested` lowered to the model's maximum output tokens where that is known.
    /// - Returns: nil when `requested` is nil (no limit is sent).
    public func clampedMaxTokens(requested: Int?, model: String) -> Int? {
        guard let requested else { return nil }
        guard let limit = facts(for: model)?.maxOutputTokens else { return requested }
        return min(requested, limit)
    }

    /// Chat model names for completion (entries that are not embeddings), sorted.
    public var knownModels: [String] {
        entries.values.filter { $0.capabilities.embedding != true }.map(\.name).sorted()
    }

    // MARK: - Name matching

    /// The names to try for `model`, most specific first: as given, without a provider
    /// prefix, and without a fine-tune wrapper.
    static func candidates(for model: String) -> [String] {
        let name = model.trimmingCharacters(in: .whitespaces).lowercased()
        var result = [name]
        var bare = Substring(name)
        if let slash = bare.lastIndex(of: "/") { bare = bare[bare.index(after: slash)...] }
        if bare.hasPrefix("ft:") {
            bare = bare.dropFirst(3)
            // ft:BASE:ORG:NAME:ID → BASE
            if let colon = bare.firstIndex(of: ":") { bare = bare[..<colon] }
        }
        if bare != name { result.append(String(bare)) }
        return result
    }

    /// `name` without a `-YYYY-MM-DD` or `-MMDD` snapshot suffix, or nil if it has none.
    static func removingDateSuffix(_ name: String) -> String? {
        let bytes = Array(name.utf8)
        func digits(_ range: Range<Int>) -> Bool {
            range.allSatisfy { bytes[$0] >= UInt8(ascii: "0") && bytes[$0] <= UInt8(ascii: "9") }
        }
        let dash = UInt8(ascii: "-")
        let n = bytes.count
        if n > 11, bytes[n - 11] == dash, bytes[n - 6] == dash, bytes[n - 3] == dash,
            digits(n - 10..<n - 6), digits(n - 5..<n - 3), digits(n - 2..<n)
        {
            return String(decoding: bytes[..<(n - 11)], as: UTF8.self)
        }
        if n > 5, bytes[n - 5] == dash, digits(n - 4..<n) {
            return String(decoding: bytes[..<(n - 5)], as: UTF8.self)
        }
        return nil
    }

    private func family(for model: String, where usable: (FamilyRule) -> Bool) -> FamilyRule? {
        for candidate in Self.candidates(for: model) {
            let match = families.filter { usable($0) && $0.matches(candidate) }
                .max { $0.prefix.count < $1.prefix.count }
            if let match { return match }
        }
        return nil
    }
}
