/// Which setting named a file, for messages ("named by LOCAL_MODEL" or "the installed default").
public enum LocalSettingSource: Sendable, Hashable, CustomStringConvertible {
    /// The setting `name` (e.g. `LOCAL_MODEL`) gave the path.
    case setting(String)
    /// No setting: the file troupe's set-up step installs.
    case installedDefault

    public var description: String {
        switch self {
        case .setting(let name): "named by \(name)"
        case .installedDefault: "the installed default"
        }
    }
}

/// Why a local model file cannot be used.
public enum LocalModelError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No file at `path`.
    case missing(source: LocalSettingSource, path: String)
    /// `path` exists but is a folder or another non-regular file.
    case notAFile(source: LocalSettingSource, path: String)
    /// The file could not be read (`errno` from the system).
    case unreadable(path: String, errno: Int32)
    /// The file does not start with the GGUF magic bytes; `found` holds its first bytes in hex.
    case notGGUF(path: String, found: String)
    /// The pinned model has the wrong size (a truncated or different download).
    case sizeMismatch(path: String, expected: Int64, found: Int64)
    /// The pinned model's SHA-256 differs from the pinned one.
    case hashMismatch(path: String, expected: String, found: String)

    public var description: String {
        switch self {
        case .missing(.installedDefault, let path):
            "the local model is not installed: \(path) does not exist"
        case .missing(let source, let path):
            "the model file \(path) (\(source)) does not exist"
        case .notAFile(let source, let path):
            "the model path \(path) (\(source)) is not a file"
        case .unreadable(let path, let errno):
            "the model file \(path) cannot be read: \(systemErrorText(errno))"
        case .notGGUF(let path, let found):
            "\(path) is not a GGUF model file (it starts with \(found.isEmpty ? "nothing" : "0x" + found), not \"GGUF\")"
        case .sizeMismatch(let path, let expected, let found):
            "\(path) is \(found) bytes, expected \(expected): the file is damaged or a different model; install it again"
        case .hashMismatch(let path, let expected, let found):
            "\(path) has SHA-256 \(found), expected \(expected): the file is damaged or a different model; install it again"
        }
    }
}
