extension LLMService {
    /// The local client when the current API type is `local`, else nil.
    public var localClient: LocalClient? {
        get throws {
            let apiType = registry.apiType(for: config)
            guard apiType == LocalClient.apiTypeName else { return nil }
            return try registry.client(for: config) as? LocalClient
        }
    }

    /// The exact prompt token counts of `messages` with the local model's own tokenizer (the
    /// server's chat template, then its tokenizer): for each message the count of the
    /// conversation up to it, so the last one equals the server's `usage.prompt_tokens`; and
    /// the server's context window (`n_ctx`). Starts the server when it is not running.
    public func localTokenCounts(of messages: [ChatMessage]) async throws -> (cumulative: [Int], contextWindow: Int)? {
        guard let local = try localClient else { return nil }
        let api = try await local.server.api()
        var cumulative: [Int] = []
        for end in messages.indices {
            cumulative.append(try await api.promptTokenCount(of: Array(messages[...end])))
        }
        return (cumulative, try await api.props().contextSize)
    }

    /// Exact token counts for a reply that ended without the server's usage (cut with Ctrl-C or
    /// by TIMEOUT): the prompt through the server's chat template and tokenizer, the partial
    /// reply through the tokenizer alone. Nil when the API type is not local or its server is
    /// not running any more (a reply cut by a crash is not worth starting a server to count).
    public func localUsage(prompt: [ChatMessage], reply: String) async -> Usage? {
        guard let local = try? localClient else { return nil }
        switch await local.server.status {
        case .running, .shared: break
        default: return nil
        }
        guard let api = try? await local.server.api(),
              let promptTokens = try? await api.promptTokenCount(of: prompt),
              let completionTokens = try? await api.tokenize(reply, addSpecial: false).count
        else { return nil }
        return Usage(promptTokens: promptTokens, completionTokens: completionTokens, totalTokens: promptTokens + completionTokens)
    }
}
