import Foundation
@testable import TroupeCore

/// An in-process ``LLMClient`` for replay logic tests, registered under a custom API type the
/// way a user's own provider would be. It answers with `reply(messages, parameters)` and
/// records every request. (Replays over real HTTP are tested against the local test server.)
final class ReplayClient: LLMClient, @unchecked Sendable {
    struct Request: Sendable {
        var messages: [ChatMessage]
        var parameters: ChatParameters
    }

    let apiType: String
    private let lock = NSLock()
    private var recorded: [Request] = []
    private let reply: @Sendable ([ChatMessage], ChatParameters) throws -> String

    init(apiType: String = "scripted", reply: @escaping @Sendable ([ChatMessage], ChatParameters) throws -> String) {
        self.apiType = apiType
        self.reply = reply
    }

    /// "Echo: <last user message>", like the test server's default answer.
    static func echo(_ messages: [ChatMessage], _ parameters: ChatParameters) -> String {
        "Echo: " + (messages.last { $0.role == .user }?.content ?? "")
    }

    var requests: [Request] { lock.withLock { recorded } }

    /// A registry that makes this client for its API type.
    func registry() -> ClientRegistry {
        let registry = ClientRegistry(factories: [:])
        registry.register(apiType) { _ in self }
        return registry
    }

    func complete(_ messages: [ChatMessage], parameters: ChatParameters) async throws -> ChatCompletion {
        lock.withLock { recorded.append(Request(messages: messages, parameters: parameters)) }
        let text = try reply(messages, parameters)
        let words = text.split(separator: " ").count
        return ChatCompletion(
            content: text, finishReason: "stop", model: parameters.model,
            usage: Usage(promptTokens: messages.count * 10, completionTokens: words))
    }

    func stream(_ messages: [ChatMessage], parameters: ChatParameters) -> AsyncThrowingStream<ChatStreamEvent, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let completion = try await self.complete(messages, parameters: parameters)
                    for (index, word) in completion.content.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
                        continuation.yield(.delta(index == 0 ? String(word) : " " + word))
                    }
                    continuation.yield(.completed(completion))
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    func embedding(of text: String, model: String) async throws -> [Double] { [] }
}
