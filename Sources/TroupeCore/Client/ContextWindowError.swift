/// A conversation that no longer fits the model's context window, refused before sending.
public struct ContextWindowError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The model asked.
    public var model: String
    /// The request's prompt tokens, counted locally in the model's encoding.
    public var promptTokens: Int
    /// The model's context window (input plus output), from the catalog.
    public var contextWindow: Int

    /// How many tokens the prompt is over: at least 1, since a prompt that fills the whole
    /// window leaves no room for a reply.
    public var excess: Int { promptTokens - contextWindow + 1 }

    public init(model: String, promptTokens: Int, contextWindow: Int) {
        self.model = model
        self.promptTokens = promptTokens
        self.contextWindow = contextWindow
    }

    public var description: String {
        "the conversation has \(promptTokens) prompt tokens; \(model)'s context window is \(contextWindow) tokens "
            + "(\(excess) over, with no room for a reply); it was not sent"
    }
}
