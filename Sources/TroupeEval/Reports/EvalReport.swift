import Foundation
import TroupeCore

/// The outcome of one cell.
public struct EvalCellResult: Sendable, Hashable, Codable {
    /// Passed, failed a check, or could not get an answer.
    public enum Status: String, Sendable, Hashable, Codable {
        case pass, fail, error
    }

    public var testIndex: Int
    public var providerIndex: Int
    public var promptIndex: Int
    public var repeatIndex: Int
    /// The provider's id (and label when it has one).
    public var provider: String
    public var providerLabel: String?
    /// The prompt's label.
    public var prompt: String
    /// The test's description, else its variables.
    public var test: String
    public var vars: [String: JSONValue]
    /// The key `--filter-failing` matches cells by.
    public var key: String
    /// The messages sent.
    public var messages: [ChatMessage]
    /// The answer (nil for an error cell).
    public var output: String?
    /// Why no answer came (the request's last error, a prompt that did not render).
    public var error: String?
    /// The answer came from the response cache.
    public var cached: Bool
    /// How long the answer took when it was made (a cached answer keeps its figure).
    public var latencyMilliseconds: Double?
    public var usage: Usage?
    /// What the answer cost when it was made, in US dollars (a cached answer keeps its
    /// figure; the local model costs 0); nil when the usage or the model's prices are unknown.
    public var cost: Double?
    /// The answer came through the Batch API (`--batch`), priced at the batch rate.
    public var batched: Bool?
    public var status: Status
    public var score: Double
    /// The first failed check's reason (or the error).
    public var reason: String?
    public var assertions: [AssertionResult]
    public var namedScores: [String: Double]

    public var passed: Bool { status == .pass }
}

/// A whole run: the suite's parts, every cell's result, and the totals.
public struct EvalReport: Sendable, Hashable, Codable {
    /// Totals over the cells.
    public struct Stats: Sendable, Hashable, Codable {
        public var cells: Int
        public var passed: Int
        public var failed: Int
        public var errors: Int
        public var cached: Int
        public var promptTokens: Int
        public var completionTokens: Int
        /// What this run spent, in US dollars: the answers not from the cache (grading and
        /// embedding requests not included); nil before troupe priced cells.
        public var cost: Double?
        /// Answers made by this run whose cost is unknown (a model without prices).
        public var costUnknown: Int?
    }

    public struct PromptEntry: Sendable, Hashable, Codable {
        public var id: String
        public var label: String
    }

    public struct ProviderEntry: Sendable, Hashable, Codable {
        public var id: String
        public var label: String?
    }

    public struct TestEntry: Sendable, Hashable, Codable {
        public var description: String?
        public var vars: [String: JSONValue]
    }

    /// The schema version of this JSON (1).
    public var version: Int
    public var description: String?
    public var suite: String
    public var startedAt: Date
    public var durationSeconds: Double
    public var repeatCount: Int
    public var prompts: [PromptEntry]
    public var providers: [ProviderEntry]
    public var tests: [TestEntry]
    public var results: [EvalCellResult]
    public var stats: Stats
    /// What went wrong beside the cells (the log could not be written); nil when nothing did.
    public var warnings: [String]?

    /// True when every cell passed (exit code 0; otherwise 100).
    public var allPassed: Bool { stats.failed == 0 && stats.errors == 0 }

    /// The keys of the cells that did not pass (for `--filter-failing`).
    public var failingKeys: Set<String> { Set(results.filter { !$0.passed }.map(\.key)) }

    init(suite: EvalSuite, options: EvalRunOptions, startedAt: Date, durationSeconds: Double, results: [EvalCellResult]) {
        version = 1
        description = suite.description
        self.suite = suite.file
        self.startedAt = startedAt
        self.durationSeconds = durationSeconds
        repeatCount = options.repeatCount
        prompts = suite.prompts.map { PromptEntry(id: $0.id, label: $0.label) }
        providers = suite.providers.map { ProviderEntry(id: $0.id, label: $0.label) }
        tests = suite.tests.map { TestEntry(description: $0.description, vars: $0.vars) }
        self.results = results
        stats = Stats(
            cells: results.count,
            passed: results.filter { $0.status == .pass }.count,
            failed: results.filter { $0.status == .fail }.count,
            errors: results.filter { $0.status == .error }.count,
            cached: results.filter(\.cached).count,
            promptTokens: results.reduce(0) { $0 + ($1.usage?.promptTokens ?? 0) },
            completionTokens: results.reduce(0) { $0 + ($1.usage?.completionTokens ?? 0) },
            cost: results.reduce(0) { $0 + ($1.cached || $1.output == nil ? 0 : $1.cost ?? 0) },
            costUnknown: results.filter { !$0.cached && $0.output != nil && $0.cost == nil }.count)
    }

    /// The report as JSON (the schema the README documents).
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(self)
    }

    /// Reads a report written by ``json()`` (for `--filter-failing`).
    public static func read(_ data: Data) throws -> EvalReport {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(EvalReport.self, from: data)
    }
}
