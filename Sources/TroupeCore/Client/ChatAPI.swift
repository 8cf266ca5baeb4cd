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

    /// Largest non-streamed answer read (a 64 MiB JSON body).
    static let bodyLimit = 64 << 20

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
            ("User-Agent", "troupe/\(TroupeVersion.current)"),
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

    /// Sends `request`, streamed when `stream` is true; text deltas go to `onEvent` as they
    /// arrive, read straight from the socket with nothing queued in between.
    func send(_ request: ChatRequest, stream: Bool, onEvent: @escaping ChatEventHandler) async throws -> ChatCompletion {
        var headers = self.headers
        headers.append(("Accept", stream ? "text/event-stream" : "application/json"))
        let transportRequest = TransportRequest(
            method: "POST",
            url: chatURL(request.model),
            headers: headers,
            body: try request.body(stream: stream),
            timeout: request.timeout ?? configuration.timeout,
            connectTimeout: configuration.connectTimeout)
        let redact = executor.redact
        if stream {
            return try await executor.run(
                transportRequest, onEvent: onEvent,
                handle: { response, context in
                    try await Self.readStream(response, context: context, redact: redact, onEvent: onEvent)
                },
                partial: { context in
                    var kept = context.completion()
                    kept.timedOut = true
                    return kept
                })
        }
        return try await executor.run(transportRequest, onEvent: onEvent) { response, _ in
            let body = try await response.body.collect(
                upTo: Self.bodyLimit, expectedLength: response.header("content-length").flatMap { Int($0) })
            return try Self.decodeCompletion(body, contentType: response.header("content-type"))
        }
    }

    /// Decodes a whole (non-streamed) answer without copying its bytes again.
    static func decodeCompletion(_ body: ByteBuffer, contentType: String?) throws -> ChatCompletion {
        let wire: ChatCompletionWire
        do {
            wire = try body.withUnsafeReadableBytes { raw in
                guard let base = raw.baseAddress else { throw ClientError.malformedResponse("empty") }
                let data = Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: raw.count, deallocator: .none)
                return try JSONDecoder().decode(ChatCompletionWire.self, from: data)
            }
        } catch {
            throw ClientError.malformedResponse(notTheAnswer(body, contentType: contentType, expected: "the expected JSON"))
        }
        return try wire.completion()
    }

    /// Wording for a body that is not what was asked for (an HTML error page, say).
    static func notTheAnswer(_ body: ByteBuffer, contentType: String?, expected: String) -> String {
        let type = contentType.map { "it is \($0.split(separator: ";").first.map(String.init) ?? $0), " } ?? ""
        var start = String(decoding: body.readableBytesView.prefix(80), as: UTF8.self)
            .replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
        if body.readableBytes > 80 { start += "…" }
        return "\(type)not \(expected) (\(body.readableBytes) bytes, starting \"\(start)\")"
    }

    /// Reads an SSE chat stream to its end, passing each text delta of choice 0 to `onEvent`.
    static func readStream(
        _ response: TransportResponse,
        context: AttemptContext,
        redact: @Sendable (String) -> String,
        onEvent: ChatEventHandler
    ) async throws -> ChatCompletion {
        // A 200 answer that is not an event stream (an HTML page from a proxy, a JSON error)
        // is reported at once, not mistaken for a cut stream and retried.
        if let type = response.header("content-type")?.lowercased(), !type.contains("event-stream") {
            let body = try await response.body.collect(upTo: 1 << 20)
            if type.contains("json"), let completion = try? decodeCompletion(body, contentType: type) {
                // A server that ignored `stream: true` and answered whole.
                if !completion.content.isEmpty {
                    context.markDelivered()
                    await onEvent(.delta(completion.content))
                }
                return completion
            }
            throw ClientError.malformedResponse(notTheAnswer(body, contentType: type, expected: "an event stream"))
        }
        var parser = SSEParser()
        var done = false
        var events = 0
        var firstBytes = ByteBuffer()
        let decoder = JSONDecoder()

        func handle(_ batch: [SSEParser.Event]) async throws {
            for event in batch where !done {
                events += 1
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
                if let delta = context.apply(chunk) {
                    context.markDelivered()
                    await onEvent(.delta(delta))
                }
            }
        }

        // Reads on after [DONE] to the end of the body so the connection can be reused.
        for try await buffer in response.body {
            if done { continue }
            if events == 0, firstBytes.readableBytes < 200 {
                var copy = buffer
                firstBytes.writeBuffer(&copy)
            }
            try await handle(parser.feed(buffer.readableBytesView))
        }
        if !done { try await handle(parser.finish()) }
        if events == 0, firstBytes.readableBytes > 0 {
            throw ClientError.malformedResponse(notTheAnswer(firstBytes, contentType: response.header("content-type"), expected: "an event stream"))
        }
        guard done || context.sawFinish else {
            throw ClientError.connectionLost("the stream ended before the answer was complete")
        }
        return context.completion()
    }

    /// The `data[].id` of a model listing, without retries (completion must not wait).
    func models(url: String) async throws -> [String] {
        var headers = self.headers
        headers.append(("Accept", "application/json"))
        let request = TransportRequest(method: "GET", url: url, headers: headers, body: [], timeout: .seconds(2), connectTimeout: .seconds(2))
        let response = try await configuration.transport.send(request)
        let body = try await response.body.collect(upTo: 8 << 20)
        guard (200..<300).contains(response.status) else { return [] }
        struct Listing: Decodable {
            struct Model: Decodable { var id: String }
            var data: [Model]
        }
        return (try? JSONDecoder().decode(Listing.self, from: Data(body.readableBytesView)))?.data.map(\.id).sorted() ?? []
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
            timeout: configuration.timeout,
            connectTimeout: configuration.connectTimeout
        )
        return try await executor.run(request) { response, _ in
            let body = try await response.body.collect(upTo: Self.bodyLimit)
            let wire: EmbeddingResponseWire
            do {
                wire = try JSONDecoder().decode(EmbeddingResponseWire.self, from: Data(body.readableBytesView))
            } catch {
                throw ClientError.malformedResponse(Self.notTheAnswer(body, contentType: response.header("content-type"), expected: "the expected embeddings JSON"))
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
