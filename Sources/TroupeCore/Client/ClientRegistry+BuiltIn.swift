extension ClientRegistry {
    /// Registers the `openai` (``OpenAIClient``) and `azure` (``AzureOpenAIClient``) clients.
    public func registerBuiltInClients() {
        register("openai") { try OpenAIClient(config: $0) }
        register("azure") { try AzureOpenAIClient(config: $0) }
    }
}
