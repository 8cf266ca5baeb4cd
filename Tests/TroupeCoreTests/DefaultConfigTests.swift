import Foundation
import Testing
@testable import TroupeCore

@Suite("Built-in config.ini")
struct DefaultConfigTests {
    /// The repository root, found from this file's path.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The build compiles the repository's config.ini in (a SwiftPM resource): no copy to keep in step.
    @Test func compiledTextIsTheRepositoryFile() throws {
        let file = Self.repositoryRoot.appendingPathComponent("Sources/TroupeCore/Resources/config.ini")
        let bytes = try Data(contentsOf: file)
        #expect(bytes == Data(TroupeConfig.defaultFileText.utf8))
    }

    /// Every key of the shipped file is a setting whose described default is the file's value,
    /// so the descriptions and the file cannot drift apart.
    @Test func everyShippedKeyIsASettingAtItsDescribedDefault() throws {
        let document = try INIDocument.parse(TroupeConfig.defaultFileText, file: "config.ini")
        let section = try #require(document.section(named: "OpenAI"))
        #expect(section.entries.map { $0.key } == section.entries.map { $0.key.uppercased() })
        var applied = TroupeConfig(descriptionDefaults: ())
        try applied.apply(document, source: .builtIn)
        #expect(applied.warnings.isEmpty)
        for entry in section.entries {
            let setting = try #require(Setting.named(entry.key), "\(entry.key) is not a setting")
            let value = try setting.parse(entry.value)
            #expect(value == setting.defaultValue, "\(entry.key): config.ini says \(entry.value), the description \(String(describing: setting.defaultValue))")
        }
        // Every setting with a default is in the file, so the file documents all of them.
        let inFile = Set(section.entries.map { $0.key })
        for setting in Setting.all where setting.defaultValue != nil && setting.placement != .messageText && setting != .jsonMode {
            #expect(inFile.contains(setting.name), "\(setting.name) has a default but is not in config.ini")
        }
        #expect(applied == TroupeConfig() || applied.values == TroupeConfig().values)
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
        #expect(config[.reasoningEffort] == "high")
        #expect(config.maxConcurrentModelCalls == 4)
        #expect(config.baseURL == nil)
        #expect(config.templatesDirectories.isEmpty)
        #expect(config.source(of: "MODEL") == .builtIn)
    }
}
