/// Why the conversation log could not do what was asked.
public enum ConversationLogError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file (or its directory) could not be created or opened.
    case cannotOpen(path: String, reason: String)
    /// The file is not troupe's log: another program's database, or not a database at all.
    case notALog(path: String, reason: String)
    /// The file was written by a newer troupe (schema `found` > `supported`); it is left untouched.
    case newerSchema(path: String, found: Int, supported: Int)
    /// Bringing an older file up to date failed; the file was left as it was.
    case migrationFailed(path: String, from: Int, to: Int, message: String)
    /// SQLite refused an operation.
    case sqlite(path: String, operation: String, code: Int32, message: String)
    /// A conversation ID must be 1 to 8 hexadecimal digits.
    case invalidConversationID(String)
    /// No conversation's ID starts with this prefix.
    case unknownConversation(prefix: String)
    /// Several conversations' IDs start with this prefix.
    case ambiguousConversation(prefix: String, candidates: [ConversationID])

    /// What went wrong, in words a user can act on.
    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            return "cannot open the conversation log \(path): \(reason)"
        case .notALog(let path, let reason):
            return "\(path) is not a troupe conversation log (\(reason)); move it away or choose another file"
        case .newerSchema(let path, let found, let supported):
            return "the conversation log \(path) was written by a newer troupe (format \(found); this troupe reads up to \(supported)); it was not changed. Upgrade troupe or use another file"
        case .migrationFailed(let path, let from, let to, let message):
            return "could not update the conversation log \(path) from format \(from) to \(to): \(message); the file was left unchanged"
        case .sqlite(let path, let operation, let code, let message):
            return "conversation log \(path): \(operation) failed: \(message) (SQLite code \(code))"
        case .invalidConversationID(let text):
            return "\"\(text)\" is not a conversation ID (1 to 8 hexadecimal digits)"
        case .unknownConversation(let prefix):
            return "no conversation has an ID starting with \"\(prefix)\""
        case .ambiguousConversation(let prefix, let candidates):
            let list = candidates.map(\.rawValue).joined(separator: ", ")
            return "several conversations have IDs starting with \"\(prefix)\": \(list); give more digits"
        }
    }
}
