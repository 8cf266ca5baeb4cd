import Testing
@testable import TroupeCore

@Suite("Client registry")
struct ClientRegistryTests {
    @Test func picksTheConfiguredTypeAndHonoursForce() throws {
        let registry = ClientRegistry(factories: [
            "openai": { _ in ScriptedClient(apiType: "openai") },
            "azure": { _ in ScriptedClient(apiType: "azure") },
        ])
        registry.register("Custom") { config in ScriptedClient(apiType: "custom-\(config.model)") }
        #expect(registry.knownAPITypes == ["azure", "custom", "openai"])

        var config = TroupeConfig()
        #expect(try registry.client(for: config).apiType == "openai")
        try config.set(.apiType, to: "azure", source: .flag)
        #expect(try registry.client(for: config).apiType == "azure")

        try registry.force(apiType: "CUSTOM")
        #expect(registry.forcedAPIType == "custom")
        #expect(registry.apiType(for: config) == "custom")
        #expect(try registry.client(for: config).apiType == "custom-\(config.model)")
        try registry.force(apiType: nil)
        #expect(try registry.client(for: config).apiType == "azure")
    }

    @Test func unknownTypesAreClearErrors() throws {
        let registry = ClientRegistry(factories: ["openai": { _ in ScriptedClient() }])
        #expect(throws: ClientRegistryError.unknownAPIType("ollama", known: ["openai"])) {
            try registry.force(apiType: "ollama")
        }
        var config = TroupeConfig()
        try config.set(.apiType, to: "ollama", source: .flag, knownAPITypes: ["ollama"])
        #expect {
            try registry.client(for: config)
        } throws: { "\($0)".contains("\"ollama\"") && "\($0)".contains("known: openai") }
    }

    @Test func factoryErrorsPassThrough() {
        struct MissingKey: Error {}
        let registry = ClientRegistry(factories: ["openai": { _ in throw MissingKey() }])
        #expect(throws: MissingKey.self) { try registry.client(for: TroupeConfig()) }
    }
}
