import Foundation

/// A scripted answer of the ``TestServer``. Each queued answer serves exactly one request.
public enum TestResponse: Sendable {
    /// Any status with a JSON (or other) body, sent with `content-length`.
    case json(status: Int = 200, body: String, headers: [String: String] = [:])
    /// A normal chat completion with `content`.
    case chat(content: String, model: String = "test-model", finishReason: String = "stop", usage: TestUsage? = TestUsage())
    /// A streamed chat completion: one SSE event per chunk, `delay` before each one, then the
    /// finish chunk, the usage chunk (when `usage` is set), and `data: [DONE]`.
    /// `azureFilterChunk` first sends Azure's `choices: []` chunk with `prompt_filter_results`.
    case stream(
        chunks: [String],
        delay: Duration = .zero,
        usage: TestUsage? = TestUsage(),
        azureFilterChunk: Bool = false,
        finishReason: String = "stop",
        model: String = "test-model"
    )
    /// A `text/event-stream` body written exactly as given: each string is one network write
    /// (flushed separately, `delay` between writes), so tests control how lines are split.
    case rawSSE(writes: [String], delay: Duration = .zero)
    /// Like ``rawSSE(writes:delay:)`` with raw bytes, so a write may end inside a UTF-8 sequence.
    case rawSSEBytes(writes: [[UInt8]], delay: Duration = .zero)
    /// Streams `chunks`, then an `{"error": ...}` event, then ends the body.
    case streamThenError(chunks: [String], message: String, code: String? = nil)
    /// Streams `chunks`, waits `dropAfter`, then closes the connection without `[DONE]` or the
    /// end of the body.
    case streamThenDrop(chunks: [String], dropAfter: Duration = .milliseconds(20))
    /// An OpenAI-style error body `{"error": {message, type, param, code}}` with `status`.
    case error(
        status: Int,
        message: String,
        type: String? = nil,
        param: String? = nil,
        code: String? = nil,
        headers: [String: String] = [:]
    )
    /// Waits `delay` before answering with `then` (for timeouts).
    indirect case slow(Duration, then: TestResponse)
    /// Closes the connection without answering.
    case drop
    /// A 200 answer whose JSON body is cut off.
    case malformed
    /// An embeddings answer with `vector`.
    case embedding([Double], model: String = "test-embedding")
    /// Any status with a body of any content type (an HTML page from a proxy, say).
    case body(status: Int = 200, contentType: String, text: String)
    /// A chat answer of `bytes` bytes of text, whole or streamed in pieces of about 4 KiB.
    case large(bytes: Int, streamed: Bool)
}

/// Token usage the test server reports.
public struct TestUsage: Sendable, Hashable {
    public var promptTokens: Int
    public var completionTokens: Int
    /// Sent as `prompt_tokens_details.cached_tokens` when set.
    public var cachedTokens: Int?
    /// Sent as `completion_tokens_details.reasoning_tokens` when set.
    public var reasoningTokens: Int?

    public init(promptTokens: Int = 10, completionTokens: Int = 5, cachedTokens: Int? = nil, reasoningTokens: Int? = nil) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.cachedTokens = cachedTokens
        self.reasoningTokens = reasoningTokens
    }
}

/// What the server does, step by step, to answer one request.
enum ServerAction: Sendable {
    case head(status: Int, headers: [(String, String)])
    case body([UInt8])
    case wait(Duration)
    case end
    case close
}

extension TestResponse {
    static let sseHeaders: [(String, String)] = [("content-type", "text/event-stream"), ("cache-control", "no-cache")]

