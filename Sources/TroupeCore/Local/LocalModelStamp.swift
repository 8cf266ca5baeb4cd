/// The stamp beside the installed model (`<model>.stamp`): size, mtime and SHA-256 of the file
/// when it was last verified, as the set-up script writes it: `"491400064 1796159365 1d96…\n"`.
///
/// When the file's size and mtime still equal the stamp's, its hash is trusted and the file is
/// not read again (hashing 491 MB takes seconds; the stamp check takes microseconds).
public struct LocalModelStamp: Sendable, Hashable {
    /// Size in bytes.
    public var size: Int64
    /// Modification time in whole seconds since 1970 (`stat -c %Y`).
    public var mtime: Int64
    /// Lower-case hex SHA-256.
    public var sha256: String

    /// A stamp with these fields.
    public init(size: Int64, mtime: Int64, sha256: String) {
        self.size = size
        self.mtime = mtime
        self.sha256 = sha256
    }

    /// Parses a stamp's text; nil when it is not three fields "size mtime sha256".
    public init?(text: String) {
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
        guard fields.count == 3, let size = Int64(fields[0]), let mtime = Int64(fields[1]),
            fields[2].count == 64, fields[2].allSatisfy(\.isHexDigit)
        else { return nil }
        self.init(size: size, mtime: mtime, sha256: fields[2].lowercased())
    }

    /// The stamp's text, as the set-up script writes it.
    public var text: String { "\(size) \(mtime) \(sha256)\n" }

    /// What to do about a pinned model, given its stamp (if any) and its current size and mtime.
    public enum Decision: Sendable, Hashable {
        /// Size and mtime are unchanged since the stamp was written: take its hash as the file's.
        case trust(sha256: String)
        /// No stamp, an unreadable one, or the file changed since: hash the file.
        case rehash
    }

    /// Decides whether `stamp` still describes a file of `size` bytes modified at `mtime`.
    public static func decide(stamp: LocalModelStamp?, size: Int64, mtime: Int64) -> Decision {
        guard let stamp, stamp.size == size, stamp.mtime == mtime else { return .rehash }
        return .trust(sha256: stamp.sha256)
    }
}

/// The size and SHA-256 a model file must have (the installed default's are pinned).
public struct LocalModelPin: Sendable, Hashable {
    /// Size in bytes.
    public var size: Int64
    /// Lower-case hex SHA-256.
    public var sha256: String

    /// A pin with these fields.
    public init(size: Int64, sha256: String) {
        self.size = size
        self.sha256 = sha256
    }
}
