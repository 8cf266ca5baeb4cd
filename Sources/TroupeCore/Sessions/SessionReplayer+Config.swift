import Foundation

extension SessionReplayer {
    /// Replays through `service`: streamed, cached when the service's cache is on, and bounded
    /// by its MAX_CONCURRENT_MODEL_CALLS like every other request.
    public init(service: LLMService) {
        self.init(send: { messages, parameters in
            AsyncThrowingStream { continuation in
                let task = Task {
                    do {
                        for try await event in await service.stream(messages, parameters: parameters) {
                            continuation.yield(event)
                        }
                        continuation.finish()
                    } catch {
                        continuation.finish(throwing: error)
                    }
                }
                continuation.onTermination = { _ in task.cancel() }
            }
        })
    }

    /// The configuration and options for replaying `session`, from the user's overrides.
    ///
    /// Every `key=value` is checked by ``TroupeConfig/set(_:to:source:knownAPITypes:)`` (the same
    /// rules as files and `/set`); the ones that are request parameters override each turn's
    /// recorded value, the others (BASE_URL, TIMEOUT, MAX_ATTEMPTS, ...) only change the
    /// configuration the service runs with. Without `--api` the session's API type is used.
    /// - Parameters:
    ///   - config: The loaded configuration (files, environment, flags).
    ///   - api: `--api`, or nil.
    ///   - model: `--model`, or nil.
    ///   - settings: `--set` values as `key=value`.
    ///   - cache: `--cache` (true) / `--no-cache` (false), or nil for the configuration's value.
    /// - Returns: The configuration to build the ``LLMService`` from, and the replay options.
    /// - Throws: ``ReplaySetupError`` or the configuration's error for a bad value.
    public static func prepare(
        _ session: Session,
        config: TroupeConfig,
        api: String? = nil,
        model: String? = nil,
        settings: [String] = [],
        cache: Bool? = nil,
        knownAPITypes: Set<String> = TroupeConfig.builtInAPITypes
    ) throws -> (config: TroupeConfig, options: Options) {
        var config = config
        var fields = Set<ParameterOverrides.Field>()
        var apiOverridden = false

        for assignment in settings {
            guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex else {
                throw ReplaySetupError.malformedSetting(assignment)
            }
            let key = String(assignment[..<equals]).trimmingCharacters(in: .whitespaces)
            let value = String(assignment[assignment.index(after: equals)...])
            try config.set(key, to: value, source: .flag, knownAPITypes: knownAPITypes)
            guard let configKey = ConfigKey(named: key) else { continue }
            if configKey == .apiType { apiOverridden = true }
            if configKey == .cacheAPICalls { continue }
            if let field = ParameterOverrides.Field(configKey) { fields.insert(field) }
        }
        if let model {
            try config.set(.model, to: model, source: .flag, knownAPITypes: knownAPITypes)
            fields.insert(.model)
        }
        if let api {
            try config.set(.apiType, to: api, source: .flag, knownAPITypes: knownAPITypes)
            apiOverridden = true
        }
        if !apiOverridden {
            // The session's API type, which may be a custom one the registry knows.
            config.apiType = session.settings.apiType
        }
        if let cache {
            try config.set(.cacheAPICalls, to: cache ? "true" : "false", source: .flag, knownAPITypes: knownAPITypes)
        }
        let overrides = ParameterOverrides(fields: fields, values: config.chatParameters())
        return (config, Options(apiType: config.apiType, overrides: overrides, cacheEnabled: config.cacheAPICalls))
    }
}

extension ParameterOverrides.Field {
    /// The request parameter a configuration key sets, or nil for a key that is not one.
    public init?(_ key: ConfigKey) {
        switch key {
        case .model: self = .model
        case .temperature: self = .temperature
        case .maxTokens: self = .maxTokens
        case .maxCompletionTokens: self = .maxCompletionTokens
        case .topP: self = .topP
        case .frequencyPenalty: self = .frequencyPenalty
        case .presencePenalty: self = .presencePenalty
        case .stop: self = .stop
        case .seed: self = .seed
        case .jsonMode: self = .responseFormat
        case .reasoningEffort: self = .reasoningEffort
        case .timeout: self = .timeout
        case .dedent: self = .dedent
        case .apiType, .azureAPIVersion, .reasoningModel, .embeddingModel, .maxAttempts, .waitingTime,
             .exponentialBackoffFactor, .cacheAPICalls, .cacheFileName, .maxConcurrentModelCalls,
             .baseURL, .templatesDirectories:
            return nil
        }
    }
}

/// A replay override that cannot be used.
public enum ReplaySetupError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    /// A `--set` value without `=`.
    case malformedSetting(String)

    public var description: String {
        switch self {
        case .malformedSetting(let text):
            return "“\(text)” is not a setting: write key=value, for example --set temperature=0.2."
        }
    }

    public var errorDescription: String? { description }
}
