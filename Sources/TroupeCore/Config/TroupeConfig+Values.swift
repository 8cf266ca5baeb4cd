/// Typed reads of the settings the code acts on. Request parameters are not read one by one:
/// ``TroupeConfig/chatParameters()`` carries them to the request as they are.
extension TroupeConfig {
    private func text(_ setting: Setting) -> String {
        self[setting]?.stringValue ?? setting.defaultValue?.stringValue ?? ""
    }

    private func number(_ setting: Setting) -> Double {
        self[setting]?.numberValue ?? setting.defaultValue?.numberValue ?? 0
    }

    private func flag(_ setting: Setting) -> Bool {
        self[setting]?.boolValue ?? setting.defaultValue?.boolValue ?? false
    }

    /// `API_TYPE`.
    public var apiType: String { text(.apiType) }
    /// `AZURE_API_VERSION` (or `OPENAI_API_VERSION` from the environment).
    public var azureAPIVersion: String { text(.azureAPIVersion) }
    /// `MODEL`.
    public var model: String { text(.model) }
    /// `REASONING_MODEL`.
    public var reasoningModel: String { text(.reasoningModel) }
    /// `EMBEDDING_MODEL`.
    public var embeddingModel: String { text(.embeddingModel) }
    /// GRADER_MODEL, or MODEL when it is unset.
    public var graderModel: String { self[.graderModel]?.stringValue ?? model }
    /// `BASE_URL` (or `OPENAI_BASE_URL`); nil means the official API.
    public var baseURL: String? { self[.baseURL]?.stringValue }
    /// `TIMEOUT` in seconds.
    public var timeout: Double { number(.timeout) }
    /// `CONNECT_TIMEOUT` in seconds.
    public var connectTimeout: Double { number(.connectTimeout) }
    /// `MAX_ATTEMPTS`.
    public var maxAttempts: Int { Int(number(.maxAttempts)) }
    /// `WAITING_TIME` in seconds.
    public var waitingTime: Double { number(.waitingTime) }
    /// `EXPONENTIAL_BACKOFF_FACTOR`.
    public var exponentialBackoffFactor: Double { number(.exponentialBackoffFactor) }
    /// `MAX_CONCURRENT_MODEL_CALLS`; nil means no limit.
    public var maxConcurrentModelCalls: Int? { self[.maxConcurrentModelCalls]?.numberValue.map { Int($0) } }
    /// `CACHE_API_CALLS`.
    public var cacheAPICalls: Bool { flag(.cacheAPICalls) }
    /// `CACHE_FILE_NAME` as written (see ``TroupePaths/cacheFile(named:currentDirectory:)``).
    public var cacheFileName: String { text(.cacheFileName) }
    /// `TEMPLATES_DIR`.
    public var templatesDirectories: [String] { self[.templatesDirectories]?.stringArray ?? [] }
    /// `DEDENT`.
    public var dedent: Bool { flag(.dedent) }
}
