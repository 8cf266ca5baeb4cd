import Foundation
import NIOCore

/// The Chat Completions and Embeddings protocol shared by ``OpenAIClient`` and
/// ``AzureOpenAIClient``; they differ only in URLs and headers.
struct ChatAPI: Sendable {
    /// Where to send a request for `model`.
    let chatURL: @Sendable (_ model: String) -> String
    let embeddingsURL: @Sendable (_ model: String) -> String
    let headers: [(name: String, value: String)]
    let configuration: ClientConfiguration
    let executor: RequestExecutor

    init(
        configuration: ClientConfiguration,
        chatURL: @escaping @Sendable (String) -> String,
        embeddingsURL: @escaping @Sendable (String) -> String
    ) {
        self.configuration = configuration
        self.chatURL = chatURL
        self.embeddingsURL = embeddingsURL
        var headers: [(name: String, value: String)] = [
            ("Content-Type", "application/json"),
            ("User-Agent", "troupe/0.1"),
        ]
        if let credential = configuration.credential.header { headers.append(credential) }
        headers += configuration.extraHeaders.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        self.headers = headers
        executor = RequestExecutor(
            transport: configuration.transport,
            policy: configuration.retryPolicy,
            sleep: configuration.sleep,
            random: configuration.random,
            logger: configuration.logger,
            secrets: configuration.credential.secret.map { [$0] } ?? []
        )
    }

    private func isReasoning(_ model: String) -> Bool {
        configuration.reasoningModels.contains(model) || ModelFamily.isReasoningModel(model)
    }

    private func timeout(_ parameters: ChatParameters) -> Duration {
        guard let seconds = parameters.timeout, seconds > 0, seconds.isFinite else { return configuration.timeout }
        return .nanoseconds(Int64(seconds * 1e9))
    }

    /// The request for a chat call; built once, so every attempt sends the same bytes.
    private func chatRequest(_ messages: [ChatMessage], _ parameters: ChatParameters, stream: Bool) throws -> TransportRequest {
        let body = ChatRequestBody(
            messages: messages,
            parameters: parameters,
            stream: stream,
            reasoning: isReasoning(parameters.model)
        )
        var headers = self.headers
        headers.append(("Accept", stream ? "text/event-stream" : "application/json"))
        return TransportRequest(
            method: "POST",
            url: chatURL(parameters.model),
            headers: headers,
            body: try body.encoded(),
            timeout: timeout(parameters)
        )
    }

    func complete(_ messages: [ChatMessage], parameters: ChatParameters) async throws -> ChatCompletion {
        let request = try chatRequest(messages, parameters, stream: false)
        configuration.logger.debug("chat request", metadata: ["model": "\(parameters.model)", "stream": "false"])
        return try await executor.run(request, timeout: request.timeout) { response, monitor in
            let body = try await response.body.collect(upTo: 64 << 20, onRead: monitor.touch)
            let wire: ChatCompletionWire
            do {
                wire = try JSONDecoder().decode(ChatCompletionWire.self, from: Data(body))
            } catch {
                throw ClientError.malformedResponse("the chat answer is not the expected JSON (\(body.count) bytes)")
            }
            return try wire.completion()
        }
    }

    func stream(_ messages: [ChatMessage], parameters: ChatParameters) -> AsyncThrowingStream<ChatStreamEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream<ChatStreamEvent, any Error>.makeStream()
        let task = Task {
            do {
                let request = try chatRequest(messages, parameters, stream: true)
                configuration.logger.debug("chat request", metadata: ["model": "\(parameters.model)", "stream": "true"])
                let completion = try await executor.run(request, timeout: request.timeout) { [executor] response, monitor in
                    try await Self.readStream(response, monitor: monitor, redact: executor.redact) { delta in
                        continuation.yield(.delta(delta))
                    }
                }
                continuation.yield(.completed(completion))
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// Reads an SSE chat stream to its end, passing each text delta of choice 0 to `yield`.
    static func readStream(
        _ response: TransportResponse,
        monitor: AttemptMonitor,
        redact: @Sendable (String) -> String,
        yield: (String) -> Void
    ) async throws -> ChatCompletion {
        var parser = SSEParser()
        var accumulator = StreamAccumulator()
        var done = false
        let decoder = JSONDecoder()

        func handle(_ events: [SSEParser.Event]) throws {
            for event in events where !done {
                if event.data == "[DONE]" {
                    done = true
                    return
                }
                let chunk: ChatChunkWire
                do {
                    chunk = try decoder.decode(ChatChunkWire.self, from: Data(event.data.utf8))
                } catch {
                    throw ClientError.malformedResponse("a streamed chunk is not the expected JSON")
                }
                if let error = chunk.error {
                    throw ClientError.streamError(
                        APIErrorDetail(
                            status: nil,
                            message: redact(error.message ?? "unknown error"),
                            type: error.type,
                            param: error.param,
                            code: error.code
                        )
                    )
                }
                if let delta = accumulator.apply(chunk) {
                    monitor.markDelivered()
                    yield(delta)
                }
            }
        }

        // Reads on after [DONE] to the end of the body so the connection can be reused.
        for try await buffer in response.body {
            monitor.touch()
            if done { continue }
            try handle(parser.feed(buffer.readableBytesView))
        }
        if !done { try handle(parser.finish()) }
        guard done || accumulator.sawFinish else {
            throw ClientError.connectionLost("the stream ended before the answer was complete")
        }
        return accumulator.completion()
    }

    func embedding(of text: String, model: String) async throws -> [Double] {
        var headers = self.headers
        headers.append(("Accept", "application/json"))
        let body = try JSONEncoder().encode(EmbeddingRequestBody(model: model, input: text))
        let request = TransportRequest(
            method: "POST",
            url: embeddingsURL(model),
            headers: headers,
            body: Array(body),
            timeout: configuration.timeout
        )
        return try await executor.run(request, timeout: request.timeout) { response, monitor in
            let body = try await response.body.collect(upTo: 64 << 20, onRead: monitor.touch)
            let wire: EmbeddingResponseWire
            do {
                wire = try JSONDecoder().decode(EmbeddingResponseWire.self, from: Data(body))
            } catch {
                throw ClientError.malformedResponse("the embeddings answer is not the expected JSON (\(body.count) bytes)")
            }
            guard let first = wire.data.min(by: { ($0.index ?? 0) < ($1.index ?? 0) }) else {
                throw ClientError.malformedResponse("the embeddings answer has no data")
            }
            return first.embedding
        }
    }
}

extension String {
    /// The string without trailing slashes.
    var withoutTrailingSlash: String {
        var result = Substring(self)
        while result.hasSuffix("/") { result = result.dropLast() }
        return String(result)
    }
}
