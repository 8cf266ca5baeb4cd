/// Every setting troupe reads from `[OpenAI]`, flags and the shell's `/set`.
///
/// The raw value is the INI name. Names are matched case-insensitively, and the lower-case
/// names the shell uses (`frequency_penalty`, `api`, `json`, ...) are accepted as aliases.
public enum ConfigKey: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case apiType = "API_TYPE"
    case azureAPIVersion = "AZURE_API_VERSION"
    case model = "MODEL"
    case reasoningModel = "REASONING_MODEL"
    case embeddingModel = "EMBEDDING_MODEL"
    case maxTokens = "MAX_TOKENS"
    case maxCompletionTokens = "MAX_COMPLETION_TOKENS"
    case temperature = "TEMPERATURE"
    case topP = "TOP_P"
    case frequencyPenalty = "FREQ_PENALTY"
    case presencePenalty = "PRESENCE_PENALTY"
    case timeout = "TIMEOUT"
    case maxAttempts = "MAX_ATTEMPTS"
    case waitingTime = "WAITING_TIME"
    case exponentialBackoffFactor = "EXPONENTIAL_BACKOFF_FACTOR"
    case reasoningEffort = "REASONING_EFFORT"
    case cacheAPICalls = "CACHE_API_CALLS"
    case cacheFileName = "CACHE_FILE_NAME"
    case maxConcurrentModelCalls = "MAX_CONCURRENT_MODEL_CALLS"
    case baseURL = "BASE_URL"
    case templatesDirectories = "TEMPLATES_DIR"
    // Per-request settings that are not in the shipped config.ini but can be set anywhere.
    case stop = "STOP"
    case seed = "SEED"
    case jsonMode = "JSON"
    case dedent = "DEDENT"

    /// The INI name, e.g. `TEMPERATURE`.
    public var name: String { rawValue }
    public var description: String { rawValue }

    /// Other accepted spellings (besides any case of ``name``).
    public var aliases: [String] {
        switch self {
        case .apiType: return ["api"]
        case .frequencyPenalty: return ["frequency_penalty"]
        case .jsonMode: return ["json_mode"]
        case .cacheAPICalls: return ["cache"]
        case .templatesDirectories: return ["templates_dirs", "templates"]
        default: return []
        }
    }

    /// The key named `text` (any case, `-` taken as `_`, aliases accepted), or nil.
    public init?(named text: String) {
        let wanted = text.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "-", with: "_")
        guard let key = ConfigKey.allCases.first(where: { $0.rawValue.lowercased() == wanted || $0.aliases.contains(wanted) }) else {
            return nil
        }
        self = key
    }

    /// A one-line explanation of what the key accepts (also used in error messages).
    public var expected: String {
        switch self {
        case .apiType: return "an API type with a registered client (openai, azure, ...)"
        case .azureAPIVersion: return "an Azure OpenAI API version such as 2024-12-01-preview"
        case .model, .reasoningModel, .embeddingModel: return "a model (or Azure deployment) name without spaces"
        case .maxTokens, .maxCompletionTokens: return "a whole number greater than 0, or empty/none to leave it unset"
        case .temperature: return "a number from 0 to 2, or empty/none to leave it unset"
        case .topP: return "a number from 0 to 1, or empty/none to leave it unset"
        case .frequencyPenalty, .presencePenalty: return "a number from -2 to 2, or empty/none to leave it unset"
        case .timeout: return "a number of seconds greater than 0"
        case .maxAttempts: return "a whole number of attempts from 1 to 100"
        case .waitingTime: return "a number of seconds from 0 to 3600"
        case .exponentialBackoffFactor: return "a number from 1 to 100"
        case .reasoningEffort: return "one of \(TroupeConfig.reasoningEfforts.joined(separator: ", ")), or empty/none"
        case .cacheAPICalls, .jsonMode, .dedent: return "a boolean (true/false, yes/no, on/off, 1/0)"
        case .cacheFileName: return "a file name or path"
        case .maxConcurrentModelCalls: return "a whole number from 0 to 1000 (0 or none: no limit)"
        case .baseURL: return "an http:// or https:// URL, or empty for the default"
        case .templatesDirectories: return "directories separated by ':'"
        case .stop: return "a stop sequence, or a JSON array of up to 4 of them, or empty/none"
        case .seed: return "a whole number, or empty/none"
        }
    }
}
