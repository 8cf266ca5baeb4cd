import Foundation

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
    /// Images sent with the text (for vision models): the message then goes as content
    /// parts, the text first.
    public var images: [ImagePart]

    public init(role: Role, content: String, name: String? = nil, images: [ImagePart] = []) {
        self.role = role
        self.content = content
        self.name = name
        self.images = images
    }

    public static func system(_ content: String) -> ChatMessage { .init(role: .system, content: content) }
    public static func user(_ content: String) -> ChatMessage { .init(role: .user, content: content) }
    public static func assistant(_ content: String) -> ChatMessage { .init(role: .assistant, content: content) }

    private enum CodingKeys: String, CodingKey { case role, content, name, images }

    /// Reads messages written before images existed (no `images` key).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        role = try container.decode(Role.self, forKey: .role)
        content = try container.decode(String.self, forKey: .content)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        images = try container.decodeIfPresent([ImagePart].self, forKey: .images) ?? []
    }

    /// Writes `images` only when there are some, so text-only files stay as they were.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(role, forKey: .role)
        try container.encode(content, forKey: .content)
        try container.encodeIfPresent(name, forKey: .name)
        if !images.isEmpty { try container.encode(images, forKey: .images) }
    }
}

/// An image in a message: its bytes and format, sent as a `data:` URL.
public struct ImagePart: Codable, Sendable, Hashable {
    /// The file name it was attached from (shown, never sent).
    public var name: String
    /// `image/png`, `image/jpeg`, `image/webp` or `image/gif`.
    public var mediaType: String
    /// The image file's bytes; empty for an image whose bytes were not kept (the log keeps
    /// only its name, type and size).
    public var data: Data
    /// Width and height in pixels, when the header could be read.
    public var width: Int?
    public var height: Int?

    public init(name: String, mediaType: String, data: Data, width: Int? = nil, height: Int? = nil) {
        self.name = name
        self.mediaType = mediaType
        self.data = data
        self.width = width
        self.height = height
    }

    /// `data:image/png;base64,…`, as `image_url.url` takes it.
    public var dataURL: String { "data:\(mediaType);base64,\(data.base64EncodedString())" }

    private enum CodingKeys: String, CodingKey { case name, mediaType, data, width, height }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        mediaType = try container.decode(String.self, forKey: .mediaType)
        data = try container.decodeIfPresent(Data.self, forKey: .data) ?? Data()
        width = try container.decodeIfPresent(Int.self, forKey: .width)
        height = try container.decodeIfPresent(Int.self, forKey: .height)
    }
}
