import Foundation

/// A configuration problem, worded so the user knows which file, line and key to fix.
public enum ConfigError: Error, Sendable, Hashable, CustomStringConvertible, LocalizedError {
    /// The INI text itself is malformed.
    case syntax(file: String, line: Int, message: String)
    /// A file that exists has no `[OpenAI]` section.
    case missingSection(file: String, section: String)
    /// A value that cannot be used; `line` is set when it came from a file.
    case invalidValue(key: String, value: String, expected: String, source: ConfigSource, line: Int?)
    /// A setting name that troupe does not know (flags, overrides); `nearest` is the likely
    /// intended one. Unknown keys in files are warnings (``ConfigWarning``), not errors.
    case unknownKey(String, nearest: String?)
    /// A file named with `--config` that does not exist or cannot be read.
    case unreadableFile(path: String, reason: String)

    public var description: String {
        switch self {
        case .syntax(let file, let line, let message):
            return "\(file):\(line): \(message)"
        case .missingSection(let file, let section):
            return "\(file): no [\(section)] section; put the settings under a line \"[\(section)]\""
        case .invalidValue(let key, let value, let expected, let source, let line):
            let place: String
            switch (source, line) {
            case (.file(let path), let line?): place = "\(path):\(line): "
            case (.file(let path), nil): place = "\(path): "
            default: place = "\(source): "
            }
            // configparser (and so troupe) has no comments after a value.
            let hint = value.contains(" #") || value.contains(" ;") ? " (comments must be on a line of their own)" : ""
            return "\(place)\(key) = \"\(value)\" is not valid: expected \(expected)\(hint)"
        case .unknownKey(let key, let nearest):
            return "unknown setting \"\(key)\"" + (nearest.map { "; did you mean \($0)?" } ?? "")
        case .unreadableFile(let path, let reason):
            return "cannot read config file \(path): \(reason)"
        }
    }

    public var errorDescription: String? { description }
}
