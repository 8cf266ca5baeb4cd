extension ClientConfiguration {
    /// The retry policy of `config`: MAX_ATTEMPTS, WAITING_TIME, EXPONENTIAL_BACKOFF_FACTOR.
    public static func retryPolicy(of config: TroupeConfig) -> RetryPolicy {
        RetryPolicy(
            maxAttempts: config.maxAttempts,
            initialWait: .saturating(seconds: config.waitingTime),
            backoffFactor: config.exponentialBackoffFactor
        )
    }

    private static func timeout(of config: TroupeConfig) -> Duration {
        config.timeout > 0 ? .saturating(seconds: config.timeout) : .seconds(60)
    }

    /// The OpenAI client configuration of `config`: BASE_URL (or the official API), the
    /// OPENAI_API_KEY, retries, TIMEOUT, and REASONING_MODEL counted as a reasoning model.
    /// - Throws: ``ClientError/missingKey(setting:)`` when the official API is used without a key.
    public static func openAI(config: TroupeConfig) throws -> ClientConfiguration {
        let key = config.credentials.openAIKey?.value
        if config.baseURL == nil, key?.isEmpty ?? true {
            throw ClientError.missingKey(setting: "OPENAI_API_KEY")
        }
        var configuration = ClientConfiguration.openAI(
            apiKey: key,
            baseURL: config.baseURL,
            retryPolicy: retryPolicy(of: config),
            timeout: timeout(of: config)
        )
        configuration.connectTimeout = .saturating(seconds: config.connectTimeout)
        return configuration
    }

    /// The Azure client configuration of `config`: AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_KEY (or
    /// AZURE_OPENAI_AD_TOKEN when no key is set), the API version, retries and TIMEOUT.
    /// - Throws: ``ClientError/invalidConfiguration(_:)`` without an endpoint or a credential.
    public static func azure(config: TroupeConfig) throws -> ClientConfiguration {
        let credentials = config.credentials
        guard let endpoint = credentials.azureEndpoint, !endpoint.isEmpty else {
            throw ClientError.invalidConfiguration("AZURE_OPENAI_ENDPOINT is not set (e.g. https://NAME.openai.azure.com)")
        }
        let key = credentials.azureKey?.value
        let token = credentials.azureADToken?.value
        if key?.isEmpty ?? true, token?.isEmpty ?? true {
            throw ClientError.invalidConfiguration("neither AZURE_OPENAI_KEY nor AZURE_OPENAI_AD_TOKEN is set")
        }
        var configuration = ClientConfiguration.azure(
            endpoint: endpoint,
            apiKey: key,
            adToken: token,
            apiVersion: config.azureAPIVersion,
            retryPolicy: retryPolicy(of: config),
            timeout: timeout(of: config)
        )
        configuration.connectTimeout = .saturating(seconds: config.connectTimeout)
        return configuration
    }
}

extension OpenAIClient {
    /// The OpenAI client `config` describes (see ``ClientConfiguration/openAI(config:)``).
    public init(config: TroupeConfig) throws {
        try self.init(configuration: .openAI(config: config))
    }
}

extension AzureOpenAIClient {
    /// The Azure OpenAI client `config` describes (see ``ClientConfiguration/azure(config:)``).
    public init(config: TroupeConfig) throws {
        try self.init(configuration: .azure(config: config))
    }
}