    /// The steps that produce this answer.
    var actions: [ServerAction] {
        switch self {
        case .json(let status, let body, let headers):
            var all = [("content-type", "application/json"), ("content-length", String(body.utf8.count))]
            all += headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            return [.head(status: status, headers: all), .body(Array(body.utf8)), .end]
        case .chat(let content, let model, let finishReason, let usage):
            let body = TestJSON.completion(content: content, model: model, finishReason: finishReason, usage: usage)
            return TestResponse.json(body: body).actions
        case .stream(let chunks, let delay, let usage, let azureFilterChunk, let finishReason, let model):
            var actions: [ServerAction] = [.head(status: 200, headers: Self.sseHeaders)]
            if azureFilterChunk {
                actions.append(.body(TestJSON.eventBytes(TestJSON.azureFilterChunk)))
            }
            for chunk in chunks {
                if delay > .zero { actions.append(.wait(delay)) }
                actions.append(.body(TestJSON.eventBytes(TestJSON.chunk(content: chunk, model: model))))
            }
            actions.append(.body(TestJSON.eventBytes(TestJSON.finishChunk(finishReason, model: model))))
            if let usage {
                actions.append(.body(TestJSON.eventBytes(TestJSON.usageChunk(usage, model: model))))
            }
            actions += [.body(Array("data: [DONE]\n\n".utf8)), .end]
            return actions
        case .rawSSE(let writes, let delay):
            return TestResponse.rawSSEBytes(writes: writes.map { Array($0.utf8) }, delay: delay).actions
        case .rawSSEBytes(let writes, let delay):
            var actions: [ServerAction] = [.head(status: 200, headers: Self.sseHeaders)]
            for (index, write) in writes.enumerated() {
                if delay > .zero, index > 0 { actions.append(.wait(delay)) }
                actions.append(.body(write))
            }
            actions.append(.end)
            return actions
        case .streamThenError(let chunks, let message, let code):
            var actions: [ServerAction] = [.head(status: 200, headers: Self.sseHeaders)]
            actions += chunks.map { .body(TestJSON.eventBytes(TestJSON.chunk(content: $0, model: "test-model"))) }
            actions.append(.body(TestJSON.eventBytes(TestJSON.error(message: message, type: "server_error", param: nil, code: code))))
            actions.append(.end)
            return actions
        case .streamThenDrop(let chunks, let dropAfter):
            var actions: [ServerAction] = [.head(status: 200, headers: Self.sseHeaders)]
            actions += chunks.map { .body(TestJSON.eventBytes(TestJSON.chunk(content: $0, model: "test-model"))) }
            // Let the client read what was sent before the connection goes away.
            actions += [.wait(dropAfter), .close]
            return actions
        case .error(let status, let message, let type, let param, let code, let headers):
            let body = TestJSON.error(message: message, type: type, param: param, code: code)
            return TestResponse.json(status: status, body: body, headers: headers).actions
        case .slow(let delay, let then):
            return [.wait(delay)] + then.actions
        case .drop:
            return [.close]
        case .malformed:
            return TestResponse.json(body: #"{"id": "chatcmpl-test", "choices": [{"index": 0, "mess"#).actions
        case .embedding(let vector, let model):
            return TestResponse.json(body: TestJSON.embedding(vector, model: model)).actions
        case .body(let status, let contentType, let text):
            return [.head(status: status, headers: [("content-type", contentType), ("content-length", String(text.utf8.count))]),
                    .body(Array(text.utf8)), .end]
        case .large(let bytes, let streamed):
            let piece = String(repeating: "lorem ipsum dolor sit amet ", count: 151)  // 4,077 bytes
            let pieces = bytes / piece.utf8.count
            let tail = String(piece.prefix(bytes - pieces * piece.utf8.count))
            if !streamed {
                let content = String(repeating: piece, count: pieces) + tail
                return TestResponse.chat(content: content, usage: TestUsage(promptTokens: 10, completionTokens: bytes / 4)).actions
            }
            var actions: [ServerAction] = [.head(status: 200, headers: Self.sseHeaders)]
            let event = TestJSON.eventBytes(TestJSON.chunk(content: piece, model: "test-model"))
            actions += Array(repeating: .body(event), count: pieces)
            if !tail.isEmpty { actions.append(.body(TestJSON.eventBytes(TestJSON.chunk(content: tail, model: "test-model")))) }
            actions.append(.body(TestJSON.eventBytes(TestJSON.finishChunk("stop", model: "test-model"))))
            actions += [.body(Array("data: [DONE]\n\n".utf8)), .end]
            return actions
        }
    }
}
