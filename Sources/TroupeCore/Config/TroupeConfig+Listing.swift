/// One line of ``TroupeConfig/listing``: a setting, its value as text and where it came from.
public struct ConfigEntry: Sendable, Hashable {
    public var setting: Setting
    /// As ``TroupeConfig/displayValue(of:)`` shows it.
    public var value: String
    public var source: ConfigSource
}

extension TroupeConfig {
    /// Every setting with its value and provenance, in ``Setting/all`` order. Credentials are
    /// not included; see ``credentialSummary``.
    public var listing: [ConfigEntry] {
        Setting.all.map { ConfigEntry(setting: $0, value: displayValue(of: $0), source: source(of: $0)) }
    }

    /// Which credentials are set and where from, never their values
    /// (e.g. `OPENAI_API_KEY: set (environment variable OPENAI_API_KEY)`).
    public var credentialSummary: [String] {
        func line(_ name: String, _ isSet: Bool) -> String {
            isSet ? "\(name): set (\(source(of: name)))" : "\(name): not set"
        }
        return [
            line("OPENAI_API_KEY", credentials.openAIKey != nil),
            line("AZURE_OPENAI_KEY", credentials.azureKey != nil),
            line("AZURE_OPENAI_AD_TOKEN", credentials.azureADToken != nil),
            credentials.azureEndpoint.map { "AZURE_OPENAI_ENDPOINT: \(URLRedaction.redacted($0))" }
                ?? "AZURE_OPENAI_ENDPOINT: not set",
        ]
    }
}
