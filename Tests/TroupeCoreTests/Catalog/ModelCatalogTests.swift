import Foundation
import Testing
@testable import TroupeCore

@Suite("Model catalog: built-in table and name matching")
struct ModelCatalogTests {
    let catalog = ModelCatalog.builtIn

    @Test func builtInTableLoadsWithoutError() throws {
        let fresh = try ModelCatalog.loadBuiltIn()
        #expect(fresh.entries.count >= 29)
        #expect(fresh.families.count >= 15)
    }

    @Test(arguments: [
        "gpt-5", "gpt-5-mini", "gpt-5-nano", "gpt-5.1", "gpt-5-chat-latest", "gpt-4.1", "gpt-4.1-mini",
        "gpt-4.1-nano", "gpt-4o", "gpt-4o-mini", "chatgpt-4o-latest", "o1", "o1-mini", "o1-pro", "o3",
        "o3-mini", "o3-pro", "o4-mini", "gpt-4-turbo", "gpt-4", "gpt-4-32k", "gpt-3.5-turbo",
        "text-embedding-3-small", "text-embedding-3-large", "text-embedding-ada-002",
    ])
    func everyModelOfTheBriefHasAnEntry(name: String) throws {
        let facts = try #require(catalog.facts(for: name))
        #expect(facts.name == name)
        #expect(facts.contextWindow != nil)
        #expect(facts.pricing.input != nil)
        #expect(facts.checked == "2026-12-01")
        if name != "gpt-4-32k" { #expect(!facts.sources.isEmpty) }
        #expect(facts.sources.allSatisfy { $0.hasPrefix("https://") })
    }

    @Test func exactDatedFineTunedAndPrefixedNames() {
        #expect(catalog.facts(for: "gpt-4o")?.name == "gpt-4o")
        #expect(catalog.facts(for: "GPT-4o")?.name == "gpt-4o")
        #expect(catalog.facts(for: "gpt-4o-2024-08-06")?.name == "gpt-4o")
        #expect(catalog.facts(for: "gpt-4.1-mini-2025-04-14")?.name == "gpt-4.1-mini")
        #expect(catalog.facts(for: "gpt-3.5-turbo-0125")?.name == "gpt-3.5-turbo")
        #expect(catalog.facts(for: "gpt-4-0613")?.name == "gpt-4")
        #expect(catalog.facts(for: "o3-mini-2025-01-31")?.name == "o3-mini")
        #expect(catalog.facts(for: "ft:gpt-4o-mini-2024-07-18:acme::9xYz")?.name == "gpt-4o-mini")
        #expect(catalog.facts(for: "ft:gpt-4o-mini")?.name == "gpt-4o-mini")
        #expect(catalog.facts(for: "openai/gpt-4.1")?.name == "gpt-4.1")
        #expect(catalog.facts(for: "openai/gpt-4o-2024-11-20")?.name == "gpt-4o")
        // Aliases in the table itself.
        #expect(catalog.facts(for: "gpt-35-turbo")?.baseModel == "gpt-3.5-turbo")
        #expect(catalog.facts(for: "gpt-4-1106-preview")?.contextWindow == 128_000)
    }

    @Test(arguments: ["llama3", "qwen2.5-7b", "claude-3-opus", "gpt-4o-2024-08", "gpt-4o-x", "o10", "", "gpt-5o"])
    func unknownNamesHaveNoFacts(name: String) {
        #expect(catalog.facts(for: name) == nil)
    }

    @Test func pricesAreExactDecimals() throws {
        let mini = try #require(catalog.facts(for: "gpt-4o-mini"))
        #expect(mini.pricing.input == Decimal(string: "0.15"))
        #expect(mini.pricing.cachedInput == Decimal(string: "0.075"))
        #expect(mini.pricing.output == Decimal(string: "0.6"))
        #expect(catalog.facts(for: "o4-mini")?.pricing.cachedInput == Decimal(string: "0.275"))
        #expect(catalog.facts(for: "gpt-5-nano")?.pricing.cachedInput == Decimal(string: "0.005"))
        #expect(catalog.facts(for: "gpt-5")?.pricing.batchInput == Decimal(string: "0.625"))
        #expect(catalog.facts(for: "text-embedding-3-small")?.pricing.output == nil)
    }

    @Test func confirmationIsRecordedPerFigure() throws {
        let gpt4o = try #require(catalog.facts(for: "gpt-4o"))
        #expect(gpt4o.unconfirmed.isEmpty)
        #expect(gpt4o.isConfirmed(.input))
        let old = try #require(catalog.facts(for: "gpt-4-32k"))
        #expect(old.unconfirmed.isSuperset(of: [.context, .input, .output]))
        let nano = try #require(catalog.facts(for: "gpt-4.1-nano"))
        #expect(!nano.isConfirmed(.cachedInput))
        #expect(nano.isConfirmed(.input))
        // An alias keeps its base's doubts.
        #expect(catalog.facts(for: "gpt-35-turbo")?.unconfirmed == catalog.facts(for: "gpt-3.5-turbo")?.unconfirmed)
    }

    @Test func capabilities() {
        #expect(catalog.isReasoningModel("o3"))
        #expect(catalog.acceptsReasoningEffort("o3"))
        #expect(catalog.isReasoningModel("o1-mini"))
        #expect(!catalog.acceptsReasoningEffort("o1-mini"))
        #expect(!catalog.isReasoningModel("gpt-4.1"))
        #expect(catalog.facts(for: "gpt-4o")?.capabilities.vision == true)
        #expect(catalog.facts(for: "o3-mini")?.capabilities.vision == false)
        #expect(catalog.facts(for: "gpt-4o")?.capabilities.jsonSchema == true)
        #expect(catalog.facts(for: "gpt-4-turbo")?.capabilities.jsonSchema == false)
        #expect(catalog.facts(for: "text-embedding-3-large")?.capabilities.embedding == true)
        #expect(!catalog.knownModels.contains("text-embedding-3-large"))
        #expect(catalog.knownModels.contains("gpt-4.1-mini"))
    }

    @Test func clampedMaxTokens() {
        #expect(catalog.clampedMaxTokens(requested: 100_000, model: "gpt-4o") == 16_384)
        #expect(catalog.clampedMaxTokens(requested: 1_000, model: "gpt-4o-2024-08-06") == 1_000)
        #expect(catalog.clampedMaxTokens(requested: 50_000, model: "my-local-model") == 50_000)
        #expect(catalog.clampedMaxTokens(requested: nil, model: "gpt-4o") == nil)
        #expect(catalog.clampedMaxTokens(requested: 200_000, model: "o3") == 100_000)
    }

    @Test func parsingTheBuiltInTableIsFast() throws {
        // Debug builds are several times slower than release; LogBench measures release.
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            let fresh = try ModelCatalog.loadBuiltIn()
            #expect(fresh.facts(for: "gpt-4o-2024-08-06") != nil)
        }
        #expect(elapsed < .milliseconds(250), "parse + first lookup took \(elapsed)")
    }
}

