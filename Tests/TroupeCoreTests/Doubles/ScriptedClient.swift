import Foundation
@testable import TroupeCore

/// A test double for unit tests of ``LLMService`` (caching, concurrency, routing): it answers
/// "reply to <last message>" after an optional delay and records what it was asked.
/// The HTTP path is tested against the real local server elsewhere.
final class ScriptedClient: LLMClient, @unchecked Sendable {
    struct Failure: Error, Equatable { var message: String }

    let apiType: String
    let delay: Duration
    private let lock = NSLock()
    private var _calls: [(messages: [ChatMessage], parameters: ChatParameters, streamed: Bool)] = []
    private var _embeddingModels: [String] = []
    private var inFlight = 0
    private var _maxInFlight = 0
    private var _failuresLeft = 0
    private var _cancelledStreams = 0

    init(apiType: String = "openai", delay: Duration = .zero) {
        self.apiType = apiType
        self.delay = delay
    }

    var calls: [(messages: [ChatMessage], parameters: ChatParameters, streamed: Bool)] { lock.withLock { _calls } }
    var embeddingModels: [String] { lock.withLock { _embeddingModels } }
    var maxInFlight: Int { lock.withLock { _maxInFlight } }
    var cancelledStreams: Int { lock.withLock { _cancelledStreams } }
    /// The next `count` requests fail.
    func failNext(_ count: Int) { lock.withLock { _failuresLeft = count } }

    private func begin(_ messages: [ChatMessage], _ parameters: ChatParameters, streamed: Bool) throws {
        try lock.withLock {
            _calls.append((messages, parameters, streamed))
            if _failuresLeft > 0 {
                _failuresLeft -= 1
                throw Failure(message: "scripted failure")
            }
            inFlight += 1
            _maxInFlight = max(_maxInFlight, inFlight)
        }
    }

    private func end() { lock.withLock { inFlight -= 1 } }

    static func reply(to messages: [ChatMessage]) -> String {
        "reply to \(messages.last?.content ?? "")"
    }

    func complete(_ messages: [ChatMessage], parameters: ChatParameters) async throws -> ChatCompletion {
        try begin(messages, parameters, streamed: false)
        defer { end() }
        if delay > .zero { try await Task.sleep(for: delay) }
        return ChatCompletion(content: Self.reply(to: messages), finishReason: "stop", model: parameters.model,
                              usage: Usage(promptTokens: 5, completionTokens: 3))
    }

    func stream(_ messages: [ChatMessage], parameters: ChatParameters) -> AsyncThrowingStream<ChatStreamEvent, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    try begin(messages, parameters, streamed: true)
                } catch {
                    continuation.finish(throwing: error)
                    return
                }
                // The request counts as over before the consumer can see the end of the stream.
                do {
                    let words = Self.reply(to: messages).split(separator: " ")
                    for (index, word) in words.enumerated() {
                        if delay > .zero { try await Task.sleep(for: delay) }
                        try Task.checkCancellation()
                        continuation.yield(.delta(index == 0 ? String(word) : " " + word))
                    }
                    end()
                    continuation.yield(.completed(ChatCompletion(content: Self.reply(to: messages), finishReason: "stop", model: parameters.model)))
                    continuation.finish()
                } catch {
                    end()
                    lock.withLock { _cancelledStreams += 1 }
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    func embedding(of text: String, model: String) async throws -> [Double] {
        lock.withLock { _embeddingModels.append(model) }
        return [Double(text.count), 1, 2]
    }
}
