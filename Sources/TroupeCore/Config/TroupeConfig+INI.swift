extension TroupeConfig {
    /// The `[OpenAI]` section name.
    public static let sectionName = "OpenAI"

    /// Applies every known key of `[OpenAI]` in `document`, in file order.
    ///
    /// Unknown keys and other sections are ignored, as `configparser` ignores keys nobody
    /// reads; so TinyTroupe's own config.ini works unchanged.
    /// - Throws: ``ConfigError/missingSection(file:section:)`` or the first bad value.
    public mutating func apply(_ document: INIDocument, source: ConfigSource, knownAPITypes: Set<String> = TroupeConfig.builtInAPITypes) throws {
        guard let section = document.section(named: Self.sectionName) else {
            throw ConfigError.missingSection(file: document.file, section: Self.sectionName)
        }
        for entry in document.entries(in: section) {
            guard let key = ConfigKey(named: entry.key) else { continue }
            try set(key, to: entry.value, source: source, line: entry.line, knownAPITypes: knownAPITypes)
        }
    }

    /// The built-in defaults, parsed once from ``DefaultConfigFile/text``.
    static let builtIn: TroupeConfig = {
        var config = TroupeConfig(unconfigured: ())
        do {
            let document = try INIDocument.parse(DefaultConfigFile.text, file: "built-in config.ini")
            try config.apply(document, source: .builtIn)
        } catch {
            // DefaultConfigTests parses the same text, so this cannot ship broken.
            preconditionFailure("the built-in config.ini is invalid: \(error)")
        }
        config.sources = [:]
        return config
    }()

    /// Values used only until the built-in file is applied over them.
    private init(unconfigured: Void) {
        apiType = "openai"
        azureAPIVersion = "2024-12-01-preview"
        model = "gpt-4.1-mini"
        reasoningModel = "o3-mini"
        embeddingModel = "text-embedding-3-small"
        timeout = 480
        maxAttempts = 5
        waitingTime = 1
        exponentialBackoffFactor = 5
        cacheAPICalls = false
        cacheFileName = "troupe_api_cache.sqlite"
        templatesDirectories = []
        jsonMode = false
        dedent = true
        credentials = Credentials()
    }
}
