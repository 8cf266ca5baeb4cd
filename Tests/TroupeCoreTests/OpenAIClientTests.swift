import Foundation
import Testing
import TroupeCore
import TroupeTestSupport

@Suite("OpenAI client against the local server")
struct OpenAIClientTests {
    @Test func completeSendsTheRequestAndReadsTheAnswer() async throws {
        try await withServer { server in
            server.enqueue(.chat(content: "Hi!", model: "gpt-4o-mini-2024", usage: TestUsage(promptTokens: 12, completionTokens: 3)))
            let client = try openAIClient(server)
            let result = try await client.complete(hello, parameters: ChatParameters(model: "gpt-4o-mini", [.temperature: 0.3, .maxTokens: 50]))

            #expect(result.content == "Hi!")
            #expect(result.choices == ["Hi!"])
            #expect(result.finishReason == "stop")
            #expect(result.model == "gpt-4o-mini-2024")
            #expect(result.usage == Usage(promptTokens: 12, completionTokens: 3, totalTokens: 15))
            #expect(!result.fromCache)

            let request = try #require(server.lastRequest)
            #expect(request.method == "POST")
            #expect(request.path == "/v1/chat/completions")
            #expect(request.query == nil)
            #expect(request.header("authorization") == "Bearer \(testKey)")
            #expect(request.header("content-type") == "application/json")
            #expect(request.header("api-key") == nil)
            let body = try #require(request.json())
            #expect(body["model"] as? String == "gpt-4o-mini")
            #expect(body["temperature"] as? Double == 0.3)
            #expect(body["max_tokens"] as? Int == 50)
            #expect(body["stream"] == nil)
            let messages = try #require(body["messages"] as? [[String: String]])
            #expect(messages == [["role": "system", "content": "You are terse."], ["role": "user", "content": "hello there"]])
        }
    }

    @Test func unscriptedServerEchoes() async throws {
        try await withServer { server in
            let client = try openAIClient(server)
            let result = try await client.complete(hello, parameters: gpt)
            #expect(result.content == "Echo: hello there")
            let streamed = try await client.streamed(hello, parameters: gpt)
            #expect(streamed.deltas == ["Echo: ", "hello ", "there"])
            #expect(streamed.completion.content == "Echo: hello there")
            #expect(streamed.completion.usage != nil)
        }
    }

    @Test func reasoningModelBodyReachesTheServer() async throws {
        try await withServer { server in
            let client = try openAIClient(server)
            let parameters = ChatParameters(model: "o4-mini", [.temperature: 0.2, .maxTokens: 300, .topP: 1, .reasoningEffort: "low"])
            _ = try await client.complete([.user("think")], parameters: parameters)
            let body = try #require(server.lastRequest?.json())
            #expect(body["max_completion_tokens"] as? Int == 300)
            #expect(body["reasoning_effort"] as? String == "low")
            #expect(body["temperature"] == nil && body["top_p"] == nil && body["max_tokens"] == nil)
        }
    }

    @Test func configuredReasoningDeploymentNamesCount() async throws {
        try await withServer { server in
            var config = TroupeConfig()
            try config.set(.baseURL, to: server.baseURL, source: .flag)
            try config.set(.reasoningModel, to: "my-thinker", source: .flag)
            let service = LLMService(config: config)
            _ = try await service.complete([.user("x")], parameters: ChatParameters(model: "my-thinker", [.temperature: 1, .maxTokens: 9]))
            let request = try #require(server.lastRequest)
            #expect(request.json()?["max_completion_tokens"] as? Int == 9)
            #expect(request.json()?["temperature"] == nil)
            // No key: no Authorization header at all.
            #expect(request.header("authorization") == nil)
        }
    }

    @Test func embeddings() async throws {
        try await withServer { server in
            let client = try openAIClient(server)
            let vector = try await client.embedding(of: "a cat", model: "text-embedding-3-small")
            #expect(vector == TestServer.embeddingVector(of: "a cat"))
            let request = try #require(server.lastRequest)
            #expect(request.path == "/v1/embeddings")
            #expect(request.json()?["model"] as? String == "text-embedding-3-small")
            #expect(request.json()?["input"] as? String == "a cat")

            server.enqueue(.embedding([0.5, -0.25]))
            #expect(try await client.embedding(of: "x", model: "m") == [0.5, -0.25])
        }
    }

    @Test func trailingSlashInBaseURLIsIgnored() async throws {
        try await withServer { server in
            let configuration = ClientConfiguration.openAI(apiKey: testKey, baseURL: server.baseURL + "/", retryPolicy: .none)
            _ = try await OpenAIClient(configuration: configuration).complete(hello, parameters: gpt)
            #expect(server.lastRequest?.path == "/v1/chat/completions")
        }
    }

    @Test func badBaseURLIsAConfigurationError() {
        #expect(throws: ClientError.self) {
            try OpenAIClient(configuration: .openAI(apiKey: nil, baseURL: "api.openai.com/v1"))
        }
    }

    @Test func multipleChoices() async throws {
        try await withServer { server in
            server.enqueue(.json(body: #"{"model":"m","choices":[{"index":1,"message":{"content":"B"},"finish_reason":"stop"},{"index":0,"message":{"content":"A"},"finish_reason":"length"}]}"#))
            let result = try await openAIClient(server).complete(hello, parameters: ChatParameters(model: "m", n: 2))
            #expect(result.content == "A")
            #expect(result.choices == ["A", "B"])
            #expect(result.finishReason == "length")
            #expect(result.usage == nil)
        }
    }
}
