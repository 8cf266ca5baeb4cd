import Foundation
import Synchronization
@testable import TroupeCore

/// A test double for unit tests of ``LLMService`` (caching, concurrency, routing): it answers
/// "reply to <last message>" after an optional delay and records what it was asked.
/// The HTTP path is tested against the real local server elsewhere.
final class ScriptedClient: LLMClient, Sendable {
    struct Failure: Error, Equatable { var message: String }

    struct State {
        var calls: [(request: ChatRequest, streamed: Bool)] = []
        var embeddingModels: [String] = []
        var inFlight = 0
        var maxInFlight = 0
        var failuresLeft = 0
        var cancelledStreams = 0
    }

    let apiType: String
    let delay: Duration
    private let state = Mutex(State())

    init(apiType: String = "openai", delay: Duration = .zero) {
        self.apiType = apiType
        self.delay = delay
    }

    var calls: [(request: ChatRequest, streamed: Bool)] { state.withLock { $0.calls } }
    var embeddingModels: [String] { state.withLock { $0.embeddingModels } }
    var maxInFlight: Int { state.withLock { $0.maxInFlight } }
    var cancelledStreams: Int { state.withLock { $0.cancelledStreams } }
    /// The next `count` requests fail.
    func failNext(_ count: Int) { state.withLock { $0.failuresLeft = count } }

    private func begin(_ request: ChatRequest, streamed: Bool) throws {
        try state.withLock { state in
            state.calls.append((request, streamed))
            if state.failuresLeft > 0 {
                state.failuresLeft -= 1
                throw Failure(message: "scripted failure")
            }
            state.inFlight += 1
            state.maxInFlight = max(state.maxInFlight, state.inFlight)
        }
    }

    private func end() { state.withLock { $0.inFlight -= 1 } }

    static func reply(to messages: [ChatMessage]) -> String {
        "reply to \(messages.last?.content ?? "")"
    }

    func send(_ request: ChatRequest, stream: Bool, onEvent: @escaping ChatEventHandler) async throws -> ChatCompletion {
        try begin(request, streamed: stream)
        defer { end() }
        let text = Self.reply(to: request.messages)
        do {
            if stream {
                for (index, word) in text.split(separator: " ").enumerated() {
                    if delay > .zero { try await Task.sleep(for: delay) }
                    try Task.checkCancellation()
                    await onEvent(.delta(index == 0 ? String(word) : " " + word))
                }
            } else if delay > .zero {
                try await Task.sleep(for: delay)
            }
        } catch {
            state.withLock { $0.cancelledStreams += 1 }
            throw error
        }
        return ChatCompletion(content: text, finishReason: "stop", model: request.model,
                              usage: Usage(promptTokens: 5, completionTokens: 3))
    }

    func embedding(of text: String, model: String) async throws -> [Double] {
        state.withLock { $0.embeddingModels.append(model) }
        return [Double(text.count), 1, 2]
    }
}
