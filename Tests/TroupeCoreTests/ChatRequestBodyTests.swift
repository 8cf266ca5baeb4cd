import Foundation
import Testing
@testable import TroupeCore

@Suite("Chat request body")
struct ChatRequestBodyTests {
    private func json(_ parameters: ChatParameters, stream: Bool = false, messages: [ChatMessage] = [.user("hi")]) throws -> [String: Any] {
        let body = try request(messages, parameters).body(stream: stream)
        return try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
    }

    @Test func unsetParametersAreNotSent() throws {
        let body = try json(ChatParameters(model: "gpt-4o-mini"))
        #expect(Set(body.keys) == ["model", "messages"])
    }

    @Test func everySetParameterIsSentUnderItsAPIName() throws {
        let parameters = ChatParameters(
            model: "gpt-4.1",
            [.temperature: 0.7, .maxTokens: 100, .topP: 0.9, .frequencyPenalty: 0.1, .presencePenalty: 0.2,
             .stop: ["END"], .seed: 42, .timeout: 30, .serviceTier: "flex"],
            n: 2)
        let body = try json(parameters)
        #expect(body["temperature"] as? Double == 0.7)
        #expect(body["max_tokens"] as? Int == 100)
        #expect(body["top_p"] as? Double == 0.9)
        #expect(body["frequency_penalty"] as? Double == 0.1)
        #expect(body["presence_penalty"] as? Double == 0.2)
        #expect(body["stop"] as? [String] == ["END"])
        #expect(body["n"] as? Int == 2)
        #expect(body["seed"] as? Int == 42)
        #expect(body["service_tier"] as? String == "flex")
        #expect(body["timeout"] == nil)
        #expect(body["max_completion_tokens"] == nil)
        #expect(body["reasoning_effort"] == nil)
    }

    @Test(arguments: ["o1", "o1-mini", "o3-mini", "o4-mini", "gpt-5", "gpt-5-mini", "gpt-5.1", "O3", "openai/gpt-5-nano", "ft:o4-mini:org::x"])
    func reasoningModelsGetCompletionTokensAndNoSampling(model: String) throws {
        let parameters = ChatParameters(
            model: model,
            [.temperature: 1.2, .maxTokens: 500, .topP: 0.5, .frequencyPenalty: 0.3, .presencePenalty: 0.4, .reasoningEffort: "high"])
        let body = try json(parameters)
        #expect(body["max_completion_tokens"] as? Int == 500)
        #expect(body["reasoning_effort"] as? String == "high")
        for key in ["temperature", "top_p", "frequency_penalty", "presence_penalty", "max_tokens"] {
            #expect(body[key] == nil, "\(key) sent to \(model)")
        }
    }

    @Test func explicitCompletionTokensWinForReasoningModels() throws {
        let body = try json(ChatParameters(model: "o3", [.maxTokens: 100, .maxCompletionTokens: 4000]))
        #expect(body["max_completion_tokens"] as? Int == 4000)
        #expect(body["max_tokens"] == nil)
    }

    @Test(arguments: ["gpt-4o", "gpt-4o-mini", "gpt-4.1", "o10", "gpt-50", "turbo-o1x", "gpt-35-turbo", "chatgpt-4o-latest"])
    func otherModelsAreNotReasoningModels(model: String) {
        #expect(!ModelCatalog.builtIn.isReasoningModel(model))
    }

    @Test func reasoningEffortIsNotSentToOtherModels() throws {
        let body = try json(ChatParameters(model: "gpt-4o", [.maxCompletionTokens: 64, .reasoningEffort: "low"]))
        #expect(body["reasoning_effort"] == nil)
        #expect(body["max_completion_tokens"] as? Int == 64)
    }

    @Test func responseFormats() throws {
        let jsonMode = try json(ChatParameters(model: "gpt-4o", responseFormat: .jsonObject))
        #expect((jsonMode["response_format"] as? [String: Any])?["type"] as? String == "json_object")

        let schema = JSONValue.object(["type": .string("object"), "properties": .object(["a": .object(["type": .string("integer")])])])
        let structured = try json(ChatParameters(model: "gpt-4o", responseFormat: .jsonSchema(name: "answer", schema: schema, strict: true)))
        let format = try #require(structured["response_format"] as? [String: Any])
        #expect(format["type"] as? String == "json_schema")
        let inner = try #require(format["json_schema"] as? [String: Any])
        #expect(inner["name"] as? String == "answer")
        #expect(inner["strict"] as? Bool == true)
        #expect((inner["schema"] as? [String: Any])?["type"] as? String == "object")
    }

    @Test func streamingAsksForUsage() throws {
        let body = try json(ChatParameters(model: "gpt-4o"), stream: true)
        #expect(body["stream"] as? Bool == true)
        #expect((body["stream_options"] as? [String: Any])?["include_usage"] as? Bool == true)
    }

    @Test func messagesKeepRoleContentAndName() throws {
        let body = try json(ChatParameters(model: "gpt-4o"), messages: [.system("be brief"), ChatMessage(role: .user, content: "hi", name: "ana")])
        let messages = try #require(body["messages"] as? [[String: Any]])
        #expect(messages.count == 2)
        #expect(messages[0]["role"] as? String == "system")
        #expect(messages[0]["name"] == nil)
        #expect(messages[1]["name"] as? String == "ana")
    }

    @Test func equalRequestsEncodeToEqualBytes() throws {
        let parameters = ChatParameters(model: "gpt-4o", [.temperature: 0.5, .seed: 1])
        #expect(try request([.user("x")], parameters).body(stream: false) == request([.user("x")], parameters).body(stream: false))
    }

    @Test func dedentChangesTheTextSentAndTimeoutTheDeadline() throws {
        let parameters = ChatParameters(model: "gpt-4o", [.dedent: true, .timeout: 12])
        let built = request([.user("    a\n    b")], parameters)
        #expect(built.messages[0].content == "a\nb")
        #expect(built.timeout == .seconds(12))
        #expect(request([.user("x")], ChatParameters(model: "m"), timeout: 480).timeout == .seconds(480))
    }

    /// `temperature` from config.ini to the bytes on the wire: parsed once into the number
    /// that is sent.
    @Test func aConfiguredTemperatureReachesTheWireAsWritten() throws {
        var config = TroupeConfig()
        try config.set(.temperature, to: "0.35", source: .session)
        let body = String(decoding: try request([.user("x")], config.chatParameters()).body(stream: false), as: UTF8.self)
        #expect(body.contains("\"temperature\":0.35"))
        #expect(config[.temperature] == .number(0.35))
    }
}