@Suite("Model catalog: the answers of ModelFamily and ContextWindow")
struct LegacyPinTests {
    let catalog = ModelCatalog.builtIn

    static let names = [
        "gpt-5", "gpt-5-mini", "gpt-5-nano", "gpt-5.1", "gpt-5-2025-08-07", "gpt-5-mini-2025-08-07", "gpt-5-codex",
        "gpt-5.1-codex", "gpt-5-pro", "gpt-5.2", "gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano", "gpt-4.1-2025-04-14",
        "gpt-4.1-mini-2025-04-14", "gpt-4.5-preview", "gpt-4o", "gpt-4o-mini", "gpt-4o-2024-08-06", "gpt-4o-2024-05-13",
        "gpt-4o-mini-2024-07-18", "gpt-4o-audio-preview", "chatgpt-4o-latest", "gpt-4-turbo", "gpt-4-turbo-2024-04-09",
        "gpt-4-turbo-preview", "gpt-4-1106-preview", "gpt-4-0125-preview", "gpt-4", "gpt-4-0613", "gpt-4-0314",
        "gpt-4-32k", "gpt-4-32k-0613", "gpt-3.5-turbo", "gpt-3.5-turbo-0125", "gpt-3.5-turbo-1106", "gpt-3.5-turbo-16k",
        "gpt-35-turbo", "gpt-35-turbo-16k", "o1", "o1-2024-12-17", "o1-mini", "o1-preview", "o1-pro", "o3",
        "o3-2025-04-16", "o3-mini", "o3-mini-2025-01-31", "o3-pro", "o3-deep-research", "o4-mini", "o4-mini-2025-04-16",
        "o4-mini-deep-research", "o4", "GPT-4O", "O3-MINI", "openai/o3", "openai/gpt-5", "ft:o4-mini-2025-04-16:org::abc",
        "ft:gpt-4o-mini-2024-07-18:org::abc", "llama3", "qwen2.5", "claude-3-opus", "o10", "gpt-50", "turbo-o1x",
        "text-embedding-3-small", "mistral-7b-instruct",
    ]

