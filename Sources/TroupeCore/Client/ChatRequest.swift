import Foundation

/// A chat request as it will be sent: the messages (dedented when asked), the body fields the
/// parameters give for this model, and the attempt deadline.
///
/// ``LLMService`` builds it once; the cache key is computed from the same body the client
/// sends, so a parameter left out for a reasoning model does not change the key.
public struct ChatRequest: Sendable, Hashable {
    /// The model (the deployment on Azure), also the body's `model`.
    public var model: String
    /// The messages as sent.
    public var messages: [ChatMessage]
    /// Every body field but `model`, `messages` and the streaming fields.
    public var fields: [String: JSONValue]
    /// How long one attempt may take, from the request to the answer's last byte; nil leaves
    /// it to the client's configuration.
    public var timeout: Duration?

    public init(model: String, messages: [ChatMessage], fields: [String: JSONValue] = [:], timeout: Duration? = nil) {
        self.model = model
        self.messages = messages
        self.fields = fields
        self.timeout = timeout
    }

    /// The request for `messages` with `parameters`, applying each parameter's placement:
    /// sampling parameters only for ordinary models, `reasoning_effort` only for reasoning
    /// models, and the token limit as `max_tokens` or `max_completion_tokens`.
    /// - Parameters:
    ///   - reasoning: whether the model is a reasoning model.
    ///   - defaultTimeout: TIMEOUT when the parameters do not set it, in seconds (nil: the client's).
    public init(messages: [ChatMessage], parameters: ChatParameters, reasoning: Bool, defaultTimeout: Double? = nil) {
        var fields: [String: JSONValue] = [:]
        let hasMaxTokens = parameters[.maxTokens] != nil
        let hasMaxCompletionTokens = parameters[.maxCompletionTokens] != nil
        for (setting, value) in parameters.settings {
            switch setting.placement {
            case .body(let key, let models):
                switch models {
                case .all: break
                case .ordinary where reasoning: continue
                case .reasoning where !reasoning: continue
                case .ordinary, .reasoning: break
                }
                if case .array(let items) = value, items.isEmpty { continue }
                fields[key] = value
            case .maxTokens:
                if !reasoning {
                    fields["max_tokens"] = value
                } else if !hasMaxCompletionTokens {
                    fields["max_completion_tokens"] = value
                }
            case .maxCompletionTokens:
                if reasoning || !hasMaxTokens { fields["max_completion_tokens"] = value }
            case .model, .jsonMode, .requestTimeout, .messageText, .client, .service, .application:
                continue
            }
        }
        if let format = parameters.responseFormat { fields["response_format"] = format.wire }
        if let n = parameters.n { fields["n"] = .number(Double(n)) }
        self.init(
            model: parameters.model,
            messages: parameters.dedent ? messages.map { $0.dedented() } : messages,
            fields: fields,
            timeout: (parameters.timeout ?? defaultTimeout).map { .saturating(seconds: $0) })
    }

    /// The JSON body, keys sorted so that equal requests give equal bytes.
    /// - Parameter stream: adds `stream: true` and `stream_options: {include_usage: true}`.
    public func body(stream: Bool) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(Body(request: self, stream: stream)))
    }

    /// The encoded body: `model`, `messages`, the fields, and the streaming fields.
    private struct Body: Encodable {
        let request: ChatRequest
        let stream: Bool

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(_ string: String) { stringValue = string }
            init?(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(request.model, forKey: Key("model"))
            try container.encode(request.messages.map(WireMessage.init), forKey: Key("messages"))
            for (key, value) in request.fields where key != "model" && key != "messages" && key != "stream" {
                try container.encode(value, forKey: Key(key))
            }
            if stream {
                try container.encode(true, forKey: Key("stream"))
                try container.encode(["include_usage": true], forKey: Key("stream_options"))
            }
        }
    }

    /// A message as the API takes it: `content` is the text, or, with images, content parts
    /// (`{"type":"text",...}` first, then one `{"type":"image_url",...}` per image).
    private struct WireMessage: Encodable {
        var message: ChatMessage

        init(_ message: ChatMessage) {
            self.message = message
        }

        enum CodingKeys: String, CodingKey { case role, content, name }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(message.role.rawValue, forKey: .role)
            if message.images.isEmpty {
                try container.encode(message.content, forKey: .content)
            } else {
                var parts: [JSONValue] = []
                if !message.content.isEmpty { parts.append(["type": "text", "text": .string(message.content)]) }
                for image in message.images {
                    parts.append(["type": "image_url", "image_url": ["url": .string(image.dataURL)]])
                }
                try container.encode(parts, forKey: .content)
            }
            try container.encodeIfPresent(message.name, forKey: .name)
        }
    }
}

extension ResponseFormat {
    /// `response_format` as the API spells it.
    var wire: JSONValue {
        switch self {
        case .text:
            return ["type": "text"]
        case .jsonObject:
            return ["type": "json_object"]
        case .jsonSchema(let name, let schema, let strict):
            return ["type": "json_schema", "json_schema": ["name": .string(name), "schema": schema, "strict": .bool(strict)]]
        }
    }
}

extension ChatMessage {
    /// The message with common leading whitespace removed, as TinyTroupe's `dedent` does.
    func dedented() -> ChatMessage {
        var copy = self
        copy.content = content.dedented()
        return copy
    }
}

/// The JSON body of `POST …/embeddings`.
struct EmbeddingRequestBody: Encodable {
    var model: String
    var input: String
}
