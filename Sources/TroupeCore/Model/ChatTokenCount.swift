import TroupeTokenizer

/// Prompt and completion tokens counted locally, exactly as the Chat Completions API counts
/// them, in the encoding of the model (tiktoken's mapping; unknown models use o200k_base).
/// The vocabulary loads on the first count only.
public enum ChatTokenCount {
    /// Tokens that prime the reply (`<|start|>assistant<|message|>`), added once per request.
    public static let replyPriming = 3

    /// The name of the encoding `model` uses (`o200k_base`, `cl100k_base`).
    public static func encodingName(for model: String) -> String {
        Encoding.forModel(model).encoding.name
    }

    /// The tokens one message adds to a request: its fixed overhead, role, content and name.
    /// Images add OpenAI's tile estimate (``ImagePart/estimatedTokens``).
    public static func tokens(of message: ChatMessage, model: String) -> Int {
        Encoding.countChatTokens(messages: [(message.role.rawValue, message.content, message.name)], model: model)
            - replyPriming + imageTokens(message)
    }

    /// The prompt tokens of a whole request, reply priming included (TinyTroupe's `_count_tokens`).
    public static func promptTokens(_ messages: [ChatMessage], model: String) -> Int {
        Encoding.countChatTokens(messages: messages.map { ($0.role.rawValue, $0.content, $0.name) }, model: model)
            + messages.reduce(0) { $0 + imageTokens($1) }
    }

    private static func imageTokens(_ message: ChatMessage) -> Int {
        message.images.reduce(0) { $0 + $1.estimatedTokens }
    }

    /// The tokens of a reply's text.
    public static func completionTokens(_ text: String, model: String) -> Int {
        Encoding.forModel(model).encoding.count(text)
    }
}
