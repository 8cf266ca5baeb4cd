import Foundation
import Testing
@testable import TroupeCore
import TroupeTestSupport

@Suite("Templates: LLMCall against the local test server")
struct TemplatesLLMCallTests {
    private func service(_ server: TestServer) throws -> LLMService {
        var config = TroupeConfig()
        try config.set(.apiType, to: "openai", source: .flag)
        try config.set(.baseURL, to: "\(server.baseURL)", source: .flag)
        try config.set(.cacheAPICalls, to: "\(false)", source: .flag)
        try config.set(.maxAttempts, to: "\(1)", source: .flag)
        try config.set(.timeout, to: "\(60)", source: .flag)
        try config.set(.model, to: "gpt-4o-mini", source: .flag)
        try config.set(.temperature, to: "0.3", source: .flag)
        config.credentials = Credentials(openAIKey: Secret(testKey))
        return LLMService(config: config)
    }

    @Test("the server receives exactly the rendered messages, and the call keeps them and the output")
    func roundTrip() async throws {
        let folders = try TemplateFolders()
        try folders.write("You are {{name}}, {{age}}.{{#traits}}\n- {{.}}{{/traits}}", to: "p.system.mustache")
        try folders.write("{{%CONTENT_TYPE:TEXT}}\nAsk about {{topic.title}} & more.", to: "p.user.mustache")
        let renderer = try folders.renderer()
        try await withServer { server in
            server.enqueue(.chat(content: "Olá!", model: "gpt-4o-mini-2024"))
            var call = LLMCall(system: "p.system", user: "p.user", service: try service(server), renderer: renderer)
            let variables = try TemplateVariables(pairs: ["name=Ana", "age=34", #"traits=["kind","curious"]"#, "topic.title=Rain"])
            let output = try await call.call(variables)

            #expect(output == "Olá!")
            #expect(call.modelOutput == "Olá!")
            #expect(call.completion?.model == "gpt-4o-mini-2024")
            let expected: [ChatMessage] = [
                .system("You are Ana, 34.\n- kind\n- curious"),
                .user("Ask about Rain & more."),
            ]
            #expect(call.messages == expected)

            #expect(server.requests.count == 1)
            let body = try #require(server.requests.first?.json())
            let sent = try #require(body["messages"] as? [[String: Any]])
            #expect(sent.count == 2)
            #expect(sent.map { $0["role"] as? String } == ["system", "user"])
            #expect(sent.map { $0["content"] as? String } == expected.map(\.content))
            #expect(sent.allSatisfy { Set($0.keys) == ["role", "content"] })
            #expect(body["model"] as? String == "gpt-4o-mini")
            #expect(body["temperature"] as? Double == 0.3)
        }
    }

    @Test("explicit parameters are the ones sent")
    func parameters() async throws {
        let folders = try TemplateFolders()
        try folders.write("Sys", to: "s.mustache")
        let renderer = try folders.renderer()
        try await withServer { server in
            var call = LLMCall(
                system: "s", parameters: ChatParameters(model: "other-model", [.temperature: 1.5, .seed: 7]),
                service: try service(server), renderer: renderer)
            _ = try await call.call()
            let body = try #require(server.requests.first?.json())
            #expect(body["model"] as? String == "other-model")
            #expect(body["temperature"] as? Double == 1.5)
            #expect(body["seed"] as? Int == 7)
            #expect((body["messages"] as? [[String: Any]])?.first?["content"] as? String == "Sys")
        }
    }

    @Test("an empty answer is an error naming the finish reason, and the messages stay for inspection")
    func noContent() async throws {
        let folders = try TemplateFolders()
        try folders.write("Tell {{who}}", to: "s.mustache")
        let renderer = try folders.renderer()
        try await withServer { server in
            server.enqueue(.chat(content: "", finishReason: "content_filter"))
            var call = LLMCall(system: "s", service: try service(server), renderer: renderer)
            let error = await #expect(throws: LLMCallError.self) { try await call.call(["who": .string("Bo")]) }
            #expect(error == .noContent(finishReason: "content_filter", model: "test-model"))
            #expect("\(error!)".contains("content filter"))
            #expect(call.messages == [.system("Tell Bo")])
            #expect(call.completion?.content == "")
        }
    }

    @Test("a render error sends nothing")
    func renderErrorSendsNothing() async throws {
        let folders = try TemplateFolders()
        try folders.write("Tell {{who}}", to: "s.mustache")
        let renderer = try folders.renderer()
        try await withServer { server in
            var call = LLMCall(system: "s", service: try service(server), renderer: renderer)
            await #expect(throws: TemplateError.self) { try await call.call() }
            #expect(server.requests.isEmpty)
            call.allowMissing = true
            let output = try await call.call()
            #expect(output == "Echo: ")
            #expect(call.warnings.map(\.name) == ["who"])
        }
    }
}
