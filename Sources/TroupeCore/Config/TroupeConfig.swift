/// The settings troupe runs with: a value for every ``Setting`` that is set, where each value
/// came from, and the credentials from the environment.
///
/// Build one with ``ConfigLoader`` (the whole lookup chain) or ``init()`` (built-in defaults
/// only); change one with ``set(_:to:source:line:knownAPITypes:)``, which validates.
public struct TroupeConfig: Sendable, Hashable {
    /// Values by ``Setting/id``; an unset optional setting has no entry.
    private(set) var values: [String: JSONValue]
    /// Provenance by setting id, or by environment variable name for credentials.
    var sources: [String: ConfigSource] = [:]
    /// Keys and endpoints from the environment.
    public var credentials: Credentials
    /// What loading noticed but did not refuse (unknown keys, keys in a file); not part of equality.
    public var warnings: [ConfigWarning] = []

    /// The API types that have clients built in.
    public static let builtInAPITypes: Set<String> = ["openai", "azure", "local"]

    /// The built-in defaults: the shipped `config.ini` over the settings' own defaults.
    public init() {
        self = Self.builtIn
    }

    /// Every setting at its described default, no file applied.
    init(descriptionDefaults: Void) {
        values = Dictionary(uniqueKeysWithValues: Setting.all.compactMap { setting in
            setting.defaultValue.map { (setting.id, $0) }
        })
        credentials = Credentials()
    }

    /// The value of `setting`, or nil when it is unset.
    public subscript(_ setting: Setting) -> JSONValue? {
        values[setting.id]
    }

    /// Sets `setting` from text as written in a file, a flag or `/set`.
    /// - Parameters:
    ///   - line: the file line, for error messages.
    ///   - knownAPITypes: the API types API_TYPE may name (the registry's).
    /// - Throws: ``ConfigError/invalidValue(key:value:expected:source:line:)``.
    public mutating func set(
        _ setting: Setting, to text: String, source: ConfigSource, line: Int? = nil,
        knownAPITypes: Set<String> = TroupeConfig.builtInAPITypes
    ) throws {
        let value: JSONValue?
        do {
            value = try setting.parse(text)
        } catch {
            throw ConfigError.invalidValue(key: setting.name, value: text, expected: setting.expected, source: source, line: line)
        }
        try store(setting, value, written: text, source: source, line: line, knownAPITypes: knownAPITypes)
    }

    /// Sets `setting` to a value that is already typed (a saved session, a library caller);
    /// nil unsets an optional setting.
    /// - Throws: ``ConfigError/invalidValue(key:value:expected:source:line:)``.
    public mutating func set(
        _ setting: Setting, value: JSONValue?, source: ConfigSource,
        knownAPITypes: Set<String> = TroupeConfig.builtInAPITypes
    ) throws {
        let checked: JSONValue?
        do {
            checked = try setting.validate(value)
        } catch {
            let written = value.map(Setting.written) ?? "none"
            throw ConfigError.invalidValue(key: setting.name, value: written, expected: setting.expected, source: source, line: nil)
        }
        try store(setting, checked, written: value.map(Setting.written) ?? "none", source: source, line: nil, knownAPITypes: knownAPITypes)
    }

    /// Sets the setting named `name` (INI name or alias, any case).
    /// - Throws: ``ConfigError/unknownKey(_:nearest:)`` or the value's error.
    public mutating func set(
        _ name: String, to text: String, source: ConfigSource,
        knownAPITypes: Set<String> = TroupeConfig.builtInAPITypes
    ) throws {
        guard let setting = Setting.named(name) else {
            throw ConfigError.unknownKey(name, nearest: Setting.nearest(to: name)?.name)
        }
        try set(setting, to: text, source: source, knownAPITypes: knownAPITypes)
    }

    private mutating func store(
        _ setting: Setting, _ value: JSONValue?, written: String, source: ConfigSource, line: Int?,
        knownAPITypes: Set<String>
    ) throws {
        if case .apiType = setting.kind, let type = value?.stringValue, !knownAPITypes.contains(type) {
            throw ConfigError.invalidValue(
                key: setting.name, value: written,
                expected: "one of \(knownAPITypes.sorted().joined(separator: ", "))", source: source, line: line)
        }
        values[setting.id] = value
        sources[setting.id] = source
    }

    /// Where `setting` got its value.
    public func source(of setting: Setting) -> ConfigSource {
        sources[setting.id] ?? .builtIn
    }

    /// Where a credential (by environment variable name, e.g. `OPENAI_API_KEY`) or a setting
    /// (by name or alias) got its value; unknown or unset names answer ``ConfigSource/builtIn``.
    public func source(of name: String) -> ConfigSource {
        if let setting = Setting.named(name) { return source(of: setting) }
        return sources[name.uppercased()] ?? .builtIn
    }

    /// The value of `setting` as text that ``set(_:to:source:line:knownAPITypes:)`` reads back.
    public func displayValue(of setting: Setting) -> String {
        setting.display(self[setting])
    }

    /// Records the source of a credential read from the environment.
    mutating func recordCredentialSource(_ name: String, _ source: ConfigSource) {
        sources[name] = source
    }

    /// Forgets every source (the built-in layer reports none).
    mutating func clearSources() {
        sources = [:]
    }

    public static func == (lhs: TroupeConfig, rhs: TroupeConfig) -> Bool {
        lhs.values == rhs.values && lhs.sources == rhs.sources && lhs.credentials == rhs.credentials
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(values)
        hasher.combine(credentials)
    }
}
