/// Something in a config file that troupe skipped without refusing the file.
public enum ConfigWarning: Sendable, Hashable, CustomStringConvertible {
    /// A key of `[OpenAI]` that no setting has; `nearest` is the likely intended one.
    case unknownKey(file: String, line: Int, key: String, nearest: String?)
    /// A key that would hold a credential: keys are read from the environment only.
    case credentialInFile(file: String, line: Int, key: String)

    public var description: String {
        switch self {
        case .unknownKey(let file, let line, let key, let nearest):
            let hint = nearest.map { "; did you mean \($0)?" } ?? ""
            return "\(file):\(line): unknown setting \(key) is ignored\(hint)"
        case .credentialInFile(let file, let line, let key):
            return "\(file):\(line): \(key) is ignored: keys are read from the environment only (export \(key.uppercased() == "API_KEY" ? "OPENAI_API_KEY" : key.uppercased()))"
        }
    }
}
