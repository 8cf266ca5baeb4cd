import Testing
@testable import TroupeCore

@Suite("TroupeConfig.set validation")
struct TroupeConfigSetTests {
    @Test(arguments: [
        ("temperature", "0"), ("temperature", "2"), ("TEMPERATURE", "1.25"), ("top_p", "0"), ("top_p", "1"),
        ("frequency_penalty", "-2"), ("FREQ_PENALTY", "2"), ("presence_penalty", "0.5"), ("max_tokens", "1"),
        ("max_completion_tokens", "4096"), ("timeout", "0.5"), ("max_attempts", "1"), ("waiting_time", "0"),
        ("exponential_backoff_factor", "1"), ("reasoning_effort", "minimal"), ("reasoning_effort", "none"),
        ("cache_api_calls", "on"), ("max_concurrent_model_calls", "0"), ("base_url", "https://h.example/v1"),
        ("stop", "###"), ("stop", #"["\n", "END"]"#), ("seed", "-3"), ("json", "yes"), ("model", "gpt-4o"),
        ("api", "Azure"), ("dedent", "false"), ("templates_dir", "/a: /b"),
    ])
    func acceptsValidValues(key: String, value: String) throws {
        var config = TroupeConfig()
        try config.set(key, to: value, source: .session)
        #expect(config.source(of: key) == .session)
    }

    @Test(arguments: [
        ("temperature", "warm"), ("temperature", "2.01"), ("temperature", "-0.1"), ("temperature", "nan"),
        ("top_p", "1.1"), ("frequency_penalty", "-2.5"), ("presence_penalty", "3"), ("max_tokens", "0"),
        ("max_tokens", "1.5"), ("max_completion_tokens", "-1"), ("timeout", "0"), ("timeout", "soon"),
        ("max_attempts", "0"), ("waiting_time", "-1"), ("exponential_backoff_factor", "0.5"),
        ("reasoning_effort", "extreme"), ("cache_api_calls", "maybe"), ("max_concurrent_model_calls", "-1"),
        ("base_url", "ftp://host"), ("base_url", "localhost:8080"), ("stop", "[1, 2]"), ("stop", #"["a","b","c","d","e"]"#),
        ("seed", "x"), ("json", "2"), ("model", ""), ("model", "two words"), ("api", "bedrock"), ("cache_file_name", " "),
    ])
    func rejectsBadValues(key: String, value: String) {
        var config = TroupeConfig()
        let before = config
        #expect {
            try config.set(key, to: value, source: .session)
        } throws: { error in
            guard case ConfigError.invalidValue(let name, let bad, _, .session, nil) = error else { return false }
            return name == Setting.named(key)?.name && bad == value && "\(error)".contains(name)
        }
        #expect(config == before)
    }

    @Test func noneAndEmptyUnsetOptionalValues() throws {
        var config = TroupeConfig()
        try config.set("temperature", to: "none", source: .session)
        try config.set("max_tokens", to: "", source: .session)
        try config.set("reasoning_effort", to: "", source: .session)
        try config.set("max_concurrent_model_calls", to: "NONE", source: .session)
        #expect(config[.temperature] == nil)
        #expect(config[.maxTokens] == nil)
        #expect(config[.reasoningEffort] == nil)
        #expect(config.maxConcurrentModelCalls == nil)
        let parameters = config.chatParameters()
        #expect(parameters[.temperature] == nil && parameters[.maxTokens] == nil)
    }

    @Test func unknownKeysSuggestTheNearestOne() {
        var config = TroupeConfig()
        #expect(throws: ConfigError.unknownKey("warmth", nearest: nil)) {
            try config.set("warmth", to: "1", source: .session)
        }
        #expect(throws: ConfigError.unknownKey("modle", nearest: "MODEL")) {
            try config.set("modle", to: "x", source: .session)
        }
    }

    /// Misleading messages of old: TIMEOUT=1e6 said "not greater than 0"; `0x10` passed for
    /// some numeric keys and not others.
    @Test func rangesAreWordedAsTheyAreAndHexIsNoNumber() {
        var config = TroupeConfig()
        #expect {
            try config.set(.timeout, to: "1e6", source: .session)
        } throws: { error in
            "\(error)".contains("greater than 0 and at most 86400")
        }
        for setting in [Setting.temperature, .timeout, .maxTokens, .seed, .waitingTime, .maxAttempts, .topP] {
            #expect(throws: ConfigError.self, "\(setting) took 0x1") { try config.set(setting, to: "0x1", source: .session) }
            #expect(throws: ConfigError.self) { try config.set(setting, to: "inf", source: .session) }
        }
        #expect(Setting.decimal("1e3") == 1000)
        #expect(Setting.decimal("-.5") == -0.5)
        #expect(Setting.decimal("1.") == 1)
        #expect(Setting.decimal("1e") == nil && Setting.decimal(".") == nil && Setting.decimal("1..2") == nil)
    }

    @Test func customAPITypesNeedToBeKnown() throws {
        var config = TroupeConfig()
        try config.set("api", to: "ollama", source: .session, knownAPITypes: ["openai", "azure", "ollama"])
        #expect(config.apiType == "ollama")
    }

    @Test func chatParametersCarryTheSettings() throws {
        var config = TroupeConfig()
        for (key, value) in [("model", "m"), ("temperature", "0.3"), ("max_tokens", "10"), ("max_completion_tokens", "20"),
                             ("top_p", "0.9"), ("frequency_penalty", "0.1"), ("presence_penalty", "-0.1"), ("stop", "END"),
                             ("seed", "42"), ("json", "true"), ("reasoning_effort", "low"), ("timeout", "12"), ("dedent", "no")] {
            try config.set(key, to: value, source: .flag)
        }
        let parameters = config.chatParameters()
        #expect(parameters == ChatParameters(model: "m", [.temperature: 0.3, .maxTokens: 10, .maxCompletionTokens: 20, .topP: 0.9, .frequencyPenalty: 0.1, .presencePenalty: -0.1, .stop: ["END"], .seed: 42, .reasoningEffort: "low", .timeout: 12, .dedent: false], responseFormat: .jsonObject))
    }

    @Test func displayValueRoundTrips() throws {
        var config = TroupeConfig()
        try config.set("stop", to: #"["\n", "a\"b"]"#, source: .session)
        try config.set("reasoning_effort", to: "", source: .session)
        for setting in Setting.all {
            var copy = config
            try copy.set(setting, to: config.displayValue(of: setting), source: .session)
            #expect(copy[setting] == config[setting], "\(setting) = \(config.displayValue(of: setting))")
        }
    }
}

@Suite("TroupeConfig listing")
struct TroupeConfigListingTests {
    @Test func listingShowsEveryKeyWithProvenanceAndNoSecrets() throws {
        var config = try testLoader(home: nil, currentDirectory: "/nonexistent-dir",
                                      environment: ["OPENAI_API_KEY": "sk-hidden"]).load()
        try config.set("temperature", to: "0.7", source: .session)
        let listing = config.listing
        #expect(listing.map(\.setting) == Setting.all)
        #expect(listing.first { $0.setting == .temperature } == ConfigEntry(setting: .temperature, value: "0.7", source: .session))
        #expect(listing.first { $0.setting == .model }?.source == .builtIn)
        #expect(config.credentialSummary.contains("OPENAI_API_KEY: set (environment variable OPENAI_API_KEY)"))
        #expect(config.credentialSummary.contains("AZURE_OPENAI_KEY: not set"))
        #expect(!config.credentialSummary.joined().contains("sk-hidden"))
    }
}
