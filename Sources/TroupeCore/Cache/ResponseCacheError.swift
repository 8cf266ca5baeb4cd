import Foundation

/// A problem with the SQLite response cache file.
public enum ResponseCacheError: Error, Sendable, Hashable, CustomStringConvertible, LocalizedError {
    /// The file could not be opened or created (permissions, missing directory, ...).
    case cannotOpen(path: String, message: String)
    /// The file is not a troupe cache (not SQLite, damaged, or another program's database).
    case corrupt(path: String, message: String)
    /// The file was written by a newer troupe; it is left as it is.
    case newerVersion(path: String, version: Int, supported: Int)
    /// A read or write failed (disk full, locked for longer than the busy timeout, ...).
    case failed(path: String, operation: String, message: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let message):
            return "cannot open the response cache \(path): \(message)"
        case .corrupt(let path, let message):
            return "the response cache \(path) is damaged or is not a troupe cache (\(message)); "
                + "move it away or delete it, or set CACHE_FILE_NAME to another file"
        case .newerVersion(let path, let version, let supported):
            return "the response cache \(path) has format version \(version), newer than this troupe reads (\(supported)); "
                + "it was left untouched: upgrade troupe, or set CACHE_FILE_NAME to another file"
        case .failed(let path, let operation, let message):
            return "response cache \(path): \(operation) failed: \(message)"
        }
    }

    public var errorDescription: String? { description }
}
