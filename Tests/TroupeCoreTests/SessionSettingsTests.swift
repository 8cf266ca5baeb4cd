import Foundation
import Testing
@testable import TroupeCore

@Suite("Session settings and the configuration")
struct SessionSettingsTests {
    @Test("settings saved from a configuration put the same request parameters back in force")
    func roundTrip() throws {
        var original = TroupeConfig()
        for (key, value) in [("api", "azure"), ("model", "gpt-4o-mini"), ("temperature", "0.3"), ("max_tokens", "300"),
                             ("top_p", "0.8"), ("frequency_penalty", "0.5"), ("presence_penalty", "-1"),
                             ("stop", #"["END","STOP"]"#), ("seed", "11"), ("json", "true"), ("dedent", "false"),
                             ("reasoning_effort", "high"), ("timeout", "45")] {
            try original.set(key, to: value, source: .flag)
        }
        let settings = SessionSettings(config: original)
        #expect(settings.apiType == "azure")
        #expect(settings.parameters == original.chatParameters())

        var restored = TroupeConfig()
        let notes = try restored.apply(settings)
        #expect(notes.isEmpty)
        #expect(restored.apiType == "azure")
        #expect(restored.chatParameters() == original.chatParameters())
        #expect(restored.source(of: .temperature) == .session)
        #expect(restored.source(of: .model) == .session)
    }

    @Test("unset parameters in a session unset them in the configuration")
    func unsets() throws {
        var config = TroupeConfig()
        try config.set(.temperature, to: "1.1", source: .file("config.ini"))
        try config.set(.seed, to: "5", source: .file("config.ini"))
        try config.apply(SessionSettings(apiType: "openai", parameters: ChatParameters(model: "m")))
        #expect(config[.temperature] == nil)
        #expect(config[.seed] == nil)
        #expect(config.model == "m")
    }

    @Test("what has no setting is reported, and a refused value changes nothing")
    func notesAndErrors() throws {
        var config = TroupeConfig()
        let schema = ChatParameters(model: "m", responseFormat: .jsonSchema(name: "answer", schema: .object([:]), strict: true), n: 3)
        let notes = try config.apply(SessionSettings(apiType: "openai", parameters: schema, cacheEnabled: !config.cacheAPICalls))
        #expect(notes.count == 3)
        #expect(notes[0].description.contains("answer"))

        let before = config
        #expect(throws: ConfigError.self) {
            try config.apply(SessionSettings(apiType: "openai", parameters: ChatParameters(model: "m", [.temperature: 7])))
        }
        #expect(config == before)
        #expect(throws: ConfigError.self) {
            try config.apply(SessionSettings(apiType: "carrier-pigeon", parameters: ChatParameters(model: "m")))
        }
        try config.apply(SessionSettings(apiType: "custom", parameters: ChatParameters(model: "m")), knownAPITypes: ["custom"])
        #expect(config.apiType == "custom")
    }
}
