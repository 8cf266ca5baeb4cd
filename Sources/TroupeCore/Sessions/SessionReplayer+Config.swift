import Foundation

extension SessionReplayer {
    /// Replays through `service`: streamed, cached when the service's cache is on, and bounded
    /// by its MAX_CONCURRENT_MODEL_CALLS like every other request.
    /// - Parameter recorder: where each replayed turn is written (one conversation per
    ///   replay, kind `replay`); nil writes no log.
    public init(service: LLMService, recorder: ConversationRecorder? = nil) {
        self.init(send: { messages, parameters, onDelta in
            let time = Date()
            do {
                let completion = try await service.stream(messages, parameters: parameters) { event in
                    if case .delta(let text) = event { await onDelta(text) }
                }
                await Self.log(recorder, service, messages, parameters, completion, nil, time)
                return completion
            } catch {
                await Self.log(recorder, service, messages, parameters, nil, error, time)
                throw error
            }
        })
    }

    private static func log(
        _ recorder: ConversationRecorder?, _ service: LLMService, _ messages: [ChatMessage], _ parameters: ChatParameters,
        _ completion: ChatCompletion?, _ error: (any Error)?, _ time: Date
    ) async {
        guard let recorder else { return }
        let apiType = service.registry.apiType(for: await service.config)
        // A log that cannot be written never stops a replay.
        _ = recorder.record(
            apiType: apiType, parameters: parameters, messages: messages, completion: completion,
            cost: service.cost(of: completion, model: parameters.model, apiType: apiType), error: error, time: time)
    }

    /// The configuration and options for replaying `session` with the user's changes.
    ///
    /// Every setting is checked like a config file's value; the ones that are part of a request
    /// override each turn's recorded value, the others (BASE_URL, TIMEOUT's client default,
    /// MAX_ATTEMPTS, ...) only change the configuration the service runs with. Without an API
    /// type among them the session's own API type is used.
    /// - Parameters:
    ///   - config: The loaded configuration (files, environment, flags).
    ///   - changes: settings to change, by name or alias, as written (in order; later wins).
    ///   - cache: whether the cache is on, or nil for the configuration's value.
    /// - Returns: The configuration to build the ``LLMService`` from, and the replay options.
    /// - Throws: ``ConfigError`` for an unknown setting or a bad value.
    public static func prepare(
        _ session: Session,
        config: TroupeConfig,
        changes: [SettingChange] = [],
        cache: Bool? = nil,
        knownAPITypes: Set<String> = TroupeConfig.builtInAPITypes
    ) throws -> (config: TroupeConfig, options: Options) {
        var config = config
        var apiChanged = false
        var changed: [Setting] = []
        for change in changes {
            guard let setting = Setting.named(change.name) else {
                throw ConfigError.unknownKey(change.name, nearest: Setting.nearest(to: change.name)?.name)
            }
            try config.set(setting, to: change.value, source: .flag, knownAPITypes: knownAPITypes)
            if setting == .apiType { apiChanged = true }
            changed.append(setting)
        }
        if !apiChanged {
            // The session's API type, which may be a custom one the registry knows.
            try config.set(.apiType, value: .string(session.settings.apiType), source: .session,
                           knownAPITypes: knownAPITypes.union([session.settings.apiType]))
        }
        if let cache {
            try config.set(.cacheAPICalls, value: .bool(cache), source: .flag, knownAPITypes: knownAPITypes)
        }
        var overrides = ParameterOverrides()
        for setting in changed { overrides.take(setting, from: config) }
        return (config, Options(apiType: config.apiType, overrides: overrides, cacheEnabled: config.cacheAPICalls))
    }
}
