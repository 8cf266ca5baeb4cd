import Foundation

extension TroupeConfig {
    /// Puts a saved session's settings in force: API type, model and every request parameter,
    /// each checked by ``set(_:to:source:line:knownAPITypes:)`` and recorded with `source`.
    ///
    /// A JSON-schema response format has no configuration key; it is reported in the result
    /// (the turns keep it, so a replay still sends it).
    /// - Returns: Notes on settings that could not be carried over, for the user.
    /// - Throws: ``ConfigError`` when a saved value is refused (the configuration is unchanged).
    @discardableResult
    public mutating func apply(
        _ settings: SessionSettings,
        source: ConfigSource = .session,
        knownAPITypes: Set<String> = TroupeConfig.builtInAPITypes
    ) throws -> [String] {
        var copy = self
        var notes: [String] = []
        let parameters = settings.parameters
        func put(_ key: ConfigKey, _ value: String?) throws {
            try copy.set(key, to: value ?? "none", source: source, knownAPITypes: knownAPITypes)
        }
        func number(_ value: Double?) -> String? { value.map { "\($0)" } }

        try put(.apiType, settings.apiType)
        try put(.model, parameters.model)
        try put(.temperature, number(parameters.temperature))
        try put(.maxTokens, parameters.maxTokens.map(String.init))
        try put(.maxCompletionTokens, parameters.maxCompletionTokens.map(String.init))
        try put(.topP, number(parameters.topP))
        try put(.frequencyPenalty, number(parameters.frequencyPenalty))
        try put(.presencePenalty, number(parameters.presencePenalty))
        try put(.stop, parameters.stop.map(TroupeConfig.jsonArray))
        try put(.seed, parameters.seed.map(String.init))
        try put(.reasoningEffort, parameters.reasoningEffort)
        if let timeout = parameters.timeout { try put(.timeout, number(timeout)) }
        try put(.dedent, parameters.dedent ? "true" : "false")
        switch parameters.responseFormat {
        case .jsonObject?: try put(.jsonMode, "true")
        case nil, .text?: try put(.jsonMode, "false")
        case .jsonSchema(let name, _, _)?:
            try put(.jsonMode, "false")
            notes.append("the JSON schema response format “\(name)” has no setting; new turns are sent without it")
        }
        if let n = parameters.n, n != 1 {
            notes.append("n=\(n) has no setting; new turns ask for one reply")
        }
        if let cacheEnabled = settings.cacheEnabled, cacheEnabled != copy.cacheAPICalls {
            notes.append("the session ran with the cache \(cacheEnabled ? "on" : "off"); it is \(copy.cacheAPICalls ? "on" : "off") now (/cache to change)")
        }
        self = copy
        return notes
    }
}
