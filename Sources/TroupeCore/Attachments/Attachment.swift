import Foundation

/// A text put into a message: a file's contents, or a command's output.
public struct Attachment: Sendable, Hashable {
    /// What the message calls it: the path as the user gave it, or `$ CMD`.
    public var name: String
    /// The text.
    public var text: String

    public init(name: String, text: String) {
        self.name = name
        self.text = text
    }

    /// The attachments, each as its name on a line and its text in a fenced block, then the
    /// message's own text (`text`; nothing after the blocks when it is empty).
    public static func message(_ attachments: [Attachment], text: String) -> String {
        guard !attachments.isEmpty else { return text }
        var parts = attachments.map { $0.block }
        if !text.isEmpty { parts.append(text) }
        return parts.joined(separator: "\n\n")
    }

    /// `name`, then the text fenced with more backticks than any run inside it.
    public var block: String {
        var longest = 0
        var run = 0
        for character in text {
            if character == "`" {
                run += 1
                longest = max(longest, run)
            } else {
                run = 0
            }
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        let body = text.hasSuffix("\n") ? String(text.dropLast()) : text
        return "\(name)\n\(fence)\n\(body)\n\(fence)"
    }
}

/// Why a file or command could not be attached.
public enum AttachmentError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No file matches the path or pattern.
    case noMatch(String)
    /// The file could not be read.
    case unreadable(path: String, reason: String)
    /// The file is not text: the reason says what was found.
    case binary(path: String, reason: String)
    /// An image, for a model the catalog does not mark as vision-capable (or a client that
    /// sends text only).
    case imageNotSupported(path: String, model: String)
    /// The file is larger than troupe attaches.
    case tooLarge(path: String, bytes: Int, limit: Int)
    /// The command could not be started.
    case commandFailed(command: String, reason: String)

    public var description: String {
        switch self {
        case .noMatch(let pattern): return "no file matches \(pattern)"
        case .unreadable(let path, let reason): return "cannot read \(path): \(reason)"
        case .binary(let path, let reason): return "\(path) is not a text file (\(reason)); it was not attached"
        case .imageNotSupported(let path, let model):
            return "\(path) is an image, and \(model) is not marked as accepting images in the model catalog; it was not attached"
        case .tooLarge(let path, let bytes, let limit):
            return "\(path) has \(bytes) bytes, more than the \(limit) troupe attaches; it was not attached"
        case .commandFailed(let command, let reason): return "cannot run \(command): \(reason)"
        }
    }
}
