import Foundation

/// Token usage as reported by the API.
public struct Usage: Codable, Sendable, Hashable {
    /// All input tokens, cached ones included (`prompt_tokens`).
    public var promptTokens: Int
    /// All output tokens, reasoning ones included (`completion_tokens`).
    public var completionTokens: Int
    public var totalTokens: Int
    /// The input tokens served from the prompt cache (`prompt_tokens_details.cached_tokens`);
    /// part of ``promptTokens``.
    public var cachedTokens: Int
    /// The output tokens spent reasoning (`completion_tokens_details.reasoning_tokens`); part
    /// of ``completionTokens``.
    public var reasoningTokens: Int

    public init(promptTokens: Int, completionTokens: Int, totalTokens: Int? = nil, cachedTokens: Int = 0, reasoningTokens: Int = 0) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.totalTokens = totalTokens ?? promptTokens + completionTokens
        self.cachedTokens = cachedTokens
        self.reasoningTokens = reasoningTokens
    }

    private enum CodingKeys: String, CodingKey {
        case promptTokens, completionTokens, totalTokens, cachedTokens, reasoningTokens
    }

    /// Reads cache rows and sessions written before the details were kept (they count as 0).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        promptTokens = try container.decode(Int.self, forKey: .promptTokens)
        completionTokens = try container.decode(Int.self, forKey: .completionTokens)
        totalTokens = try container.decodeIfPresent(Int.self, forKey: .totalTokens) ?? promptTokens + completionTokens
        cachedTokens = try container.decodeIfPresent(Int.self, forKey: .cachedTokens) ?? 0
        reasoningTokens = try container.decodeIfPresent(Int.self, forKey: .reasoningTokens) ?? 0
    }

    /// Writes the details only when there are some, so files without them stay as they were.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(promptTokens, forKey: .promptTokens)
        try container.encode(completionTokens, forKey: .completionTokens)
        try container.encode(totalTokens, forKey: .totalTokens)
        if cachedTokens != 0 { try container.encode(cachedTokens, forKey: .cachedTokens) }
        if reasoningTokens != 0 { try container.encode(reasoningTokens, forKey: .reasoningTokens) }
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
    /// How long the answer took when it was made (a cached answer keeps its original figures).
    public var latency: ResponseLatency?
    /// True when the answer was cut by TIMEOUT after part of it arrived (kept, not retried).
    public var timedOut: Bool
    /// True when the answer came through the Batch API (priced at the batch rate; kept in the
    /// cache so a cached answer is priced as it was bought).
    public var batched: Bool

    public init(
        content: String,
        choices: [String]? = nil,
        finishReason: String? = nil,
        model: String? = nil,
        usage: Usage? = nil,
        fromCache: Bool = false,
        latency: ResponseLatency? = nil,
        timedOut: Bool = false,
        batched: Bool = false
    ) {
        self.content = content
        self.choices = choices ?? [content]
        self.finishReason = finishReason
        self.model = model
        self.usage = usage
        self.fromCache = fromCache
        self.latency = latency
        self.timedOut = timedOut
        self.batched = batched
    }

    private enum CodingKeys: String, CodingKey {
        case content, choices, finishReason, model, usage, fromCache, latency, timedOut, batched
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        content = try container.decode(String.self, forKey: .content)
        choices = try container.decodeIfPresent([String].self, forKey: .choices) ?? [content]
        finishReason = try container.decodeIfPresent(String.self, forKey: .finishReason)
        model = try container.decodeIfPresent(String.self, forKey: .model)
        usage = try container.decodeIfPresent(Usage.self, forKey: .usage)
        fromCache = try container.decodeIfPresent(Bool.self, forKey: .fromCache) ?? false
        latency = try container.decodeIfPresent(ResponseLatency.self, forKey: .latency)
        timedOut = try container.decodeIfPresent(Bool.self, forKey: .timedOut) ?? false
        batched = try container.decodeIfPresent(Bool.self, forKey: .batched) ?? false
    }
}

/// How long an answer took, in seconds.
public struct ResponseLatency: Codable, Sendable, Hashable {
    /// Seconds from sending the request to the first streamed text; nil when not streamed.
    public var firstTokenSeconds: Double?
    /// Seconds from sending the request to the whole answer.
    public var totalSeconds: Double

    public init(firstTokenSeconds: Double? = nil, totalSeconds: Double) {
        self.firstTokenSeconds = firstTokenSeconds
        self.totalSeconds = totalSeconds
    }
}

/// What happens while a chat request runs, reported as it happens (the answer itself is the
/// request's result).
public enum ChatEvent: Sendable, Hashable {
    /// A piece of the first choice's text, as it arrived.
    case delta(String)
    /// An attempt failed and another follows after `wait`.
    case retrying(RetryNotice)
    /// The request waits for something other than the model (a local server starting, ...).
    case waiting(String)
    /// Something went wrong that did not stop the request (the cache could not be used, ...).
    case warning(String)
}

/// An attempt that failed and will be tried again.
public struct RetryNotice: Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, short: `HTTP 503`, `connection refused`, `timed out`.
    public var reason: String
    /// The wait before the next attempt.
    public var wait: Duration
    /// The attempt about to be made (2 for the first retry).
    public var nextAttempt: Int
    /// Attempts allowed in all.
    public var maxAttempts: Int

    public init(reason: String, wait: Duration, nextAttempt: Int, maxAttempts: Int) {
        self.reason = reason
        self.wait = wait
        self.nextAttempt = nextAttempt
        self.maxAttempts = maxAttempts
    }

    /// `HTTP 503, retrying in 0.8 s, attempt 2 of 5`.
    public var description: String {
        let seconds = wait.seconds
        let time = seconds < 1 ? "\(Int((seconds * 1000).rounded())) ms" : String(format: "%.1f s", seconds)
        return "\(reason), retrying in \(time), attempt \(nextAttempt) of \(maxAttempts)"
    }
}

/// Receives the events of a chat request; awaited, so a slow reader slows the reading of the
/// socket instead of letting a queue grow.
public typealias ChatEventHandler = @Sendable (ChatEvent) async -> Void
