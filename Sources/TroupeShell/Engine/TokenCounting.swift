import TroupeCore
import TroupeTokenizer

/// Local token counts in a model's encoding (the vocabulary loads on the first count only).
enum TokenCounting {
    /// Tokens the reply priming takes (`<|start|>assistant<|message|>`).
    static let replyPriming = 3

    /// The encoding's name for `model`.
    static func encodingName(for model: String) -> String {
        Encoding.forModel(model).encoding.name
    }

    /// Prompt tokens of one message: its fixed overhead plus role, content and name.
    static func tokens(of message: ChatMessage, model: String) -> Int {
        Encoding.countChatTokens(messages: [(message.role.rawValue, message.content, message.name)], model: model)
            - replyPriming
    }

    /// Prompt tokens of a whole request, reply priming included.
    static func promptTokens(_ messages: [ChatMessage], model: String) -> Int {
        Encoding.countChatTokens(messages: messages.map { ($0.role.rawValue, $0.content, $0.name) }, model: model)
    }

    /// Tokens of a reply's text.
    static func completionTokens(_ text: String, model: String) -> Int {
        Encoding.forModel(model).encoding.count(text)
    }
}
