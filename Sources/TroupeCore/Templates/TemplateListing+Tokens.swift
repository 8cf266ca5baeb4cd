extension TemplateListing {
    /// Each message's prompt tokens in `model`'s encoding, as the Chat Completions API counts
    /// them: the per-message overhead, role and content (a request adds 3 for the reply priming).
    public static func tokenCounts(_ messages: [ChatMessage], model: String) -> [Int] {
        messages.map { ChatTokenCount.tokens(of: $0, model: model) }
    }

    /// `counted in o200k_base (gpt-4o-mini); a request adds 3 tokens for the reply`.
    public static func tokenNote(model: String) -> String {
        "counted in \(ChatTokenCount.encodingName(for: model)) (\(model)); a request adds \(ChatTokenCount.replyPriming) tokens for the reply"
    }
}
