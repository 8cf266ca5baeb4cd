/// The parameters of one chat request. `nil` means "not set": unset parameters are not sent.
///
/// The same value is sent on every attempt of a request; nothing mutates it between retries.
public struct ChatParameters: Codable, Sendable, Hashable {
    public var model: String
    public var temperature: Double?
    public var maxTokens: Int?
    /// Reasoning models take this instead of `maxTokens` (it includes reasoning tokens).
    public var maxCompletionTokens: Int?
    public var topP: Double?
    public var frequencyPenalty: Double?
    public var presencePenalty: Double?
    public var stop: [String]?
    public var n: Int?
    public var seed: Int?
    public var responseFormat: ResponseFormat?
    /// `none`, `minimal`, `low`, `medium`, `high` (newer: `xhigh`, `max`); reasoning models only.
    public var reasoningEffort: String?
    /// Seconds to wait for a whole response. Never part of a cache key.
    public var timeout: Double?
    /// Remove common leading whitespace from message contents, as TinyTroupe does.
    public var dedent: Bool

    public init(
        model: String,
        temperature: Double? = nil,
        maxTokens: Int? = nil,
        maxCompletionTokens: Int? = nil,
        topP: Double? = nil,
        frequencyPenalty: Double? = nil,
        presencePenalty: Double? = nil,
        stop: [String]? = nil,
        n: Int? = nil,
        seed: Int? = nil,
        responseFormat: ResponseFormat? = nil,
        reasoningEffort: String? = nil,
        timeout: Double? = nil,
        dedent: Bool = false
    ) {
        self.model = model
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.maxCompletionTokens = maxCompletionTokens
        self.topP = topP
        self.frequencyPenalty = frequencyPenalty
        self.presencePenalty = presencePenalty
        self.stop = stop
        self.n = n
        self.seed = seed
        self.responseFormat = responseFormat
        self.reasoningEffort = reasoningEffort
        self.timeout = timeout
        self.dedent = dedent
    }
}
