import Foundation
import Testing
@testable import TroupeCore

@Suite("Cache keys")
struct CacheKeyTests {
    let messages: [ChatMessage] = [.system("be brief"), .user("hello")]
    let base = ChatParameters(model: "gpt-4o-mini", temperature: 0.5, maxTokens: 100, timeout: 30)

    func key(_ parameters: ChatParameters, apiType: String = "openai", messages: [ChatMessage]? = nil) -> String {
        CacheKey(apiType: apiType, messages: messages ?? self.messages, parameters: parameters).hex
    }

    @Test func sameRequestSameKeyAndHexShape() {
        let first = key(base)
        #expect(first == key(base))
        #expect(first.count == 64)
        #expect(first.allSatisfy { "0123456789abcdef".contains($0) })
    }

    @Test func timeoutAndDedentDoNotChangeTheKey() {
        var other = base
        other.timeout = 999
        other.dedent.toggle()
        #expect(key(other) == key(base))
    }

    @Test func everythingThatChangesTheAnswerChangesTheKey() {
        let variants: [(inout ChatParameters) -> Void] = [
            { $0.model = "gpt-4o" }, { $0.temperature = 0.6 }, { $0.temperature = nil }, { $0.maxTokens = 101 },
            { $0.maxCompletionTokens = 5 }, { $0.topP = 0.9 }, { $0.frequencyPenalty = 0.1 }, { $0.presencePenalty = 0.1 },
            { $0.stop = ["x"] }, { $0.n = 2 }, { $0.seed = 1 }, { $0.responseFormat = .jsonObject },
            { $0.responseFormat = .jsonSchema(name: "s", schema: .object(["type": .string("object")]), strict: true) },
            { $0.reasoningEffort = "low" },
        ]
        var seen: Set<String> = [key(base)]
        for change in variants {
            var parameters = base
            change(&parameters)
            seen.insert(key(parameters))
        }
        #expect(seen.count == variants.count + 1)
        #expect(key(base, apiType: "azure") != key(base))
        #expect(key(base, messages: [.system("be brief"), .user("hello!")]) != key(base))
        #expect(key(base, messages: [.user("hello"), .system("be brief")]) != key(base))
        #expect(key(base, messages: [.system("be brief"), ChatMessage(role: .user, content: "hello", name: "ann")]) != key(base))
    }

    @Test func canonicalJSONIsSortedAndLeavesOutUnsetValues() {
        let parameters = ChatParameters(model: "m", temperature: 0.5, timeout: 10, dedent: true)
        struct Probe: Encodable {
            var b = 1
            var a: String? = nil
            var c = ["z": 1, "y": 2]
        }
        #expect(String(decoding: CacheKey.canonicalJSON(Probe()), as: UTF8.self) == #"{"b":1,"c":{"y":2,"z":1}}"#)
        let hex = CacheKey(apiType: "openai", messages: [.user("hi")], parameters: parameters).hex
        let expected = #"{"apiType":"openai","messages":[{"content":"hi","role":"user"}],"model":"m","temperature":0.5,"version":1}"#
        #expect(hex == CacheKey.digest(of: Data(expected.utf8)))
    }
}
