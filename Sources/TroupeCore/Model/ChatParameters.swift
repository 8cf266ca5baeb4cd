/// The parameters of one chat request: the model, the request parameters that are set (by
/// ``Setting``), a response format and a choice count. An unset parameter is not sent.
///
/// The same value is sent on every attempt of a request; nothing mutates it between retries.
/// ```swift
/// let parameters = ChatParameters(model: "gpt-4o-mini", [.temperature: 0.3, .maxTokens: 50])
/// ```
/// Encoded (in session files) as one object: `model`, each set parameter under its
/// ``Setting/id`` (`temperature`, `maxTokens`, `topP`, ...), `responseFormat` and `n`.
public struct ChatParameters: Sendable, Hashable {
    public var model: String
    /// Request parameters by ``Setting/id``; only settings whose placement is a request
    /// parameter (``Setting/requestParameters``) are kept.
    public private(set) var values: [String: JSONValue]
    /// `response_format`: JSON mode or a JSON schema (nil: free text).
    public var responseFormat: ResponseFormat?
    /// How many choices to ask for (nil: one).
    public var n: Int?

    /// - Parameter values: request parameters by setting; a setting that is not a request
    ///   parameter (``Setting/Placement/isRequestParameter``) is ignored.
    public init(model: String, _ values: [Setting: JSONValue] = [:], responseFormat: ResponseFormat? = nil, n: Int? = nil) {
        self.model = model
        self.values = [:]
        self.responseFormat = responseFormat
        self.n = n
        for (setting, value) in values { self[setting] = value }
    }

    /// The value of a request parameter, or nil when it is unset; setting nil unsets it.
    public subscript(_ setting: Setting) -> JSONValue? {
        get { values[setting.id] }
        set {
            guard setting.placement.isRequestParameter else { return }
            values[setting.id] = newValue == .null ? nil : newValue
        }
    }

    /// The set parameters as settings, in ``Setting/all`` order.
    public var settings: [(setting: Setting, value: JSONValue)] {
        Setting.requestParameters.compactMap { setting in values[setting.id].map { (setting, $0) } }
    }

    /// TIMEOUT for this request, in seconds, when set.
    public var timeout: Double? { self[.timeout]?.numberValue }

    /// Whether messages are dedented before sending (DEDENT).
    public var dedent: Bool { self[.dedent]?.boolValue ?? false }
}

extension ChatParameters: Codable {
    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        model = try container.decode(String.self, forKey: Key("model"))
        responseFormat = try container.decodeIfPresent(ResponseFormat.self, forKey: Key("responseFormat"))
        n = try container.decodeIfPresent(Int.self, forKey: Key("n"))
        values = [:]
        for key in container.allKeys {
            // Fields of a newer troupe that this one does not know are left out.
            guard let setting = Setting.withID(key.stringValue), setting.placement.isRequestParameter else { continue }
            let value = try container.decode(JSONValue.self, forKey: key)
            self[setting] = value
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(model, forKey: Key("model"))
        try container.encodeIfPresent(responseFormat, forKey: Key("responseFormat"))
        try container.encodeIfPresent(n, forKey: Key("n"))
        for (id, value) in values {
            try container.encode(value, forKey: Key(id))
        }
    }
}
