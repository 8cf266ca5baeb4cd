import Foundation
import Testing
import Crypto
@testable import TroupeCore

@Suite("Cache keys")
struct CacheKeyTests {
    let messages: [ChatMessage] = [.system("be brief"), .user("hello")]
    let base = ChatParameters(model: "gpt-4o-mini", [.temperature: 0.5, .maxTokens: 100, .timeout: 30])

    func key(_ parameters: ChatParameters, apiType: String = "openai", endpoint: String = "api.openai.com", messages: [ChatMessage]? = nil) throws -> String {
        try CacheKey(apiType: apiType, endpoint: endpoint, request: request(messages ?? self.messages, parameters)).hex
    }

    @Test func sameRequestSameKeyAndHexShape() throws {
        let first = try key(base)
        #expect(first == (try key(base)))
        #expect(first.count == 64)
        #expect(first.allSatisfy { "0123456789abcdef".contains($0) })
    }

    @Test func timeoutDoesNotChangeTheKeyButDedentedTextDoes() throws {
        var other = base
        other[.timeout] = 999
        #expect(try key(other) == key(base))
        // Dedent changes the key only when it changes what is sent.
        other[.dedent] = true
        #expect(try key(other) == key(base))
        #expect(try key(other, messages: [.user("  indented")]) != key(base, messages: [.user("  indented")]))
    }

    @Test func everythingThatChangesTheAnswerChangesTheKey() throws {
        let variants: [(inout ChatParameters) -> Void] = [
            { $0.model = "gpt-4o" }, { $0[.temperature] = 0.6 }, { $0[.temperature] = nil }, { $0[.maxTokens] = 101 },
            { $0[.topP] = 0.9 }, { $0[.frequencyPenalty] = 0.1 }, { $0[.presencePenalty] = 0.1 },
            { $0[.stop] = ["x"] }, { $0.n = 2 }, { $0[.seed] = 1 }, { $0.responseFormat = .jsonObject },
            { $0.responseFormat = .jsonSchema(name: "s", schema: .object(["type": .string("object")]), strict: true) },
            { $0[.serviceTier] = "flex" },
        ]
        var seen: Set<String> = [try key(base)]
        for change in variants {
            var parameters = base
            change(&parameters)
            seen.insert(try key(parameters))
        }
        #expect(seen.count == variants.count + 1)
        #expect(try key(base, apiType: "azure") != key(base))
        #expect(try key(base, endpoint: "127.0.0.1:8080") != key(base))
        #expect(try key(base, messages: [.system("be brief"), .user("hello!")]) != key(base))
        #expect(try key(base, messages: [.user("hello"), .system("be brief")]) != key(base))
        #expect(try key(base, messages: [.system("be brief"), ChatMessage(role: .user, content: "hello", name: "ann")]) != key(base))
    }

    /// The key is made from the body that is sent: a parameter a reasoning model does not get
    /// does not change its key.
    @Test func aParameterDroppedForAReasoningModelDoesNotChangeItsKey() throws {
        let reasoning = ChatParameters(model: "o3-mini", [.maxCompletionTokens: 100, .reasoningEffort: "low"])
        var warmer = reasoning
        warmer[.temperature] = 1.5
        warmer[.topP] = 0.2
        #expect(try key(warmer) == key(reasoning))
        var ordinary = ChatParameters(model: "gpt-4o", [.maxCompletionTokens: 100])
        let before = try key(ordinary)
        ordinary[.reasoningEffort] = "high"
        #expect(try key(ordinary) == before)
    }

    @Test func theKeyIsTheHashOfTheSentBody() throws {
        let parameters = ChatParameters(model: "m", [.temperature: 0.5, .timeout: 10])
        let hex = try CacheKey(apiType: "openai", endpoint: "h", request: request([.user("hi")], parameters)).hex
        let body = #"{"messages":[{"content":"hi","role":"user"}],"model":"m","temperature":0.5}"#
        let expected = CacheKey.hex(SHA256.hash(data: Data(("troupe-cache-2\nopenai\nh\n" + body).utf8)))
        #expect(hex == expected)
    }
}
