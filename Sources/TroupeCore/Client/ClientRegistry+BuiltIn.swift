extension ClientRegistry {
    /// Registers the `openai` and `azure` clients.
    ///
    /// TODO(lead): wire the http helper's clients here once they are merged:
    /// `register("openai") { try OpenAIClient(config: $0) }` and
    /// `register("azure") { try AzureOpenAIClient(config: $0) }`.
    /// Until then the registry starts empty and ``client(for:)`` names the missing types.
    public func registerBuiltInClients() {
    }
}
