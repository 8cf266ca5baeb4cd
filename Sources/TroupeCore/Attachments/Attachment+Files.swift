import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Attachment {
    /// The largest file attached: 4 MB (about a million tokens, past every context window).
    public static let maximumBytes = 4_000_000

    /// The paths `pattern` names: a path as given, or the files a glob (`*`, `?`, `[…]`)
    /// matches, sorted; `~/` is the home folder. Relative paths are taken from `directory`.
    /// - Throws: ``AttachmentError/noMatch(_:)`` when nothing matches.
    public static func paths(matching pattern: String, in directory: String, home: String?) throws(AttachmentError) -> [String] {
        var expanded = pattern
        if let home, pattern == "~" || pattern.hasPrefix("~/") { expanded = home + pattern.dropFirst() }
        let absolute = expanded.hasPrefix("/") ? expanded : (directory as NSString).appendingPathComponent(expanded)
        guard pattern.contains(where: { "*?[".contains($0) }) else {
            guard FileManager.default.fileExists(atPath: absolute) else { throw .noMatch(pattern) }
            return [expanded]
        }
        var result = glob_t()
        defer { globfree(&result) }
        guard glob(absolute, 0, nil, &result) == 0 else { throw .noMatch(pattern) }
        var paths: [String] = []
        for index in 0..<Int(result.gl_pathc) {
            guard let pointer = result.gl_pathv[index] else { continue }
            var isDirectory: ObjCBool = false
            let path = String(cString: pointer)
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                paths.append(Self.display(path, directory: directory))
            }
        }
        guard !paths.isEmpty else { throw .noMatch(pattern) }
        return paths.sorted()
    }

    /// `path` relative to `directory` when it is inside it (what the message shows).
    static func display(_ path: String, directory: String) -> String {
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    /// The text file at `path` (relative to `directory`), named as given.
    /// - Throws: ``AttachmentError/binary(path:reason:)`` for an image, a file with a NUL byte
    ///   or bytes that are not UTF-8, ``AttachmentError/tooLarge(path:bytes:limit:)``,
    ///   ``AttachmentError/unreadable(path:reason:)``.
    public static func file(_ path: String, in directory: String) throws(AttachmentError) -> Attachment {
        try text(try bytes(of: path, in: directory, limit: maximumBytes), name: path)
    }

    /// What the file at `path` holds: an image (PNG, JPEG, WebP, GIF, up to
    /// ``ImagePart/maximumBytes``), or text as ``file(_:in:)`` reads it.
    public static func content(of path: String, in directory: String) throws(AttachmentError) -> AttachedContent {
        let bytes = try bytes(of: path, in: directory, limit: ImagePart.maximumBytes)
        if let image = ImagePart(bytes: bytes, name: path) { return .image(image) }
        guard bytes.count <= maximumBytes else { throw .tooLarge(path: path, bytes: bytes.count, limit: maximumBytes) }
        return .text(try text(bytes, name: path))
    }

    private static func bytes(of path: String, in directory: String, limit: Int) throws(AttachmentError) -> [UInt8] {
        let absolute = path.hasPrefix("/") ? path : (directory as NSString).appendingPathComponent(path)
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: absolute)
            if attributes[.type] as? FileAttributeType == .typeDirectory {
                throw AttachmentError.unreadable(path: path, reason: "it is a folder (a pattern such as \(path)/* attaches its files)")
            }
            if let size = attributes[.size] as? Int, size > limit {
                throw AttachmentError.tooLarge(path: path, bytes: size, limit: limit)
            }
            return Array(try Data(contentsOf: URL(fileURLWithPath: absolute)))
        } catch let error as AttachmentError {
            throw error
        } catch {
            throw .unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
    }

    /// `bytes` as an attachment named `name`.
    /// - Throws: ``AttachmentError/binary(path:reason:)`` unless the bytes are UTF-8 text.
    public static func text(_ bytes: [UInt8], name: String) throws(AttachmentError) -> Attachment {
        if let kind = ImageKind(sniffing: bytes) {
            throw .binary(path: name, reason: "a \(kind.rawValue.uppercased()) image")
        }
        if let zero = bytes.firstIndex(of: 0) {
            throw .binary(path: name, reason: "a NUL byte at offset \(zero)")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .binary(path: name, reason: "bytes that are not UTF-8 text")
        }
        return Attachment(name: name, text: text)
    }
}

/// A file to attach: text for the message, or an image part.
public enum AttachedContent: Sendable, Hashable {
    case text(Attachment)
    case image(ImagePart)
}

/// The image formats troupe recognises by their first bytes.
public enum ImageKind: String, Sendable, Hashable, CaseIterable {
    case png, jpeg, webp, gif

    /// The media type for a data URL.
    public var mediaType: String { "image/\(rawValue)" }

    /// The format `bytes` start with, or nil.
    public init?(sniffing bytes: [UInt8]) {
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            self = .png
        } else if bytes.starts(with: [0xFF, 0xD8, 0xFF]) {
            self = .jpeg
        } else if bytes.starts(with: Array("GIF87a".utf8)) || bytes.starts(with: Array("GIF89a".utf8)) {
            self = .gif
        } else if bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) {
            self = .webp
        } else {
            return nil
        }
    }
}
