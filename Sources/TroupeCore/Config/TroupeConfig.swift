/// The settings troupe runs with: every `[OpenAI]` key as a typed property, the credentials
/// from the environment, and where each value came from.
///
/// Build one with ``ConfigLoader`` (the whole lookup chain) or ``init()`` (built-in defaults
/// only); change one with ``set(_:to:source:knownAPITypes:)``, which validates.
public struct TroupeConfig: Sendable, Hashable {
    /// `API_TYPE`: which registered client serves requests (`openai`, `azure`, ...).
    public var apiType: String
    /// `AZURE_API_VERSION` (or `OPENAI_API_VERSION` from the environment).
    public var azureAPIVersion: String
    /// `MODEL`: the chat model (the deployment name on Azure).
    public var model: String
    /// `REASONING_MODEL`: the model used when careful reasoning is wanted.
    public var reasoningModel: String
    /// `EMBEDDING_MODEL`.
    public var embeddingModel: String
    /// `MAX_TOKENS`, sent to non-reasoning models; nil leaves it unset.
    public var maxTokens: Int?
    /// `MAX_COMPLETION_TOKENS`, sent to reasoning models; nil leaves it unset.
    public var maxCompletionTokens: Int?
    /// `TEMPERATURE` (0...2); nil leaves it unset.
    public var temperature: Double?
    /// `TOP_P` (0...1); nil leaves it unset.
    public var topP: Double?
    /// `FREQ_PENALTY` (-2...2); nil leaves it unset.
    public var frequencyPenalty: Double?
    /// `PRESENCE_PENALTY` (-2...2); nil leaves it unset.
    public var presencePenalty: Double?
    /// `TIMEOUT`: seconds to wait for a whole response.
    public var timeout: Double
    /// `MAX_ATTEMPTS`: tries per request, the first included (at least 1).
    public var maxAttempts: Int
    /// `WAITING_TIME`: seconds before the first retry.
    public var waitingTime: Double
    /// `EXPONENTIAL_BACKOFF_FACTOR`: each later retry waits this many times longer.
    public var exponentialBackoffFactor: Double
    /// `REASONING_EFFORT` for reasoning models; nil leaves it unset.
    public var reasoningEffort: String?
    /// `CACHE_API_CALLS`: whether answers are cached.
    public var cacheAPICalls: Bool
    /// `CACHE_FILE_NAME`: the SQLite cache file (relative paths are taken from the current directory).
    public var cacheFileName: String
    /// `MAX_CONCURRENT_MODEL_CALLS`: calls in flight at once across tasks; nil means no limit.
    public var maxConcurrentModelCalls: Int?
    /// `BASE_URL` (or `OPENAI_BASE_URL`): an OpenAI-compatible server; nil means the official one.
    public var baseURL: String?
    /// `TEMPLATES_DIR`: extra directories searched for prompt templates, ':'-separated in files.
    public var templatesDirectories: [String]
    /// `STOP`: stop sequences; nil leaves them unset.
    public var stop: [String]?
    /// `SEED`; nil leaves it unset.
    public var seed: Int?
    /// `JSON`: ask for JSON mode (`response_format: {"type": "json_object"}`).
    public var jsonMode: Bool
    /// `DEDENT`: remove common indentation from messages before sending, as TinyTroupe does.
    public var dedent: Bool
    /// Keys and endpoints from the environment.
    public var credentials: Credentials

    /// Provenance by canonical name (``ConfigKey/name`` or an environment variable name for credentials).
    var sources: [String: ConfigSource] = [:]

    /// Reasoning efforts the API accepts.
    public static let reasoningEfforts = ["none", "minimal", "low", "medium", "high", "xhigh", "max"]
    /// The API types that have clients built in.
    public static let builtInAPITypes: Set<String> = ["openai", "azure"]

    /// The built-in defaults: the repository's `config.ini`, compiled in.
    public init() {
        self = Self.builtIn
    }

    /// Where `key` got its value: a ``ConfigKey`` name or alias (any case), or a credential's
    /// environment variable name (`OPENAI_API_KEY`, `AZURE_OPENAI_KEY`, `AZURE_OPENAI_ENDPOINT`,
    /// `AZURE_OPENAI_AD_TOKEN`). Unknown or unset names answer ``ConfigSource/builtIn``.
    public func source(of key: String) -> ConfigSource {
        if let known = ConfigKey(named: key) { return source(of: known) }
        return sources[key.uppercased()] ?? .builtIn
    }

    /// Where `key` got its value.
    public func source(of key: ConfigKey) -> ConfigSource {
        sources[key.name] ?? .builtIn
    }

    /// The value of `key` as text, in the form ``set(_:to:source:knownAPITypes:)`` accepts
    /// (`none` for unset optional values).
    public func displayValue(of key: ConfigKey) -> String {
        func text(_ value: Double?) -> String { value.map { String($0) } ?? "none" }
        func text(_ value: Int?) -> String { value.map { String($0) } ?? "none" }
        switch key {
        case .apiType: return apiType
        case .azureAPIVersion: return azureAPIVersion
        case .model: return model
        case .reasoningModel: return reasoningModel
        case .embeddingModel: return embeddingModel
        case .maxTokens: return text(maxTokens)
        case .maxCompletionTokens: return text(maxCompletionTokens)
        case .temperature: return text(temperature)
        case .topP: return text(topP)
        case .frequencyPenalty: return text(frequencyPenalty)
        case .presencePenalty: return text(presencePenalty)
        case .timeout: return String(timeout)
        case .maxAttempts: return String(maxAttempts)
        case .waitingTime: return String(waitingTime)
        case .exponentialBackoffFactor: return String(exponentialBackoffFactor)
        case .reasoningEffort: return reasoningEffort ?? ""
        case .cacheAPICalls: return cacheAPICalls ? "true" : "false"
        case .cacheFileName: return cacheFileName
        case .maxConcurrentModelCalls: return text(maxConcurrentModelCalls)
        case .baseURL: return baseURL ?? ""
        case .templatesDirectories: return templatesDirectories.joined(separator: ":")
        case .stop:
            guard let stop else { return "none" }
            return stop.count == 1 && !stop[0].contains("\"") ? stop[0] : TroupeConfig.jsonArray(stop)
        case .seed: return text(seed)
        case .jsonMode: return jsonMode ? "true" : "false"
        case .dedent: return dedent ? "true" : "false"
        }
    }
}
