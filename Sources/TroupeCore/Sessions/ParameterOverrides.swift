/// Changes to some of a request's parameters, applied on top of each replayed turn's own
/// parameters so that what was not overridden stays exactly as it was sent.
public struct ParameterOverrides: Sendable, Hashable {
    /// The model to use instead, if overridden.
    public var model: String?
    /// Overridden request parameters by setting; a nil value unsets the parameter.
    public var values: [Setting: JSONValue?]
    /// JSON mode on or off, if overridden (it replaces the response format).
    public var jsonMode: Bool?

    /// No overrides.
    public init(model: String? = nil, values: [Setting: JSONValue?] = [:], jsonMode: Bool? = nil) {
        self.model = model
        self.values = values
        self.jsonMode = jsonMode
    }

    public var isEmpty: Bool { model == nil && values.isEmpty && jsonMode == nil }

    /// Overrides `setting` with `value` from a configuration: MODEL, JSON, or a request
    /// parameter. Settings that are not part of a request are not overrides (false).
    @discardableResult
    public mutating func take(_ setting: Setting, from config: TroupeConfig) -> Bool {
        switch setting.placement {
        case .model: model = config.model
        case .jsonMode: jsonMode = config[.jsonMode]?.boolValue ?? false
        default:
            guard setting.placement.isRequestParameter else { return false }
            values[setting] = .some(config[setting])
        }
        return true
    }

    /// `parameters` with the overridden fields replaced.
    public func applied(to parameters: ChatParameters) -> ChatParameters {
        var result = parameters
        if let model { result.model = model }
        for (setting, value) in values { result[setting] = value }
        if let jsonMode { result.responseFormat = jsonMode ? .jsonObject : nil }
        return result
    }

    /// Each override as `name=value`, sorted by name, for reports (`none` when unset).
    public var descriptions: [String] {
        var lines = values.map { setting, value in "\(setting.shellName)=\(setting.display(value))" }
        if let model { lines.append("model=\(model)") }
        if let jsonMode { lines.append("json=\(jsonMode)") }
        return lines.sorted()
    }
}
