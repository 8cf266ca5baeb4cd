import CSQLite
import Foundation
import Logging

/// Chat answers stored in an SQLite file, keyed by ``CacheKey``.
///
/// Unlike TinyTroupe's pickle (rewritten whole on every call), each store is one
/// `INSERT OR REPLACE` in WAL mode: writes are O(1), a process killed mid-write leaves the
/// last committed state readable, and several processes can share one file (a busy timeout
/// waits for the other writer instead of failing).
///
/// One connection per instance, guarded by a lock, so an instance can be shared across tasks.
public final class ResponseCache: @unchecked Sendable {
    /// The database file.
    public let path: String
    /// How long a write waits for another process's write to finish.
    public static let busyTimeoutMilliseconds: Int32 = 10_000

    /// Marks the file as troupe's (`PRAGMA application_id`, "TRPE").
    static let applicationID: Int32 = 0x5452_5045
    static let schemaVersion: Int32 = 1

    private let lock = NSLock()
    private var db: OpaquePointer?
    private static let logger = Logger(label: "troupe.core")

    /// Opens (creating it and its directory if needed) the cache at `path`.
    /// - Throws: ``ResponseCacheError/corrupt(path:message:)`` when the file is not a usable cache.
    public init(path: String) throws {
        self.path = path
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw ResponseCacheError.cannotOpen(path: path, message: "cannot create its directory: \(error.localizedDescription)")
            }
        }
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &handle, flags, nil)
        guard status == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(status))
            sqlite3_close(handle)
            throw ResponseCacheError.cannotOpen(path: path, message: message)
        }
        db = handle
        sqlite3_busy_timeout(handle, Self.busyTimeoutMilliseconds)
        do {
            try prepareSchema()
        } catch {
            sqlite3_close(handle)
            db = nil
            throw error
        }
    }

    deinit {
        sqlite3_close(db)
    }

    /// The stored answer for `key`, marked ``ChatCompletion/fromCache``, or nil.
    public func lookup(_ key: CacheKey) throws -> ChatCompletion? {
        try locked {
            let statement = try prepare("SELECT completion FROM responses WHERE key = ?1")
            defer { sqlite3_finalize(statement) }
            sqlite3_bind_text(statement, 1, key.hex, -1, troupe_sqlite_transient())
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { return nil }
            guard status == SQLITE_ROW else { throw failure("lookup", status) }
            let bytes = sqlite3_column_blob(statement, 0)
            let count = Int(sqlite3_column_bytes(statement, 0))
            let data = bytes.map { Data(bytes: $0, count: count) } ?? Data()
            guard var completion = try? JSONDecoder().decode(ChatCompletion.self, from: data) else {
                // One bad row is not worth failing a request for: treat it as a miss.
                Self.logger.warning("ignoring an unreadable cache entry", metadata: ["path": "\(path)"])
                return nil
            }
            completion.fromCache = true
            return completion
        }
    }

    /// Stores `completion` under `key`, replacing an older answer (one statement, committed at once).
    public func store(_ completion: ChatCompletion, for key: CacheKey) throws {
        var stored = completion
        stored.fromCache = false
        let data = try JSONEncoder().encode(stored)
        try locked {
            let statement = try prepare(
                "INSERT OR REPLACE INTO responses (key, completion, model, created) VALUES (?1, ?2, ?3, ?4)")
            defer { sqlite3_finalize(statement) }
            sqlite3_bind_text(statement, 1, key.hex, -1, troupe_sqlite_transient())
            _ = data.withUnsafeBytes { buffer in
                sqlite3_bind_blob(statement, 2, buffer.baseAddress, Int32(buffer.count), troupe_sqlite_transient())
            }
            if let model = completion.model {
                sqlite3_bind_text(statement, 3, model, -1, troupe_sqlite_transient())
            } else {
                sqlite3_bind_null(statement, 3)
            }
            sqlite3_bind_double(statement, 4, Date().timeIntervalSince1970)
            let status = sqlite3_step(statement)
            guard status == SQLITE_DONE else { throw failure("store", status) }
        }
    }

    /// The number of stored answers.
    public var count: Int {
        get throws {
            try locked {
                let statement = try prepare("SELECT count(*) FROM responses")
                defer { sqlite3_finalize(statement) }
                guard sqlite3_step(statement) == SQLITE_ROW else { throw failure("count", sqlite3_errcode(db)) }
                return Int(sqlite3_column_int64(statement, 0))
            }
        }
    }

    /// Removes every stored answer.
    public func clear() throws {
        try locked { try execute("DELETE FROM responses", operation: "clear") }
    }

    /// SQLite's `PRAGMA integrity_check` answer: `ok` for a sound file.
    public func integrityCheck() throws -> String {
        try locked { try text("PRAGMA integrity_check") }
    }

    // MARK: - SQLite plumbing (call with the lock held)

    private func prepareSchema() throws {
        // One IMMEDIATE transaction checks and creates the schema, so two processes creating the
        // same new file wait for each other instead of one seeing a half-made cache. The first
        // statement that reads the file is also where a non-database file shows up (NOTADB).
        try execute("BEGIN IMMEDIATE", operation: "open")
        do {
            let tables = try integer("SELECT count(*) FROM sqlite_master")
            let applicationID = try integerPragma("application_id")
            let version = try integerPragma("user_version")
            if tables > 0, applicationID != Self.applicationID {
                throw ResponseCacheError.corrupt(path: path, message: "it is an SQLite database of another program")
            }
            if tables > 0, version != Self.schemaVersion {
                throw ResponseCacheError.corrupt(path: path, message: "unknown cache format version \(version)")
            }
            if tables == 0 {
                try execute("""
                    CREATE TABLE responses (
                        key TEXT PRIMARY KEY NOT NULL,
                        completion BLOB NOT NULL,
                        model TEXT,
                        created REAL NOT NULL
                    )
                    """, operation: "open")
                try execute("PRAGMA application_id=\(Self.applicationID)", operation: "open")
                try execute("PRAGMA user_version=\(Self.schemaVersion)", operation: "open")
            }
            try execute("COMMIT", operation: "open")
        } catch {
            sqlite3_exec(db, "ROLLBACK", nil, nil, nil)
            throw error
        }
        // WAL lets readers work while another process writes; NORMAL sync is safe against a
        // killed process in WAL mode (only a power loss can drop the last commits).
        let mode = try text("PRAGMA journal_mode=WAL")
        if mode.lowercased() != "wal" {
            Self.logger.warning("the response cache could not switch to WAL mode", metadata: ["path": "\(path)", "mode": "\(mode)"])
        }
        try execute("PRAGMA synchronous=NORMAL", operation: "open")
    }

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    private func prepare(_ sql: String) throws -> OpaquePointer? {
        var statement: OpaquePointer?
        let status = sqlite3_prepare_v2(db, sql, -1, &statement, nil)
        guard status == SQLITE_OK else {
            sqlite3_finalize(statement)
            throw failure("prepare", status)
        }
        return statement
    }

    private func execute(_ sql: String, operation: String) throws {
        let status = sqlite3_exec(db, sql, nil, nil, nil)
        guard status == SQLITE_OK else { throw failure(operation, status) }
    }

    private func integerPragma(_ name: String) throws -> Int32 {
        Int32(truncatingIfNeeded: try integer("PRAGMA \(name)"))
    }

    private func integer(_ sql: String) throws -> Int64 {
        let statement = try prepare(sql)
        defer { sqlite3_finalize(statement) }
        let status = sqlite3_step(statement)
        guard status == SQLITE_ROW else { throw failure("open", status) }
        return sqlite3_column_int64(statement, 0)
    }

    private func text(_ sql: String) throws -> String {
        let statement = try prepare(sql)
        defer { sqlite3_finalize(statement) }
        let status = sqlite3_step(statement)
        guard status == SQLITE_ROW, let text = sqlite3_column_text(statement, 0) else { throw failure("open", status) }
        return String(cString: text)
    }

    private func failure(_ operation: String, _ status: Int32) -> ResponseCacheError {
        let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(status))
        if status == SQLITE_NOTADB || status == SQLITE_CORRUPT {
            return .corrupt(path: path, message: message)
        }
        return .failed(path: path, operation: operation, message: message)
    }
}
