/// Removes credentials from JSON that is about to be logged.
enum SecretScrubber {
    /// Names (lowercased, `-` read as `_`) whose values are never written.
    static let secretKeys: Set<String> = [
        "api_key", "apikey", "openai_api_key", "azure_openai_api_key", "azure_api_key", "x_api_key",
        "authorization", "proxy_authorization", "bearer", "access_token", "api_token", "password",
        "secret", "client_secret",
    ]

    static let redacted: JSONValue = "[redacted]"

    static func scrub(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object):
            var clean: [String: JSONValue] = [:]
            for (key, item) in object {
                let normalized = key.lowercased().replacingOccurrences(of: "-", with: "_")
                clean[key] = secretKeys.contains(normalized) ? redacted : scrub(item)
            }
            return .object(clean)
        case .array(let items):
            return .array(items.map(scrub))
        default:
            return value
        }
    }
}