    /// Where the catalog deliberately answers differently, and why.
    static let contextCorrections: [String: Int?] = [
        "o10": nil,  // the old table matched raw prefixes ("o1" in "o10"); families match whole segments
        "gpt-50": nil,
        "gpt-5-chat-latest": 128_000,  // the ChatGPT snapshot has a 128k window, not gpt-5's 400k
        "o1-mini-2024-09-12": 128_000,  // old code: exact "o1-mini" only, so the snapshot fell to o1's 200k
        "o1-preview-2024-09-12": 128_000,  // the same for o1-preview
    ]
    static let reasoningCorrections: [String: Bool] = [
        "gpt-5-chat-latest": false  // takes sampling parameters, no reasoning_effort
    ]

    @Test(arguments: names)
    func contextWindowMatchesTheOldTable(name: String) {
        if let corrected = Self.contextCorrections[name] {
            #expect(catalog.contextWindow(for: name) == corrected)
            return
        }
        guard let old = LegacyContextWindow.tokens(for: name) else {
            // Names the old table did not cover: the catalog may know more (embeddings,
            // prefixed names), but must not invent sizes for unrelated models.
            if ["llama3", "qwen2.5", "claude-3-opus", "mistral-7b-instruct"].contains(name) {
                #expect(catalog.contextWindow(for: name) == nil)
            }
            return
        }
        #expect(catalog.contextWindow(for: name) == old, "\(name)")
    }

    @Test(arguments: names)
    func reasoningMatchesTheOldRule(name: String) {
        #expect(catalog.isReasoningModel(name) == LegacyModelFamily.isReasoningModel(name), "\(name)")
    }

    @Test func deliberateCorrections() {
        for (name, size) in Self.contextCorrections {
            #expect(LegacyContextWindow.tokens(for: name) != size)
            #expect(catalog.contextWindow(for: name) == size, "\(name)")
        }
        for (name, reasoning) in Self.reasoningCorrections {
            #expect(LegacyModelFamily.isReasoningModel(name) != reasoning)
            #expect(catalog.isReasoningModel(name) == reasoning, "\(name)")
        }
    }

    @Test func familyRuleCoversReasoningModelsNotInTheTable() {
        #expect(catalog.facts(for: "o3-deep-research") == nil)
        #expect(catalog.isReasoningModel("o3-deep-research"))
        #expect(catalog.isReasoningModel("gpt-5.2-2025-12-11"))
        #expect(!catalog.isReasoningModel("o5-mini"))  // no o5 family is known
        #expect(!catalog.isReasoningModel("gpt-4.5-preview"))
    }
}
