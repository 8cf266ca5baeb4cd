import Foundation

extension LLMService {
    /// Refuses a request whose prompt does not fit the model's context window, before it is
    /// sent to fail at the server. Only where the catalog knows the window; the local server
    /// checks its own (it knows the context it was started with).
    /// - Throws: ``ContextWindowError`` with the counts.
    func checkContext(_ request: ChatRequest, apiType: String) throws {
        guard apiType != LocalClient.apiTypeName, let window = catalog.contextWindow(for: request.model) else { return }
        // A token is at least one byte, and a message adds 3 tokens plus its role: a prompt
        // with fewer bytes (plus that overhead) than the window fits without counting.
        let bound = request.messages.reduce(ChatTokenCount.replyPriming) {
            $0 + $1.content.utf8.count + ($1.name?.utf8.count ?? 0) + 8 + $1.images.reduce(0) { $0 + $1.estimatedTokens }
        }
        guard bound >= window else { return }
        let tokens = ChatTokenCount.promptTokens(request.messages, model: request.model)
        if tokens >= window {
            throw ContextWindowError(model: request.model, promptTokens: tokens, contextWindow: window)
        }
    }

    /// The context window of `model` on the current API type, when known: the catalog's.
    public nonisolated func contextWindow(for model: String) -> Int? {
        catalog.contextWindow(for: model)
    }

    /// What a finished request cost: nothing for an answer from the response cache (no
    /// request was made) or from the local model; the catalog's prices for the reported
    /// usage otherwise; nil when the usage (a reply cut before it came: `completion` nil) or
    /// a needed price is unknown.
    public nonisolated func cost(of completion: ChatCompletion?, model: String, apiType: String) -> Cost? {
        if completion?.fromCache == true || apiType == LocalClient.apiTypeName { return .zero }
        guard let usage = completion?.usage else { return nil }
        return catalog.cost(of: TokenUsage(usage), model: model)
    }
}

extension LLMService {
    /// What `completion` cost when it was made, at `tier`'s prices: an answer from the cache is
    /// priced as when it was asked (what a `cost` check of a suite compares), the local model
    /// costs nothing, and nil means its usage or a needed price is unknown.
    /// - Parameter parameters: the request's (the model priced is the one sent); nil: the
    ///   configuration's.
    public func costWhenMade(of completion: ChatCompletion, parameters: ChatParameters? = nil, tier: PriceTier = .standard) -> Cost? {
        if registry.apiType(for: config) == LocalClient.apiTypeName { return .zero }
        guard let usage = completion.usage else { return nil }
        return catalog.cost(of: TokenUsage(usage), model: modelInUse(parameters), tier: tier)
    }
}
