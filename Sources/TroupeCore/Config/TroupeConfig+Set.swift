import Foundation

extension TroupeConfig {
    /// Sets one value after checking it; the same rules apply to files, flags and `/set`.
    ///
    /// - Parameter key: an INI name or alias in any case (`TEMPERATURE`, `temperature`,
    ///   `frequency_penalty`, `api`, `json`, ...).
    /// - Parameter value: the text as written; `none` or empty unsets optional values.
    /// - Parameter source: recorded as the value's provenance.
    /// - Parameter knownAPITypes: the API types `API_TYPE` may name (pass the registry's).
    /// - Throws: ``ConfigError/unknownKey(_:known:)`` or ``ConfigError/invalidValue(key:value:expected:source:line:)``.
    public mutating func set(
        _ key: String,
        to value: String,
        source: ConfigSource,
        knownAPITypes: Set<String> = TroupeConfig.builtInAPITypes
    ) throws {
        guard let known = ConfigKey(named: key) else {
            throw ConfigError.unknownKey(key, known: ConfigKey.allCases.map(\.name))
        }
        try set(known, to: value, source: source, line: nil, knownAPITypes: knownAPITypes)
    }

    /// Sets one value after checking it; `line` is the file line used in error messages.
    public mutating func set(
        _ key: ConfigKey,
        to value: String,
        source: ConfigSource,
        line: Int? = nil,
        knownAPITypes: Set<String> = TroupeConfig.builtInAPITypes
    ) throws {
        let text = value.trimmingCharacters(in: .whitespacesAndNewlines)
        let unset = text.isEmpty || text.lowercased() == "none"
        func invalid(_ expected: String? = nil) -> ConfigError {
            .invalidValue(key: key.name, value: value, expected: expected ?? key.expected, source: source, line: line)
        }
        func name() throws -> String {
            guard !text.isEmpty, !text.contains(where: \.isWhitespace) else { throw invalid() }
            return text
        }
        func number(in range: ClosedRange<Double>) throws -> Double {
            guard let number = Double(text), number.isFinite, range.contains(number) else { throw invalid() }
            return number
        }
        func optionalNumber(in range: ClosedRange<Double>) throws -> Double? {
            unset ? nil : try number(in: range)
        }
        func integer(in range: ClosedRange<Int>) throws -> Int {
            guard let number = Int(text), range.contains(number) else { throw invalid() }
            return number
        }
        func boolean() throws -> Bool {
            guard let flag = INIDocument.boolean(text) else { throw invalid() }
            return flag
        }

        switch key {
        case .apiType:
            let type = text.lowercased()
            guard knownAPITypes.contains(type) else {
                throw invalid("one of \(knownAPITypes.sorted().joined(separator: ", "))")
            }
            apiType = type
        case .azureAPIVersion: azureAPIVersion = try name()
        case .model: model = try name()
        case .reasoningModel: reasoningModel = try name()
        case .embeddingModel: embeddingModel = try name()
        case .maxTokens: maxTokens = unset ? nil : try integer(in: 1...10_000_000)
        case .maxCompletionTokens: maxCompletionTokens = unset ? nil : try integer(in: 1...10_000_000)
        case .temperature: temperature = try optionalNumber(in: 0...2)
        case .topP: topP = try optionalNumber(in: 0...1)
        case .frequencyPenalty: frequencyPenalty = try optionalNumber(in: -2...2)
        case .presencePenalty: presencePenalty = try optionalNumber(in: -2...2)
        case .timeout:
            let seconds = try number(in: 0...86_400)
            guard seconds > 0 else { throw invalid() }
            timeout = seconds
        case .maxAttempts: maxAttempts = try integer(in: 1...100)
        case .waitingTime: waitingTime = try number(in: 0...3600)
        case .exponentialBackoffFactor: exponentialBackoffFactor = try number(in: 1...100)
        case .reasoningEffort:
            if unset && text.lowercased() != "none" {
                reasoningEffort = nil
            } else {
                // "none" is itself an effort the API accepts, so it is kept as a value.
                guard TroupeConfig.reasoningEfforts.contains(text.lowercased()) else { throw invalid() }
                reasoningEffort = text.lowercased()
            }
        case .cacheAPICalls: cacheAPICalls = try boolean()
        case .cacheFileName:
            guard !text.isEmpty else { throw invalid() }
            cacheFileName = text
        case .maxConcurrentModelCalls:
            let limit = unset ? 0 : try integer(in: 0...1000)
            maxConcurrentModelCalls = limit == 0 ? nil : limit
        case .baseURL:
            if text.isEmpty {
                baseURL = nil
            } else {
                guard let url = URL(string: text), let scheme = url.scheme?.lowercased(),
                      scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty else {
                    throw invalid()
                }
                baseURL = text.hasSuffix("/") ? String(text.dropLast()) : text
            }
        case .templatesDirectories:
            templatesDirectories = text.split(separator: ":").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        case .stop:
            if unset {
                stop = nil
            } else if text.hasPrefix("[") {
                guard let data = text.data(using: .utf8),
                      let list = try? JSONDecoder().decode([String].self, from: data),
                      (1...4).contains(list.count), !list.contains(where: \.isEmpty) else {
                    throw invalid()
                }
                stop = list
            } else {
                stop = [text]
            }
        case .seed: seed = unset ? nil : try integer(in: Int.min...Int.max)
        case .jsonMode: jsonMode = try boolean()
        case .dedent: dedent = try boolean()
        }
        sources[key.name] = source
    }

    /// `list` as a JSON array of strings.
    static func jsonArray(_ list: [String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        guard let data = try? encoder.encode(list) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }
}
