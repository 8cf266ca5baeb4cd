/// Token usage as reported by the API.
public struct Usage: Codable, Sendable, Hashable {
    public var promptTokens: Int
    public var completionTokens: Int
    public var totalTokens: Int

    public init(promptTokens: Int, completionTokens: Int, totalTokens: Int? = nil) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.totalTokens = totalTokens ?? promptTokens + completionTokens
    }
}

/// The result of a chat request, streamed or not.
public struct ChatCompletion: Codable, Sendable, Hashable {
    /// The first choice's text (what TinyTroupe returns as the message content).
    public var content: String
    /// Every choice's text when `n` > 1; `[content]` otherwise.
    public var choices: [String]
    /// `stop`, `length`, `content_filter`, `tool_calls`, or nil when a stream was cut.
    public var finishReason: String?
    /// The model the server says answered.
    public var model: String?
    public var usage: Usage?
    /// True when the answer came from the response cache and no request was made.
    public var fromCache: Bool

    public init(
        content: String,
        choices: [String]? = nil,
        finishReason: String? = nil,
        model: String? = nil,
        usage: Usage? = nil,
        fromCache: Bool = false
    ) {
        self.content = content
        self.choices = choices ?? [content]
        self.finishReason = finishReason
        self.model = model
        self.usage = usage
        self.fromCache = fromCache
    }
}

/// What a streamed chat request yields: text deltas as they arrive, then the whole result.
public enum ChatStreamEvent: Sendable, Hashable {
    /// A piece of the first choice's text.
    case delta(String)
    /// The stream ended (`[DONE]`); carries the assembled result and usage when sent.
    case completed(ChatCompletion)
}
