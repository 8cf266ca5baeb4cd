/// Keys, tokens and endpoints, read from the environment only (never from config files or flags),
/// as TinyTroupe and the official SDK do.
public struct Credentials: Sendable, Hashable, CustomStringConvertible {
    /// `OPENAI_API_KEY`.
    public var openAIKey: Secret?
    /// `AZURE_OPENAI_KEY` (TinyTroupe's name) or `AZURE_OPENAI_API_KEY` (the SDK's).
    public var azureKey: Secret?
    /// `AZURE_OPENAI_AD_TOKEN`: an Entra ID token sent as `Authorization: Bearer`; used when no key is set.
    public var azureADToken: Secret?
    /// `AZURE_OPENAI_ENDPOINT`, e.g. `https://NAME.openai.azure.com`.
    public var azureEndpoint: String?
    /// `OPENAI_API_VERSION` when set. ``TroupeConfig/azureAPIVersion`` already holds the resolved
    /// version (this one wins over AZURE_API_VERSION); use that.
    public var azureAPIVersion: String?

    public init(
        openAIKey: Secret? = nil,
        azureKey: Secret? = nil,
        azureADToken: Secret? = nil,
        azureEndpoint: String? = nil,
        azureAPIVersion: String? = nil
    ) {
        self.openAIKey = openAIKey
        self.azureKey = azureKey
        self.azureADToken = azureADToken
        self.azureEndpoint = azureEndpoint
        self.azureAPIVersion = azureAPIVersion
    }

    public var description: String {
        func mark(_ secret: Secret?) -> String { secret == nil ? "unset" : "set" }
        return "Credentials(openAIKey: \(mark(openAIKey)), azureKey: \(mark(azureKey)), "
            + "azureADToken: \(mark(azureADToken)), azureEndpoint: \(azureEndpoint ?? "unset"))"
    }
}
