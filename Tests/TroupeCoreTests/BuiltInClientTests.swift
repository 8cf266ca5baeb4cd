import Foundation
import Testing
import TroupeCore
import TroupeTestSupport

@Suite("Built-in clients from TroupeConfig")
struct BuiltInClientTests {
    private func config(baseURL: String?, apiType: String = "openai") -> TroupeConfig {
        var config = TroupeConfig()
        config.apiType = apiType
        config.baseURL = baseURL
        config.cacheAPICalls = false
        config.maxAttempts = 2
        config.waitingTime = 0.01
        config.timeout = 60
        config.model = "gpt-4o-mini"
        config.credentials = Credentials(openAIKey: Secret(testKey))
        return config
    }

    @Test func registryBuildsBothBuiltInTypes() throws {
        let registry = ClientRegistry()
        #expect(Set(registry.knownAPITypes).isSuperset(of: ["openai", "azure"]))
        #expect(try registry.client(for: config(baseURL: "http://127.0.0.1:1/v1")).apiType == "openai")

        var azure = config(baseURL: nil, apiType: "azure")
        azure.credentials = Credentials(azureKey: Secret("azure-key-1234"), azureEndpoint: "https://example.openai.azure.com")
        #expect(try registry.client(for: azure).apiType == "azure")
    }

    @Test func missingCredentialsAreConfigurationErrors() {
        var openAI = config(baseURL: nil)
        openAI.credentials = Credentials()
        #expect(throws: ClientError.self) { try OpenAIClient(config: openAI) }

        var azure = config(baseURL: nil, apiType: "azure")
        azure.credentials = Credentials(azureKey: Secret("k-123456"))
        let noEndpoint = #expect(throws: ClientError.self) { try AzureOpenAIClient(config: azure) }
        #expect(noEndpoint.map { "\($0)" }?.contains("AZURE_OPENAI_ENDPOINT") == true)
        azure.credentials = Credentials(azureEndpoint: "https://example.openai.azure.com")
        #expect(throws: ClientError.self) { try AzureOpenAIClient(config: azure) }
    }

    @Test func retrySettingsComeFromTheConfig() {
        var config = TroupeConfig()
        config.maxAttempts = 4
        config.waitingTime = 2
        config.exponentialBackoffFactor = 3
        let policy = ClientConfiguration.retryPolicy(of: config)
        #expect(policy.maxAttempts == 4)
        #expect(policy.delay(beforeRetry: 1, random: 0) == .seconds(2))
        #expect(policy.delay(beforeRetry: 2, random: 0) == .seconds(6))
    }

    @Test func llmServiceTalksToTheLocalServer() async throws {
        try await withServer { server in
            let service = LLMService(config: config(baseURL: server.baseURL))
            let reply = try await service.complete([.user("from the service")])
            #expect(reply.content == "Echo: from the service")
            var text = ""
            for try await event in await service.stream([.user("streamed too")]) {
                if case .delta(let delta) = event { text += delta }
            }
            #expect(text == "Echo: streamed too")
            let vector = try await service.embedding(of: "v")
            #expect(vector == TestServer.embeddingVector(of: "v"))
            #expect(server.requests.map(\.path) == ["/v1/chat/completions", "/v1/chat/completions", "/v1/embeddings"])
            #expect(server.requests.allSatisfy { $0.header("authorization") == "Bearer \(testKey)" })
        }
    }
}
