import Foundation

/// Why a session could not be saved, loaded or replayed. A failed load changes nothing.
public enum SessionError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    /// No session by that name or at that path; `suggestions` are saved names that are close.
    case notFound(reference: String, path: String, suggestions: [String])
    /// The file ends before its JSON is complete (a cut-off write or copy).
    case truncated(path: String, reason: String)
    /// The file is JSON but not a session, or not JSON at all.
    case corrupt(path: String, reason: String)
    /// The file was written by a newer troupe in a format this one does not read.
    case newerFormat(path: String, version: Int, supported: Int)
    /// The file exists but could not be read (permissions, a directory, ...).
    case unreadable(path: String, reason: String)
    /// Writing failed; any previous file at `path` is untouched.
    case writeFailed(path: String, reason: String)
    /// A session name that cannot be used as a file name.
    case invalidName(String, reason: String)
    /// The session has nothing to replay.
    case nothingToReplay(path: String)
    /// A replayed turn's request failed; the turns before it were reported.
    case replayFailed(turn: Int, total: Int, reason: String)

    public var description: String {
        switch self {
        case let .notFound(reference, path, suggestions):
            var text = "No session “\(reference)” (looked for \(path))."
            if !suggestions.isEmpty {
                text += " Did you mean: \(suggestions.joined(separator: ", "))?"
            }
            return text
        case let .truncated(path, reason):
            return "Session file \(path) is truncated: \(reason). It was probably cut off while being written or copied; nothing was loaded."
        case let .corrupt(path, reason):
            return "Session file \(path) is not a valid troupe session: \(reason). Nothing was loaded."
        case let .newerFormat(path, version, supported):
            return "Session file \(path) has format version \(version), but this troupe reads up to version \(supported). Upgrade troupe to load it; nothing was loaded."
        case let .unreadable(path, reason):
            return "Cannot read session file \(path): \(reason)."
        case let .writeFailed(path, reason):
            return "Could not save the session to \(path): \(reason). Any earlier file there is unchanged."
        case let .invalidName(name, reason):
            return "“\(name)” cannot be used as a session name: \(reason). Use letters, digits, '-', '_' or '.', or give a path."
        case let .nothingToReplay(path):
            return "Session \(path) has no turns to replay."
        case let .replayFailed(turn, total, reason):
            return "Replay stopped at turn \(turn) of \(total): \(reason)"
        }
    }

    public var errorDescription: String? { description }
}
