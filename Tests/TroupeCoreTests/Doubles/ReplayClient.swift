import Foundation
import Synchronization
@testable import TroupeCore

/// An in-process ``LLMClient`` for replay logic tests, registered under a custom API type the
/// way a user's own provider would be. It answers with `reply(request)` and records every
/// request. (Replays over real HTTP are tested against the local test server.)
final class ReplayClient: LLMClient, Sendable {
    let apiType: String
    private let recorded = Mutex<[ChatRequest]>([])
    private let reply: @Sendable (ChatRequest) throws -> String

    init(apiType: String = "scripted", reply: @escaping @Sendable (ChatRequest) throws -> String) {
        self.apiType = apiType
        self.reply = reply
    }

    /// "Echo: <last user message>", like the test server's default answer.
    static func echo(_ request: ChatRequest) -> String {
        "Echo: " + (request.messages.last { $0.role == .user }?.content ?? "")
    }

    var requests: [ChatRequest] { recorded.withLock { $0 } }

    /// A registry that makes this client for its API type.
    func registry() -> ClientRegistry {
        let registry = ClientRegistry(factories: [:])
        registry.register(apiType) { _ in self }
        return registry
    }

    func send(_ request: ChatRequest, stream: Bool, onEvent: @escaping ChatEventHandler) async throws -> ChatCompletion {
        recorded.withLock { $0.append(request) }
        let text = try reply(request)
        if stream {
            for (index, word) in text.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
                await onEvent(.delta(index == 0 ? String(word) : " " + word))
            }
        }
        return ChatCompletion(
            content: text, finishReason: "stop", model: request.model,
            usage: Usage(promptTokens: request.messages.count * 10, completionTokens: text.split(separator: " ").count))
    }

    func embedding(of text: String, model: String) async throws -> [Double] { [] }
}
