import Foundation
import Testing
import TroupeCore
import TroupeTestSupport

@Suite("Azure OpenAI client against the local server")
struct AzureClientTests {
    private func azureClient(_ server: TestServer, key: String? = testKey, token: String? = nil, version: String? = "2024-12-01-preview") throws -> AzureOpenAIClient {
        var configuration = ClientConfiguration.azure(endpoint: server.endpoint, apiKey: key, adToken: token, apiVersion: version, retryPolicy: testPolicy())
        let sleeper = SleepRecorder()
        configuration.sleep = { try await sleeper.sleep($0) }
        return try AzureOpenAIClient(configuration: configuration)
    }

    @Test func deploymentURLQueryAndKeyHeader() async throws {
        try await withServer { server in
            let client = try azureClient(server)
            #expect(client.apiType == "azure")
            let result = try await client.complete(hello, parameters: ChatParameters(model: "gpt4o-prod", [.temperature: 0]))
            #expect(result.content == "Echo: hello there")
            let request = try #require(server.lastRequest)
            #expect(request.method == "POST")
            #expect(request.path == "/openai/deployments/gpt4o-prod/chat/completions")
            #expect(request.query == "api-version=2024-12-01-preview")
            #expect(request.queryItem("api-version") == "2024-12-01-preview")
            #expect(request.header("api-key") == testKey)
            #expect(request.header("authorization") == nil)
            #expect(request.json()?["temperature"] as? Double == 0)
        }
    }

    @Test func entraTokenIsABearerWhenThereIsNoKey() async throws {
        try await withServer { server in
            _ = try await azureClient(server, key: nil, token: "eyJ-token").complete(hello, parameters: gpt)
            let request = try #require(server.lastRequest)
            #expect(request.header("authorization") == "Bearer eyJ-token")
            #expect(request.header("api-key") == nil)
        }
    }

    @Test func keyWinsOverToken() async throws {
        try await withServer { server in
            _ = try await azureClient(server, key: "k-123456", token: "eyJ-token").complete(hello, parameters: gpt)
            let request = try #require(server.lastRequest)
            #expect(request.header("api-key") == "k-123456")
            #expect(request.header("authorization") == nil)
        }
    }

    @Test func streamingWithFilterResultsChunk() async throws {
        try await withServer { server in
            server.enqueue(.stream(chunks: ["Hola", " mundo"], azureFilterChunk: true))
            let (deltas, completion) = try await azureClient(server).streamed(hello, parameters: ChatParameters(model: "o3-mini", [.maxTokens: 100]))
            #expect(deltas == ["Hola", " mundo"])
            #expect(completion.usage != nil)
            let request = try #require(server.lastRequest)
            #expect(request.path == "/openai/deployments/o3-mini/chat/completions")
            #expect(request.json()?["max_completion_tokens"] as? Int == 100)
        }
    }

    @Test func embeddingsUseTheDeploymentURL() async throws {
        try await withServer { server in
            let vector = try await azureClient(server).embedding(of: "text", model: "embed-deploy")
            #expect(vector == TestServer.embeddingVector(of: "text"))
            let request = try #require(server.lastRequest)
            #expect(request.path == "/openai/deployments/embed-deploy/embeddings")
            #expect(request.queryItem("api-version") == "2024-12-01-preview")
        }
    }

    @Test func v1APIHasNoDeploymentInThePath() async throws {
        try await withServer { server in
            _ = try await azureClient(server, version: "v1").complete(hello, parameters: ChatParameters(model: "gpt-4.1"))
            let request = try #require(server.lastRequest)
            #expect(request.path == "/openai/v1/chat/completions")
            #expect(request.query == nil)
            #expect(request.json()?["model"] as? String == "gpt-4.1")
        }
    }

    @Test func wrongDeploymentIsNotFoundWithAHint() async throws {
        try await withServer { server in
            server.enqueue(.error(status: 404, message: "The API deployment for this resource does not exist.", code: "DeploymentNotFound"))
            let error = await caught { _ = try await azureClient(server).complete(hello, parameters: ChatParameters(model: "nope")) }
            let text = String(describing: try #require(error))
            #expect(text.contains("DeploymentNotFound"))
            #expect(text.contains("deployment name"))
            #expect(server.requests.count == 1)
        }
    }
}
