import TroupeCore

extension EvalRunner {
    /// The configuration a provider's requests are made with: the base configuration with the
    /// provider's API type, model, server and request settings, and the run's cache choice.
    ///
    /// Servers: `--base-url` wins for OpenAI providers, then the provider's `apiBaseUrl`, then
    /// BASE_URL. For Azure, a set AZURE_OPENAI_ENDPOINT wins over the provider's `apiHost`
    /// (published examples carry a placeholder host).
    /// - Throws: ``ConfigError`` for a setting the provider gives a value it cannot take.
    static func configuration(
        for provider: EvalProvider, base: TroupeConfig, options: EvalRunOptions
    ) throws -> TroupeConfig {
        var config = base
        switch provider.api {
        case .openai:
            try config.set(.apiType, value: "openai", source: .session)
            if let url = options.baseURL ?? provider.apiBaseURL {
                try config.set(.baseURL, value: .string(url), source: .session)
            }
        case .azure:
            try config.set(.apiType, value: "azure", source: .session)
            if config.credentials.azureEndpoint?.isEmpty ?? true, let host = provider.apiHost {
                config.credentials.azureEndpoint = host.contains("://") ? host : "https://" + host
            }
            if let version = provider.apiVersion {
                try config.set(.azureAPIVersion, value: .string(version), source: .session)
            }
        case .local:
            try config.set(.apiType, value: .string(LocalClient.apiTypeName), source: .session)
            if !provider.model.isEmpty {
                try config.set(.localModel, value: .string(provider.model), source: .session)
            }
        }
        if !provider.model.isEmpty, provider.api != .local {
            try config.set(.model, value: .string(provider.model), source: .session)
        }
        for (setting, value) in provider.parameters {
            try config.set(setting, value: value, source: .session)
        }
        try config.set(.cacheAPICalls, value: .bool(options.useCache), source: .session)
        return config
    }

    /// The grader's configuration: `defaultTest.options.provider` when the suite gives one,
    /// else the base configuration with GRADER_MODEL (default MODEL); `--base-url` applies.
    static func graderConfiguration(suite: EvalSuite, base: TroupeConfig, options: EvalRunOptions) throws -> TroupeConfig {
        if let grader = suite.grader {
            return try configuration(for: grader, base: base, options: options)
        }
        var config = base
        try config.set(.model, value: .string(base.graderModel), source: .session)
        if let url = options.baseURL {
            if config.apiType != "openai" { try config.set(.apiType, value: "openai", source: .session) }
            try config.set(.baseURL, value: .string(url), source: .session)
        }
        try config.set(.cacheAPICalls, value: .bool(options.useCache), source: .session)
        return config
    }
}
