extension Setting {
    /// Which service answers and how requests are made, retried and bounded.
    static let serviceSettings: [Setting] = [
        .apiType, .azureAPIVersion, .baseURL, .timeout, .connectTimeout, .maxAttempts, .waitingTime,
        .exponentialBackoffFactor, .maxConcurrentModelCalls,
    ]

    /// `API_TYPE`: which registered client serves requests.
    public static let apiType = Setting(
        id: "apiType", name: "API_TYPE", aliases: ["api_type", "api"], kind: .apiType, default: "openai",
        help: "Which client serves requests: openai, azure, local (llama.cpp on this machine) or a custom one",
        placement: .client)

    /// `AZURE_API_VERSION` (OPENAI_API_VERSION in the environment wins).
    public static let azureAPIVersion = Setting(
        id: "azureAPIVersion", name: "AZURE_API_VERSION", kind: .name, default: "2024-12-01-preview",
        help: "The Azure OpenAI API version (v1: Azure's versionless v1 API)",
        placement: .client)

    /// `BASE_URL` (OPENAI_BASE_URL in the environment wins): an OpenAI-compatible server.
    public static let baseURL = Setting(
        id: "baseURL", name: "BASE_URL", kind: .url,
        help: "An OpenAI-compatible server; empty means https://api.openai.com/v1",
        placement: .client)

    /// `TIMEOUT`: seconds one attempt may take, from sending the request to the last byte.
    public static let timeout = Setting(
        id: "timeout", name: "TIMEOUT", kind: .number(0...86_400, above: true), default: 480,
        help: "Seconds one attempt may take, from the request to the answer's last byte",
        placement: .requestTimeout)

    /// `CONNECT_TIMEOUT`: seconds to wait for a connection to the server.
    public static let connectTimeout = Setting(
        id: "connectTimeout", name: "CONNECT_TIMEOUT", kind: .number(0...600, above: true), default: 10,
        help: "Seconds to wait for a connection; a connection that times out is not retried",
        placement: .client)

    /// `MAX_ATTEMPTS`: tries per request, the first one included.
    public static let maxAttempts = Setting(
        id: "maxAttempts", name: "MAX_ATTEMPTS", kind: .integer(1...100), default: 5,
        help: "Tries per request, the first one included",
        placement: .client)

    /// `WAITING_TIME`: seconds before the first retry.
    public static let waitingTime = Setting(
        id: "waitingTime", name: "WAITING_TIME", kind: .number(0...3600), default: 1,
        help: "Seconds before the first retry",
        placement: .client)

    /// `EXPONENTIAL_BACKOFF_FACTOR`: each later retry waits this many times longer.
    public static let exponentialBackoffFactor = Setting(
        id: "exponentialBackoffFactor", name: "EXPONENTIAL_BACKOFF_FACTOR", kind: .number(1...100), default: 5,
        help: "Each later retry waits this many times longer (with jitter)",
        placement: .client)

    /// `MAX_CONCURRENT_MODEL_CALLS`: calls in flight at once across the program.
    public static let maxConcurrentModelCalls = Setting(
        id: "maxConcurrentModelCalls", name: "MAX_CONCURRENT_MODEL_CALLS", kind: .limit(1...1000), default: 4,
        help: "Model calls in flight at once across the program (0 or none: no limit)",
        placement: .service)
}
