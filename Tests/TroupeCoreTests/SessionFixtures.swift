import Foundation
@testable import TroupeCore

/// A fresh directory under the system temporary directory, removed by `remove()`.
struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("troupe-session-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: url) }

    func file(_ name: String) -> URL { url.appendingPathComponent(name) }
}

enum SessionFixtures {
    /// A date with whole milliseconds, as the file format keeps them, made the way the
    /// decoder makes it (a sum like 1767225610 + 0.001 is not the same `Double`).
    static func date(_ secondsSince2026: Double) -> Date {
        Session.fileDate(Date(timeIntervalSince1970: 1_767_225_600 + secondsSince2026))
    }

    /// Parameters with every field set, so a round trip checks each one.
    static let fullParameters = ChatParameters(
        model: "gpt-4.1-mini",
        [.temperature: 0.7, .maxTokens: 512, .maxCompletionTokens: 1024, .topP: 0.9, .frequencyPenalty: 0.1,
         .presencePenalty: -0.2, .stop: ["END", "\n\n"], .seed: 42, .reasoningEffort: "low", .timeout: 30,
         .dedent: true, .serviceTier: "flex"],
        responseFormat: .jsonSchema(
            name: "answer",
            schema: .object(["type": .string("object"), "required": .array([.string("text")])]),
            strict: true),
        n: 1)

    /// A session that sets every field of the format at least once.
    static func fullSession() -> Session {
        let system = ChatMessage.system("You are terse.")
        let first = ChatMessage(role: .user, content: "Hello, “world” / ünïcode 🎭", name: "ada")
        let second = ChatMessage.user("Name three colours.")
        var plain = fullParameters
        plain.responseFormat = .jsonObject
        plain[.temperature] = 0
        return Session(
            created: date(0.125),
            updated: date(3600.5),
            settings: SessionSettings(apiType: "azure", parameters: fullParameters, cacheEnabled: true),
            messages: [system, first, .assistant("Hi."), second, .assistant("Red, green, blue.")],
            turns: [
                SessionTurn(
                    user: first, messageIndex: 1, apiType: "azure", parameters: fullParameters,
                    reply: "Hi.", finishReason: "stop", replyModel: "gpt-4.1-mini-2025-04-14",
                    usage: Usage(promptTokens: 20, completionTokens: 2),
                    latency: TurnLatency(firstTokenSeconds: 0.25, totalSeconds: 0.5),
                    fromCache: false,
                    template: TurnTemplate(
                        name: "greet.mustache",
                        variables: ["who": .string("world"), "n": .number(3), "flags": .array([.bool(true), .null])]),
                    startedAt: date(10.001)),
                SessionTurn(
                    user: second, messageIndex: 3, apiType: "openai", parameters: plain,
                    reply: "Red, green, blue.", finishReason: "length", replyModel: nil,
                    usage: Usage(promptTokens: 30, completionTokens: 5, totalTokens: 36),
                    latency: TurnLatency(firstTokenSeconds: nil, totalSeconds: 0.002),
                    fromCache: true, template: nil, startedAt: nil),
            ])
    }
}
