import Foundation
import Testing
@testable import TroupeCore

@Suite("Built-in config.ini")
struct DefaultConfigTests {
    /// The repository root, found from this file's path.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func compiledTextEqualsTheRepositoryFileByteForByte() throws {
        let file = Self.repositoryRoot.appendingPathComponent("config.ini")
        let bytes = try Data(contentsOf: file)
        #expect(bytes == Data(DefaultConfigFile.text.utf8), "Sources/TroupeCore/Config/DefaultConfigFile.swift must hold config.ini verbatim")
    }

    @Test func everyShippedKeyIsSetAndValid() throws {
        let document = try INIDocument.parse(DefaultConfigFile.text, file: "config.ini")
        let section = try #require(document.section(named: "OpenAI"))
        let shipped = [
            "API_TYPE", "AZURE_API_VERSION", "MODEL", "REASONING_MODEL", "EMBEDDING_MODEL", "MAX_TOKENS",
            "MAX_COMPLETION_TOKENS", "TEMPERATURE", "TOP_P", "FREQ_PENALTY", "PRESENCE_PENALTY", "TIMEOUT",
            "MAX_ATTEMPTS", "WAITING_TIME", "EXPONENTIAL_BACKOFF_FACTOR", "REASONING_EFFORT", "CACHE_API_CALLS",
            "CACHE_FILE_NAME", "MAX_CONCURRENT_MODEL_CALLS", "BASE_URL", "TEMPLATES_DIR",
        ]
        #expect(section.entries.map { $0.key } == section.entries.map { $0.key.uppercased() })
        #expect(Set(section.entries.map(\.key)) == Set(shipped))
        var applied = TroupeConfig()
        try applied.apply(document, source: .builtIn)
        #expect(applied.sources.count == shipped.count)
        applied.sources = [:]
        #expect(applied == TroupeConfig())
    }

    @Test func defaultsMatchTinyTroupeWhereTheIssueSaysSo() {
        let config = TroupeConfig()
        #expect(config.apiType == "openai")
        #expect(config.azureAPIVersion == "2024-12-01-preview")
        #expect(config.embeddingModel == "text-embedding-3-small")
        #expect(config.maxAttempts == 5)
        #expect(config.cacheAPICalls == false)
        #expect(config.waitingTime == 1)
        #expect(config.exponentialBackoffFactor == 5)
        #expect(config.reasoningEffort == "high")
        #expect(config.maxConcurrentModelCalls == 4)
        #expect(config.baseURL == nil)
        #expect(config.templatesDirectories.isEmpty)
        #expect(config.source(of: "MODEL") == .builtIn)
    }
}
