extension TroupeConfig {
    /// Puts a saved session's settings in force: API type, model and every request parameter,
    /// each checked like a config file's value and recorded with `source`.
    ///
    /// - Returns: What could not be carried over, for the user.
    /// - Throws: ``ConfigError`` when a saved value is refused (the configuration is unchanged).
    @discardableResult
    public mutating func apply(
        _ settings: SessionSettings,
        source: ConfigSource = .session,
        knownAPITypes: Set<String> = TroupeConfig.builtInAPITypes
    ) throws -> [SessionSettingsNote] {
        var copy = self
        var notes: [SessionSettingsNote] = []
        let parameters = settings.parameters
        try copy.set(.apiType, value: .string(settings.apiType), source: source, knownAPITypes: knownAPITypes)
        // On the local API type the model is the GGUF file (LOCAL_MODEL); MODEL stays for the others.
        if settings.apiType != LocalClient.apiTypeName {
            try copy.set(.model, value: .string(parameters.model), source: source, knownAPITypes: knownAPITypes)
        }
        for setting in Setting.requestParameters {
            // TIMEOUT stays as configured unless the session recorded one.
            if parameters[setting] == nil, setting == .timeout || !setting.isOptional { continue }
            try copy.set(setting, value: parameters[setting], source: source, knownAPITypes: knownAPITypes)
        }
        switch parameters.responseFormat {
        case .jsonObject?: try copy.set(.jsonMode, value: true, source: source)
        case nil, .text?: try copy.set(.jsonMode, value: false, source: source)
        case .jsonSchema(let name, _, _)?:
            try copy.set(.jsonMode, value: false, source: source)
            notes.append(.jsonSchemaNotCarried(name: name))
        }
        if let n = parameters.n, n != 1 {
            notes.append(.choicesNotCarried(n))
        }
        if let cacheEnabled = settings.cacheEnabled, cacheEnabled != copy.cacheAPICalls {
            notes.append(.cacheDiffers(session: cacheEnabled, now: copy.cacheAPICalls))
        }
        self = copy
        return notes
    }
}

/// A setting of a saved session that is not in force after loading it.
public enum SessionSettingsNote: Sendable, Hashable, CustomStringConvertible {
    /// A JSON-schema response format has no setting; new turns are sent without it.
    case jsonSchemaNotCarried(name: String)
    /// A choice count above one has no setting; new turns ask for one reply.
    case choicesNotCarried(Int)
    /// The session ran with the cache on (or off) and it is the other way now.
    case cacheDiffers(session: Bool, now: Bool)

    public var description: String {
        switch self {
        case .jsonSchemaNotCarried(let name):
            return "the JSON schema response format “\(name)” has no setting; new turns are sent without it"
        case .choicesNotCarried(let n):
            return "n=\(n) has no setting; new turns ask for one reply"
        case .cacheDiffers(let session, let now):
            return "the session ran with the cache \(session ? "on" : "off"); it is \(now ? "on" : "off") now"
        }
    }
}
