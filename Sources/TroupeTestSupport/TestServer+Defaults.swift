extension TestServer {
    /// The deterministic answer to an unscripted request.
    ///
    /// - Chat (`…/chat/completions`): the reply is `Echo: <last user message>`; streamed as one
    ///   chunk per word (or `defaults.streamChunks` chunks) when the body has `"stream": true`,
    ///   with a usage chunk when `stream_options.include_usage` is true.
    /// - Embeddings (`…/embeddings`): an 8-number vector derived from the input text.
    /// - A last user message `TROUPE_TEST_BYTES=N`: a reply of N bytes of text (streamed in
    ///   pieces of about 4 KiB), for memory measurements of large answers.
    /// - Anything else: 404 with an OpenAI-style error body.
    static func defaultResponse(for request: RecordedRequest, defaults: Defaults) -> TestResponse {
        if request.path.hasSuffix("/chat/completions") {
            let json = request.json() ?? [:]
            let model = json["model"] as? String ?? "test-model"
            if let text = request.lastUserMessage, text.hasPrefix(largeReplyPrefix),
               let size = Int(text.dropFirst(largeReplyPrefix.count)), size > 0 {
                return .large(bytes: size, streamed: json["stream"] as? Bool == true)
            }
            if request.lastUserMessage == markdownPrompt {
                guard json["stream"] as? Bool == true else { return .chat(content: markdownReply, model: model) }
                // Small pieces that cut through words, `**` and the fence, as a model's tokens do.
                let scalars = Array(markdownReply.unicodeScalars)
                let pieces = stride(from: 0, to: scalars.count, by: 3).map { start in
                    String(String.UnicodeScalarView(scalars[start..<min(start + 3, scalars.count)]))
                }
                return .stream(chunks: pieces, delay: defaults.chunkDelay, model: model)
            }
            let reply = "Echo: " + (request.lastUserMessage ?? "")
            let usage = TestUsage(
                promptTokens: words(of: request.lastUserMessage ?? "").count + 8,
                completionTokens: words(of: reply).count
            )
            guard json["stream"] as? Bool == true else {
                return .chat(content: reply, model: model, usage: usage)
            }
            let includeUsage = (json["stream_options"] as? [String: Any])?["include_usage"] as? Bool == true
            return .stream(
                chunks: chunks(of: reply, count: defaults.streamChunks),
                delay: defaults.chunkDelay,
                usage: includeUsage ? usage : nil,
                model: model
            )
        }
        if request.path.hasSuffix("/embeddings") {
            let input = request.json()?["input"] as? String ?? ""
            return .embedding(embeddingVector(of: input))
        }
        return .error(status: 404, message: "No route for \(request.method) \(request.path)", type: "invalid_request_error", code: "not_found")
    }

    /// The prompt that asks for ``markdownReply``.
    public static let markdownPrompt = "TROUPE_TEST_MARKDOWN"

    /// A reply with Markdown a shell should render: a heading, bold, a paragraph longer than a
    /// narrow terminal, a list and a fenced Swift block.
    public static let markdownReply = """
        # Streams

        A **bold** claim, then a paragraph long enough to wrap at sixty columns, with words that must never be broken in the middle.

        - first item
        - second item with `code`

        ```swift
        let answer = 42 // the answer
        ```

        """

    /// The prompt that asks for a large reply: `TROUPE_TEST_BYTES=52428800`.
    public static let largeReplyPrefix = "TROUPE_TEST_BYTES="

    /// Words of `text`, each but the last with its trailing space, so they concatenate back.
    static func words(of text: String) -> [String] {
        var result: [String] = []
        var current = ""
        for character in text {
            current.append(character)
            if character == " " {
                result.append(current)
                current = ""
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// The streamed pieces of `reply`: its words, or exactly `count` pieces cycling through them.
    static func chunks(of reply: String, count: Int?) -> [String] {
        let pieces = words(of: reply)
        guard let count, count > 0, !pieces.isEmpty else { return pieces }
        return (0..<count).map { index in
            let word = pieces[index % pieces.count]
            return word.hasSuffix(" ") ? word : word + " "
        }
    }

    /// A deterministic 8-number vector for `text` (FNV-1a over its bytes, one seed per slot).
    public static func embeddingVector(of text: String) -> [Double] {
        (0..<8).map { slot in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325 &+ UInt64(slot)
            for byte in text.utf8 {
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            }
            return Double(hash % 2001) / 1000 - 1
        }
    }
}
