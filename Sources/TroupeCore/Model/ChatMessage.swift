/// One message of a chat conversation, as the Chat Completions API takes it.
public struct ChatMessage: Codable, Sendable, Hashable {
    /// Who wrote a message.
    public enum Role: String, Codable, Sendable, Hashable, CaseIterable {
        case system, developer, user, assistant, tool
    }

    public var role: Role
    public var content: String
    /// Optional participant name; counted as tokens and sent when set.
    public var name: String?

    public init(role: Role, content: String, name: String? = nil) {
        self.role = role
        self.content = content
        self.name = name
    }

    public static func system(_ content: String) -> ChatMessage { .init(role: .system, content: content) }
    public static func user(_ content: String) -> ChatMessage { .init(role: .user, content: content) }
    public static func assistant(_ content: String) -> ChatMessage { .init(role: .assistant, content: content) }
}
