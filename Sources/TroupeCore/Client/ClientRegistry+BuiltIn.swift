extension ClientRegistry {
    /// Registers the `openai` (``OpenAIClient``), `azure` (``AzureOpenAIClient``) and `local`
    /// (``LocalClient``, llama.cpp's server on this machine) clients.
    public func registerBuiltInClients() {
        register("openai") { try OpenAIClient(config: $0) }
        register("azure") { try AzureOpenAIClient(config: $0) }
        register(LocalClient.apiTypeName) { LocalClient(config: $0) }
    }
}
