import Foundation

/// The JSON body of `POST …/chat/completions`. Only set parameters are encoded.
struct ChatRequestBody: Encodable {
    struct Message: Encodable {
        var role: String
        var content: String
        var name: String?
    }

    struct StreamOptions: Encodable {
        var include_usage: Bool
    }

    var model: String
    var messages: [Message]
    var temperature: Double?
    var top_p: Double?
    var frequency_penalty: Double?
    var presence_penalty: Double?
    var max_tokens: Int?
    var max_completion_tokens: Int?
    var reasoning_effort: String?
    var stop: [String]?
    var n: Int?
    var seed: Int?
    var response_format: JSONValue?
    var stream: Bool?
    var stream_options: StreamOptions?

    /// Builds the body, applying the reasoning-model rules: reasoning models get
    /// `max_completion_tokens` (from `maxCompletionTokens ?? maxTokens`) and `reasoning_effort`,
    /// and none of temperature, top_p or the penalties.
    init(messages: [ChatMessage], parameters: ChatParameters, stream: Bool, reasoning: Bool) {
        model = parameters.model
        self.messages = messages.map { message in
            Message(
                role: message.role.rawValue,
                // `parameters.dedent` is applied by LLMService before the client sees the messages.
                content: message.content,
                name: message.name
            )
        }
        if reasoning {
            max_completion_tokens = parameters.maxCompletionTokens ?? parameters.maxTokens
            reasoning_effort = parameters.reasoningEffort
        } else {
            temperature = parameters.temperature
            top_p = parameters.topP
            frequency_penalty = parameters.frequencyPenalty
            presence_penalty = parameters.presencePenalty
            if let maxTokens = parameters.maxTokens {
                max_tokens = maxTokens
            } else {
                max_completion_tokens = parameters.maxCompletionTokens
            }
        }
        self.stop = parameters.stop.flatMap { $0.isEmpty ? nil : $0 }
        n = parameters.n
        seed = parameters.seed
        response_format = parameters.responseFormat.map(Self.wire)
        if stream {
            self.stream = true
            stream_options = StreamOptions(include_usage: true)
        }
    }

    /// `response_format` as the API spells it.
    static func wire(_ format: ResponseFormat) -> JSONValue {
        switch format {
        case .text:
            return .object(["type": .string("text")])
        case .jsonObject:
            return .object(["type": .string("json_object")])
        case .jsonSchema(let name, let schema, let strict):
            return .object([
                "type": .string("json_schema"),
                "json_schema": .object(["name": .string(name), "schema": schema, "strict": .bool(strict)]),
            ])
        }
    }

    /// The encoded bytes (keys sorted so equal requests give equal bytes).
    func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(self))
    }
}

/// The JSON body of `POST …/embeddings`.
struct EmbeddingRequestBody: Encodable {
    var model: String
    var input: String
}
