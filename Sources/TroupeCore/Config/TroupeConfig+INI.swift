extension TroupeConfig {
    /// The `[OpenAI]` section name.
    public static let sectionName = "OpenAI"

    /// Keys TinyTroupe's own `config.ini` has in `[OpenAI]` that troupe does not use: they are
    /// skipped without a warning so that file loads quietly.
    public static let tinyTroupeKeys: Set<String> = ["MAX_CONTENT_DISPLAY_LENGTH"]

    /// Keys that would hold a credential, which troupe reads from the environment only.
    static let credentialKeys: Set<String> = [
        "API_KEY", "OPENAI_API_KEY", "AZURE_OPENAI_KEY", "AZURE_OPENAI_API_KEY", "AZURE_OPENAI_AD_TOKEN",
    ]

    /// Applies every known key of `[OpenAI]` in `document`, in file order.
    ///
    /// Other sections are ignored, as TinyTroupe's own config.ini has several. An unknown key
    /// is a warning naming the nearest known one (not an error, as `configparser` ignores keys
    /// nobody reads); a credential key is a warning that keys come from the environment.
    /// - Throws: ``ConfigError/missingSection(file:section:)`` or the first bad value.
    public mutating func apply(
        _ document: INIDocument, source: ConfigSource, knownAPITypes: Set<String> = TroupeConfig.builtInAPITypes
    ) throws {
        guard let section = document.section(named: Self.sectionName) else {
            throw ConfigError.missingSection(file: document.file, section: Self.sectionName)
        }
        for entry in document.entries(in: section) {
            guard let setting = Setting.named(entry.key) else {
                let upper = entry.key.uppercased()
                if Self.credentialKeys.contains(upper) {
                    warnings.append(.credentialInFile(file: document.file, line: entry.line, key: entry.key))
                } else if !Self.tinyTroupeKeys.contains(upper) {
                    warnings.append(.unknownKey(
                        file: document.file, line: entry.line, key: entry.key, nearest: Setting.nearest(to: entry.key)?.name))
                }
                continue
            }
            try set(setting, to: entry.value, source: source, line: entry.line, knownAPITypes: knownAPITypes)
        }
    }

    /// The shipped `config.ini`, compiled into the binary by the build (a SwiftPM resource).
    public static var defaultFileText: String {
        String(decoding: PackageResources.config_ini, as: UTF8.self)
    }

    /// The built-in defaults: each setting's described default, then the shipped file over
    /// them. `DefaultConfigTests` checks the file and the descriptions agree.
    static let builtIn: TroupeConfig = {
        var config = TroupeConfig(descriptionDefaults: ())
        // The shipped file is checked by DefaultConfigTests; should it ever fail to parse, the
        // described defaults still hold.
        if let document = try? INIDocument.parse(defaultFileText, file: "built-in config.ini") {
            try? config.apply(document, source: .builtIn, knownAPITypes: builtInAPITypes)
        }
        config.clearSources()
        config.warnings = []
        return config
    }()
}
