import Foundation

/// Token usage as the API spells it, details included.
struct UsageWire: Decodable {
    struct PromptDetails: Decodable { var cached_tokens: Int? }
    struct CompletionDetails: Decodable { var reasoning_tokens: Int? }

    var prompt_tokens: Int?
    var completion_tokens: Int?
    var total_tokens: Int?
    var prompt_tokens_details: PromptDetails?
    var completion_tokens_details: CompletionDetails?

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        prompt_tokens = try container.decodeIfPresent(Int.self, forKey: .prompt_tokens)
        completion_tokens = try container.decodeIfPresent(Int.self, forKey: .completion_tokens)
        total_tokens = try container.decodeIfPresent(Int.self, forKey: .total_tokens)
        // Servers that send the details as null or in another shape still give the totals.
        prompt_tokens_details = try? container.decodeIfPresent(PromptDetails.self, forKey: .prompt_tokens_details)
        completion_tokens_details = try? container.decodeIfPresent(CompletionDetails.self, forKey: .completion_tokens_details)
    }

    enum CodingKeys: String, CodingKey {
        case prompt_tokens, completion_tokens, total_tokens, prompt_tokens_details, completion_tokens_details
    }

    var usage: Usage {
        Usage(
            promptTokens: prompt_tokens ?? 0, completionTokens: completion_tokens ?? 0, totalTokens: total_tokens,
            cachedTokens: prompt_tokens_details?.cached_tokens ?? 0,
            reasoningTokens: completion_tokens_details?.reasoning_tokens ?? 0)
    }
}

/// An error object inside a body or a stream event.
struct ErrorWire: Decodable {
    var message: String?
    var type: String?
    var param: String?
    var code: String?

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        message = try? container.decodeIfPresent(String.self, forKey: .message)
        type = try? container.decodeIfPresent(String.self, forKey: .type)
        param = try? container.decodeIfPresent(String.self, forKey: .param)
        code = (try? container.decodeIfPresent(String.self, forKey: .code))
            ?? (try? container.decodeIfPresent(Int.self, forKey: .code)).flatMap { $0.map(String.init) }
    }

    enum CodingKeys: String, CodingKey { case message, type, param, code }
}

/// A non-streamed chat completion.
struct ChatCompletionWire: Decodable {
    struct Choice: Decodable {
        struct Message: Decodable {
            var content: String?
            var refusal: String?
        }
        var index: Int?
        var message: Message?
        var finish_reason: String?
    }

    var model: String?
    var choices: [Choice]?
    var usage: UsageWire?

    func completion() throws -> ChatCompletion {
        guard let choices, !choices.isEmpty else {
            throw ClientError.malformedResponse("the answer has no choices")
        }
        let ordered = choices.enumerated().sorted { ($0.element.index ?? $0.offset) < ($1.element.index ?? $1.offset) }
        let texts = ordered.map { $0.element.message.flatMap { $0.content ?? $0.refusal } ?? "" }
        return ChatCompletion(
            content: texts[0],
            choices: texts,
            finishReason: ordered[0].element.finish_reason,
            model: model,
            usage: usage?.usage
        )
    }
}

/// One streamed chunk. `choices` may be empty (Azure's filter results, the usage chunk).
struct ChatChunkWire: Decodable {
    struct Choice: Decodable {
        struct Delta: Decodable {
            var content: String?
            var refusal: String?
        }
        var index: Int?
        var delta: Delta?
        var finish_reason: String?
    }

    var model: String?
    var choices: [Choice]?
    var usage: UsageWire?
    var error: ErrorWire?
}

/// Assembles a streamed answer from its chunks.
struct StreamAccumulator {
    private var texts: [Int: String] = [:]
    private var finishReasons: [Int: String] = [:]
    private var model: String?
    private var usage: Usage?
    private(set) var sawFinish = false

    /// Applies `chunk`; returns the text it adds to choice 0, if any.
    mutating func apply(_ chunk: ChatChunkWire) -> String? {
        if let name = chunk.model, !name.isEmpty { model = name }
        if let usage = chunk.usage { self.usage = usage.usage }
        var delta: String?
        for choice in chunk.choices ?? [] {
            let index = choice.index ?? 0
            if let text = choice.delta?.content ?? choice.delta?.refusal, !text.isEmpty {
                texts[index, default: ""] += text
                if index == 0 { delta = text }
            }
            if let reason = choice.finish_reason {
                finishReasons[index] = reason
                sawFinish = true
            }
        }
        return delta
    }

    /// The whole answer so far.
    func completion() -> ChatCompletion {
        let count = max((texts.keys.max() ?? 0), (finishReasons.keys.max() ?? 0)) + 1
        let choices = (0..<count).map { texts[$0] ?? "" }
        return ChatCompletion(
            content: choices[0],
            choices: choices,
            finishReason: finishReasons[0],
            model: model,
            usage: usage
        )
    }
}

/// An embeddings answer.
struct EmbeddingResponseWire: Decodable {
    struct Item: Decodable {
        var embedding: [Double]
        var index: Int?
    }
    var data: [Item]
}
