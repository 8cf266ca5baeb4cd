extension Encoding {
    /// Tokens a chat request's messages take in the prompt, following the OpenAI cookbook
    /// (`num_tokens_from_messages`): per message a fixed overhead plus the tokens of its role,
    /// content and name, a per-name adjustment, and 3 tokens priming the reply.
    ///
    /// The overheads are 3 per message and 1 per name, except `gpt-3.5-turbo-0301` (4 and -1).
    /// Works for any model: the encoding comes from `forModel(_:)`, whose fallback is o200k_base.
    /// - Parameters:
    ///   - messages: role, content and optional name of each message.
    ///   - model: the model name, used for the encoding and the per-message overhead.
    public static func countChatTokens(
        messages: [(role: String, content: String, name: String?)], model: String
    ) -> Int {
        let encoding = forModel(model).encoding
        let legacy = model.hasPrefix("gpt-3.5-turbo-0301") || model.hasPrefix("gpt-35-turbo-0301")
        let perMessage = legacy ? 4 : 3
        let perName = legacy ? -1 : 1
        var total = 3
        for message in messages {
            total += perMessage + encoding.count(message.role) + encoding.count(message.content)
            if let name = message.name {
                total += encoding.count(name) + perName
            }
        }
        return total
    }
}
