import TroupeTokenizer

extension TemplateListing {
    /// Each message's prompt tokens in `model`'s encoding, as the Chat Completions API counts
    /// them: the per-message overhead, role and content (a request adds 3 for the reply priming).
    public static func tokenCounts(_ messages: [ChatMessage], model: String) -> [Int] {
        messages.map {
            Encoding.countChatTokens(messages: [($0.role.rawValue, $0.content, $0.name)], model: model) - 3
        }
    }

    /// `counted in o200k_base (gpt-4o-mini); a request adds 3 tokens for the reply`.
    public static func tokenNote(model: String) -> String {
        "counted in \(Encoding.forModel(model).encoding.name) (\(model)); a request adds 3 tokens for the reply"
    }
}
