import Foundation
import Testing
import TroupeCore
import TroupeTestSupport

@Suite("Built-in clients from TroupeConfig")
struct BuiltInClientTests {
    private func config(baseURL: String?, apiType: String = "openai") throws -> TroupeConfig {
        var config = TroupeConfig()
        try config.set(.apiType, to: "\(apiType)", source: .flag)
        if let baseURL { try config.set(.baseURL, to: baseURL, source: .flag) }
        try config.set(.cacheAPICalls, to: "\(false)", source: .flag)
        try config.set(.maxAttempts, to: "\(2)", source: .flag)
        try config.set(.waitingTime, to: "\(0.01)", source: .flag)
        try config.set(.timeout, to: "\(60)", source: .flag)
        try config.set(.model, to: "gpt-4o-mini", source: .flag)
        config.credentials = Credentials(openAIKey: Secret(testKey))
        return config
    }

    @Test func registryBuildsBothBuiltInTypes() throws {
        let registry = ClientRegistry()
        #expect(Set(registry.knownAPITypes).isSuperset(of: ["openai", "azure"]))
        #expect(try registry.client(for: config(baseURL: "http://127.0.0.1:1/v1")).apiType == "openai")

        var azure = try config(baseURL: nil, apiType: "azure")
        azure.credentials = Credentials(azureKey: Secret("azure-key-1234"), azureEndpoint: "https://example.openai.azure.com")
        #expect(try registry.client(for: azure).apiType == "azure")
    }

    @Test func missingCredentialsAreConfigurationErrors() throws {
        var openAI = try config(baseURL: nil)
        openAI.credentials = Credentials()
        #expect(throws: ClientError.self) { try OpenAIClient(config: openAI) }

        var azure = try config(baseURL: nil, apiType: "azure")
        azure.credentials = Credentials(azureKey: Secret("k-123456"))
        let noEndpoint = #expect(throws: ClientError.self) { try AzureOpenAIClient(config: azure) }
        #expect(noEndpoint.map { "\($0)" }?.contains("AZURE_OPENAI_ENDPOINT") == true)
        azure.credentials = Credentials(azureEndpoint: "https://example.openai.azure.com")
        #expect(throws: ClientError.self) { try AzureOpenAIClient(config: azure) }
    }

    @Test func retrySettingsComeFromTheConfig() throws {
        var config = TroupeConfig()
        try config.set(.maxAttempts, to: "\(4)", source: .flag)
        try config.set(.waitingTime, to: "\(2)", source: .flag)
        try config.set(.exponentialBackoffFactor, to: "\(3)", source: .flag)
        let policy = ClientConfiguration.retryPolicy(of: config)
        #expect(policy.maxAttempts == 4)
        #expect(policy.delay(beforeRetry: 1, random: 0) == .seconds(2))
        #expect(policy.delay(beforeRetry: 2, random: 0) == .seconds(6))
    }

    @Test func llmServiceTalksToTheLocalServer() async throws {
        try await withServer { server in
            let service = LLMService(config: try config(baseURL: server.baseURL))
            let reply = try await service.complete([.user("from the service")])
            #expect(reply.content == "Echo: from the service")
            let text = try await service.streamed([.user("streamed too")]).deltas.joined()
            #expect(text == "Echo: streamed too")
            let vector = try await service.embedding(of: "v")
            #expect(vector == TestServer.embeddingVector(of: "v"))
            #expect(server.requests.map(\.path) == ["/v1/chat/completions", "/v1/chat/completions", "/v1/embeddings"])
            #expect(server.requests.allSatisfy { $0.header("authorization") == "Bearer \(testKey)" })
        }
    }
}
