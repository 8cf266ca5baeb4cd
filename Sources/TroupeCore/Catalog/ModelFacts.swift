import Foundation

/// What troupe knows about one model: limits, prices, capabilities, and how sure each figure is.
public struct ModelFacts: Sendable, Hashable {
    /// Where an entry came from.
    public enum Origin: Sendable, Hashable {
        /// troupe's built-in table.
        case builtIn
        /// The user's models file at this path (the entry adds to or overrides the built-in one).
        case userFile(String)
    }

    /// The name the entry is listed under (lowercased), e.g. `gpt-4o` or `my-deployment`.
    public var name: String
    /// The entry whose facts this one took (`model: gpt-4o` in a models file), or nil.
    public var baseModel: String?
    /// Input plus output tokens one request may use.
    public var contextWindow: Int?
    /// The most tokens one reply may have.
    public var maxOutputTokens: Int?
    /// Prices per million tokens.
    public var pricing: ModelPricing
    /// What the model accepts.
    public var capabilities: ModelCapabilities
    /// The day the figures were checked (`YYYY-MM-DD`).
    public var checked: String?
    /// Where the figures were checked (addresses or descriptions).
    public var sources: [String]
    /// Figures that no stored source confirmed.
    public var unconfirmed: Set<ModelField>
    /// Figures the user's models file set.
    public var userFields: Set<ModelField>
    /// Where the entry came from.
    public var origin: Origin

    /// An entry; every figure is optional.
    public init(
        name: String, baseModel: String? = nil, contextWindow: Int? = nil, maxOutputTokens: Int? = nil,
        pricing: ModelPricing = ModelPricing(), capabilities: ModelCapabilities = ModelCapabilities(),
        checked: String? = nil, sources: [String] = [], unconfirmed: Set<ModelField> = [],
        userFields: Set<ModelField> = [], origin: Origin = .builtIn
    ) {
        self.name = name
        self.baseModel = baseModel
        self.contextWindow = contextWindow
        self.maxOutputTokens = maxOutputTokens
        self.pricing = pricing
        self.capabilities = capabilities
        self.checked = checked
        self.sources = sources
        self.unconfirmed = unconfirmed
        self.userFields = userFields
        self.origin = origin
    }

    /// Whether `field` was confirmed by a stored source (false for unknown figures too).
    public func isConfirmed(_ field: ModelField) -> Bool {
        !unconfirmed.contains(field) && !userFields.contains(field)
    }
}

/// Prices in US dollars per million tokens; nil where unknown.
public struct ModelPricing: Sendable, Hashable {
    /// Input tokens not served from the cache.
    public var input: Decimal?
    /// Input tokens served from OpenAI's prompt cache; nil means no discount (billed as input).
    public var cachedInput: Decimal?
    /// Output tokens, reasoning tokens included.
    public var output: Decimal?
    /// Batch API prices; nil means the default 50% of the list price.
    public var batchInput: Decimal?
    public var batchOutput: Decimal?

    /// Prices in US dollars per million tokens.
    public init(
        input: Decimal? = nil, cachedInput: Decimal? = nil, output: Decimal? = nil,
        batchInput: Decimal? = nil, batchOutput: Decimal? = nil
    ) {
        self.input = input
        self.cachedInput = cachedInput
        self.output = output
        self.batchInput = batchInput
        self.batchOutput = batchOutput
    }
}

/// What a model accepts; nil where the table does not say.
public struct ModelCapabilities: Sendable, Hashable {
    /// A reasoning model: takes `max_completion_tokens` and `reasoning_effort`, rejects
    /// sampling parameters (`temperature`, `top_p`, penalties).
    public var reasoning: Bool?
    /// Accepts `reasoning_effort` (o1-mini, a reasoning model, does not).
    public var reasoningEffort: Bool?
    /// Accepts image input.
    public var vision: Bool?
    /// Supports JSON-schema structured outputs (`response_format: json_schema`).
    public var jsonSchema: Bool?
    /// An embedding model (input price only).
    public var embedding: Bool?

    /// Capabilities; nil where unknown.
    public init(
        reasoning: Bool? = nil, reasoningEffort: Bool? = nil, vision: Bool? = nil,
        jsonSchema: Bool? = nil, embedding: Bool? = nil
    ) {
        self.reasoning = reasoning
        self.reasoningEffort = reasoningEffort
        self.vision = vision
        self.jsonSchema = jsonSchema
        self.embedding = embedding
    }
}

/// One figure of a model entry, named as in `models.yaml`.
public enum ModelField: String, Sendable, Hashable, CaseIterable {
    case context
    case maxOutput = "max_output"
    case input
    case cachedInput = "cached_input"
    case output
    case batchInput = "batch_input"
    case batchOutput = "batch_output"
    case reasoning
    case reasoningEffort = "reasoning_effort"
    case vision
    case jsonSchema = "json_schema"
    case embedding
}
