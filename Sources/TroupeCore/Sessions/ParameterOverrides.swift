/// Changes to some of a request's parameters, applied on top of each replayed turn's own
/// parameters so that what was not overridden stays exactly as it was sent.
public struct ParameterOverrides: Codable, Sendable, Hashable {
    /// A field of ``ChatParameters``.
    public enum Field: String, Codable, Sendable, Hashable, CaseIterable, Comparable {
        case model, temperature, maxTokens, maxCompletionTokens, topP, frequencyPenalty
        case presencePenalty, stop, n, seed, responseFormat, reasoningEffort, timeout, dedent

        public static func < (lhs: Field, rhs: Field) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// Which fields to take from ``values``.
    public var fields: Set<Field>
    /// Where overridden fields take their values from.
    public var values: ChatParameters

    /// No overrides.
    public init() {
        self.fields = []
        self.values = ChatParameters(model: "")
    }

    /// Takes `fields` from `values`.
    public init(fields: Set<Field>, values: ChatParameters) {
        self.fields = fields
        self.values = values
    }

    public var isEmpty: Bool { fields.isEmpty }

    /// Overrides the model.
    public mutating func setModel(_ model: String) {
        fields.insert(.model)
        values.model = model
    }

    /// `parameters` with the overridden fields replaced.
    public func applied(to parameters: ChatParameters) -> ChatParameters {
        var result = parameters
        for field in fields {
            switch field {
            case .model: result.model = values.model
            case .temperature: result.temperature = values.temperature
            case .maxTokens: result.maxTokens = values.maxTokens
            case .maxCompletionTokens: result.maxCompletionTokens = values.maxCompletionTokens
            case .topP: result.topP = values.topP
            case .frequencyPenalty: result.frequencyPenalty = values.frequencyPenalty
            case .presencePenalty: result.presencePenalty = values.presencePenalty
            case .stop: result.stop = values.stop
            case .n: result.n = values.n
            case .seed: result.seed = values.seed
            case .responseFormat: result.responseFormat = values.responseFormat
            case .reasoningEffort: result.reasoningEffort = values.reasoningEffort
            case .timeout: result.timeout = values.timeout
            case .dedent: result.dedent = values.dedent
            }
        }
        return result
    }
}

extension ParameterOverrides {
    /// Each override as `field=value`, sorted by field, for reports (`null` when unset).
    public var descriptions: [String] {
        fields.sorted().map { field in
            let value: String
            switch field {
            case .model: value = values.model
            case .temperature: value = Self.text(values.temperature)
            case .maxTokens: value = Self.text(values.maxTokens)
            case .maxCompletionTokens: value = Self.text(values.maxCompletionTokens)
            case .topP: value = Self.text(values.topP)
            case .frequencyPenalty: value = Self.text(values.frequencyPenalty)
            case .presencePenalty: value = Self.text(values.presencePenalty)
            case .stop: value = values.stop.map { $0.joined(separator: ",") } ?? "null"
            case .n: value = Self.text(values.n)
            case .seed: value = Self.text(values.seed)
            case .responseFormat:
                switch values.responseFormat {
                case nil: value = "null"
                case .text?: value = "text"
                case .jsonObject?: value = "json_object"
                case .jsonSchema(let name, _, _)?: value = "json_schema:\(name)"
                }
            case .reasoningEffort: value = values.reasoningEffort ?? "null"
            case .timeout: value = Self.text(values.timeout)
            case .dedent: value = String(values.dedent)
            }
            return "\(field.rawValue)=\(value)"
        }
    }

    private static func text<T>(_ value: T?) -> String {
        value.map { "\($0)" } ?? "null"
    }
}
