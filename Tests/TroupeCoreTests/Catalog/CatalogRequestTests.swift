import Foundation
import Testing
import TroupeCore
import TroupeTestSupport

/// The catalog shaping real requests: output limits clamped per model, context refused
/// before sending, usage details read and priced.
@Suite("Catalog in requests, against the local server")
struct CatalogRequestTests {
    func service(_ server: TestServer, _ settings: [(Setting, String)] = [], catalog: ModelCatalog = .builtIn) throws -> LLMService {
        var config = TroupeConfig()
        try config.set(.baseURL, to: server.baseURL, source: .flag)
        for (setting, value) in settings { try config.set(setting, to: value, source: .flag) }
        return LLMService(config: config, catalog: catalog)
    }

    func parameters(_ service: LLMService, _ model: String) async -> ChatParameters {
        var parameters = await service.config.chatParameters()
        parameters.model = model
        return parameters
    }

    @Test func theShippedDefaultsSendNoOutputLimit() async throws {
        #expect(TroupeConfig()[.maxTokens] == nil && TroupeConfig()[.maxCompletionTokens] == nil)
        try await withServer { server in
            let service = try self.service(server)
            for model in ["gpt-4", "gpt-3.5-turbo", "o3-mini", "gpt-4.1-mini"] {
                _ = try await service.complete([.user("hi")], parameters: await parameters(service, model))
                let body = try #require(server.lastRequest?.json())
                #expect(body["max_tokens"] == nil && body["max_completion_tokens"] == nil, "\(model)")
            }
        }
    }

    @Test(arguments: [
        // model, MAX_TOKENS set, field sent, value sent
        ("gpt-4", 16000, "max_tokens", 8192),
        ("gpt-3.5-turbo", 16000, "max_tokens", 4096),
        ("gpt-4o-mini", 16000, "max_tokens", 16000),
        ("gpt-4o-mini", 20000, "max_tokens", 16384),
        ("gpt-4o-mini-2024-07-18", 20000, "max_tokens", 16384),
        ("o3-mini", 200_000, "max_completion_tokens", 100_000),
        ("my-own-model", 123_456, "max_tokens", 123_456),
    ])
    func aUserLimitIsClampedToTheModelsMaximum(model: String, requested: Int, field: String, sent: Int) async throws {
        try await withServer { server in
            let service = try self.service(server, [(.maxTokens, String(requested))])
            _ = try await service.complete([.user("hi")], parameters: await parameters(service, model))
            let body = try #require(server.lastRequest?.json())
            #expect(body[field] as? Int == sent)
        }
    }

    @Test func aUsersModelsFileSetsTheLimit() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = folder.path + "/models.yaml"
        try "my-deployment: {model: gpt-4o-mini, max_output: 1000}\n".write(toFile: file, atomically: true, encoding: .utf8)
        let catalog = try ModelCatalog.loading(userFile: file)
        try await withServer { server in
            let service = try self.service(server, [(.maxCompletionTokens, "5000")], catalog: catalog)
            _ = try await service.complete([.user("hi")], parameters: await parameters(service, "my-deployment"))
            #expect(try #require(server.lastRequest?.json())["max_completion_tokens"] as? Int == 1000)
        }
    }

    @Test func aConversationOverTheContextWindowIsRefusedUnsent() async throws {
        try await withServer { server in
            let service = try self.service(server)
            // "word " is one token in cl100k_base: 9,000 of them overflow gpt-4's 8,192.
            let long = String(repeating: "word ", count: 9000)
            let error = await caught {
                _ = try await service.complete([.user(long)], parameters: await parameters(service, "gpt-4"))
            }
            let refusal = try #require(error as? ContextWindowError)
            let counted = ChatTokenCount.promptTokens([.user(long)], model: "gpt-4")
            #expect(refusal == ContextWindowError(model: "gpt-4", promptTokens: counted, contextWindow: 8192))
            #expect(refusal.excess == counted - 8192 + 1)
            #expect(counted > 9000)
            #expect(server.requests.isEmpty)
            // The same text fits gpt-4o-mini's 128,000.
            _ = try await service.complete([.user(long)], parameters: await parameters(service, "gpt-4o-mini"))
            #expect(server.requests.count == 1)
        }
    }

    @Test func usageDetailsAreReadAndPricedAtTheirOwnRates() async throws {
        try await withServer { server in
            let usage = TestUsage(promptTokens: 1_000_000, completionTokens: 200_000, cachedTokens: 400_000, reasoningTokens: 150_000)
            server.enqueue(.chat(content: "ok", usage: usage))
            server.enqueue(.stream(chunks: ["o", "k"], usage: usage))
            let service = try self.service(server)
            let parameters = await self.parameters(service, "o4-mini")
            let plain = try await service.complete([.user("hi")], parameters: parameters)
            let streamed = try await service.stream([.user("hi")], parameters: parameters) { _ in }
            for completion in [plain, streamed] {
                #expect(completion.usage == Usage(
                    promptTokens: 1_000_000, completionTokens: 200_000, cachedTokens: 400_000, reasoningTokens: 150_000))
                // o4-mini: $1.10 input, $0.275 cached input, $4.40 output per million tokens:
                // 600,000 × 1.10 + 400,000 × 0.275 + 200,000 × 4.40 (reasoning included) per million
                // = 0.66 + 0.11 + 0.88 = $1.65.
                let cost = try #require(service.cost(of: completion, model: "o4-mini", apiType: "openai"))
                #expect(cost.dollars == Decimal(string: "1.65"))
                #expect(cost.formatted == "$1.65")
            }
        }
    }

    @Test func cachedAndLocalAnswersCostNothingAndUnknownModelsHaveNoCost() {
        let service = LLMService(config: TroupeConfig())
        let usage = Usage(promptTokens: 12, completionTokens: 30)
        let fresh = ChatCompletion(content: "x", usage: usage)
        var cached = fresh
        cached.fromCache = true
        #expect(service.cost(of: cached, model: "gpt-4o-mini", apiType: "openai") == .zero)
        #expect(service.cost(of: fresh, model: "qwen.gguf", apiType: "local") == .zero)
        #expect(service.cost(of: nil, model: "qwen.gguf", apiType: "local") == .zero)
        #expect(service.cost(of: fresh, model: "my-own-model", apiType: "openai") == nil)
        #expect(service.cost(of: nil, model: "gpt-4o-mini", apiType: "openai") == nil)
        // gpt-4o-mini: 12 × $0.15 + 30 × $0.60 per million = $0.0000198.
        let cost = service.cost(of: fresh, model: "gpt-4o-mini", apiType: "openai")
        #expect(cost?.dollars == Decimal(string: "0.0000198"))
        #expect(cost?.formatted == "$0.0000198")
    }
}
