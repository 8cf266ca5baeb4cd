import CSQLite
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Chat answers stored in an SQLite file, keyed by ``CacheKey`` and a sample index.
///
/// Unlike TinyTroupe's pickle (rewritten whole on every call), each store is one
/// `INSERT OR REPLACE` in WAL mode: writes are O(1), a process killed mid-write leaves the
/// last committed state readable, and several processes can share one file (a busy timeout
/// waits for the other writer instead of failing). The file and its `-wal`/`-shm` companions
/// are readable by their owner only.
///
/// Schema version 2 keeps, per answer, the latency and usage it had when it was made. A
/// version-1 file is migrated in place (its answers are kept as sample 0; their keys were made
/// by the older scheme, so they no longer match new requests); a file from a newer troupe is
/// refused and left untouched.
public final class ResponseCache: Sendable {
    /// The database file.
    public let path: String
    /// How long a write waits for another process's write to finish.
    public static let busyTimeoutMilliseconds: Int32 = 10_000

    /// Marks the file as troupe's (`PRAGMA application_id`, "TRPE").
    static let applicationID: Int32 = 0x5452_5045
    /// The schema this troupe writes.
    public static let schemaVersion: Int32 = 2

    /// The one connection, used by one caller at a time.
    private let connection: Mutex<SQLiteHandle>

    /// Opens (creating it and its directory if needed) the cache at `path`.
    /// - Throws: ``ResponseCacheError`` when the file cannot be used as a cache.
    public init(path: String) throws {
        self.path = path
        let handle = try Self.openConnection(path)
        connection = Mutex(handle)
        do {
            try connection.withLock { try Self.prepareSchema(&$0, path: path) }
        } catch {
            connection.withLock { $0.close() }
            throw error
        }
    }

    deinit {
        connection.withLock { $0.close() }
    }

    /// The stored answer `sample` for `key`, marked ``ChatCompletion/fromCache`` and carrying
    /// the latency it had when it was made, or nil.
    public func lookup(_ key: CacheKey, sample: Int = 0) throws -> ChatCompletion? {
        try connection.withLock { db in
            let statement = try db.prepare(
                "SELECT completion, first_token_seconds, total_seconds FROM responses WHERE key = ?1 AND sample = ?2", path: path)
            defer { sqlite3_finalize(statement) }
            sqlite3_bind_text(statement, 1, key.hex, -1, troupe_sqlite_transient())
            sqlite3_bind_int64(statement, 2, Int64(sample))
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { return nil }
            guard status == SQLITE_ROW else { throw db.failure("lookup", status, path: path) }
            let bytes = sqlite3_column_blob(statement, 0)
            let count = Int(sqlite3_column_bytes(statement, 0))
            let data = bytes.map { Data(bytes: $0, count: count) } ?? Data()
            // One bad row is not worth failing a request for: it is a miss.
            guard var completion = try? JSONDecoder().decode(ChatCompletion.self, from: data) else { return nil }
            completion.fromCache = true
            if sqlite3_column_type(statement, 2) != SQLITE_NULL {
                let first = sqlite3_column_type(statement, 1) == SQLITE_NULL ? nil : sqlite3_column_double(statement, 1)
                completion.latency = ResponseLatency(firstTokenSeconds: first, totalSeconds: sqlite3_column_double(statement, 2))
            }
            return completion
        }
    }

    /// The sample index a new answer for `key` gets: one past the highest stored (0 when none).
    public func nextSample(for key: CacheKey) throws -> Int {
        try connection.withLock { db in
            let statement = try db.prepare("SELECT max(sample) FROM responses WHERE key = ?1", path: path)
            defer { sqlite3_finalize(statement) }
            sqlite3_bind_text(statement, 1, key.hex, -1, troupe_sqlite_transient())
            guard sqlite3_step(statement) == SQLITE_ROW else { throw db.failure("lookup", sqlite3_errcode(db.pointer), path: path) }
            if sqlite3_column_type(statement, 0) == SQLITE_NULL { return 0 }
            return Int(sqlite3_column_int64(statement, 0)) + 1
        }
    }

    /// Stores `completion` as answer `sample` of `key`, replacing an older one (one statement,
    /// committed at once), with its latency and usage.
    public func store(_ completion: ChatCompletion, for key: CacheKey, sample: Int = 0) throws {
        var stored = completion
        stored.fromCache = false
        let data = try JSONEncoder().encode(stored)
        try connection.withLock { db in
            let statement = try db.prepare("""
                INSERT OR REPLACE INTO responses
                    (key, sample, completion, model, created, first_token_seconds, total_seconds, prompt_tokens, completion_tokens)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                """, path: path)
            defer { sqlite3_finalize(statement) }
            sqlite3_bind_text(statement, 1, key.hex, -1, troupe_sqlite_transient())
            sqlite3_bind_int64(statement, 2, Int64(sample))
            _ = data.withUnsafeBytes { buffer in
                sqlite3_bind_blob(statement, 3, buffer.baseAddress, Int32(buffer.count), troupe_sqlite_transient())
            }
            Self.bind(statement, 4, completion.model)
            sqlite3_bind_double(statement, 5, Date().timeIntervalSince1970)
            Self.bind(statement, 6, completion.latency?.firstTokenSeconds)
            Self.bind(statement, 7, completion.latency?.totalSeconds)
            Self.bind(statement, 8, completion.usage.map { Int64($0.promptTokens) })
            Self.bind(statement, 9, completion.usage.map { Int64($0.completionTokens) })
            let status = sqlite3_step(statement)
            guard status == SQLITE_DONE else { throw db.failure("store", status, path: path) }
        }
    }

    /// The number of stored answers.
    public var count: Int {
        get throws {
            try connection.withLock { db in Int(try db.integer("SELECT count(*) FROM responses", path: path)) }
        }
    }

    /// Removes every stored answer.
    public func clear() throws {
        try connection.withLock { db in try db.execute("DELETE FROM responses", operation: "clear", path: path) }
    }

    /// SQLite's `PRAGMA integrity_check` answer: `ok` for a sound file.
    public func integrityCheck() throws -> String {
        try connection.withLock { db in try db.text("PRAGMA integrity_check", path: path) }
    }

    // MARK: - Opening and the schema

    private static func openConnection(_ path: String) throws -> SQLiteHandle {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(
                    atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw ResponseCacheError.cannotOpen(path: path, message: "cannot create its directory: \(error.localizedDescription)")
            }
        }
        // Made (or narrowed) to 0600 before SQLite opens it: SQLite gives the -wal and -shm
        // files the database file's permissions.
        let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        if descriptor >= 0 {
            fchmod(descriptor, 0o600)
            close(descriptor)
        }
        var pointer: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &pointer, flags, nil)
        guard status == SQLITE_OK, let pointer else {
            let message = pointer.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(status))
            sqlite3_close(pointer)
            throw ResponseCacheError.cannotOpen(path: path, message: message)
        }
        sqlite3_busy_timeout(pointer, busyTimeoutMilliseconds)
        return SQLiteHandle(pointer: pointer)
    }

    private static let createTable = """
        CREATE TABLE responses (
            key TEXT NOT NULL,
            sample INTEGER NOT NULL DEFAULT 0,
            completion BLOB NOT NULL,
            model TEXT,
            created REAL NOT NULL,
            first_token_seconds REAL,
            total_seconds REAL,
            prompt_tokens INTEGER,
            completion_tokens INTEGER,
            PRIMARY KEY (key, sample)
        )
        """

    private static func prepareSchema(_ db: inout SQLiteHandle, path: String) throws {
        // One IMMEDIATE transaction checks, creates or migrates the schema, so two processes
        // opening the same file wait for each other instead of one seeing a half-made cache.
        // The first statement that reads the file is also where a non-database shows up.
        try db.execute("BEGIN IMMEDIATE", operation: "open", path: path)
        do {
            let tables = try db.integer("SELECT count(*) FROM sqlite_master", path: path)
            let applicationID = Int32(truncatingIfNeeded: try db.integer("PRAGMA application_id", path: path))
            let version = Int32(truncatingIfNeeded: try db.integer("PRAGMA user_version", path: path))
            if tables > 0, applicationID != Self.applicationID {
                throw ResponseCacheError.corrupt(path: path, message: "it is an SQLite database of another program")
            }
            if tables > 0, version > schemaVersion {
                throw ResponseCacheError.newerVersion(path: path, version: Int(version), supported: Int(schemaVersion))
            }
            if tables == 0 {
                try db.execute(createTable, operation: "open", path: path)
                try db.execute("PRAGMA application_id=\(Self.applicationID)", operation: "open", path: path)
            } else if version == 1 {
                try db.execute("ALTER TABLE responses RENAME TO responses_v1", operation: "migrate", path: path)
                try db.execute(createTable, operation: "migrate", path: path)
                try db.execute("""
                    INSERT INTO responses (key, sample, completion, model, created)
                    SELECT key, 0, completion, model, created FROM responses_v1
                    """, operation: "migrate", path: path)
                try db.execute("DROP TABLE responses_v1", operation: "migrate", path: path)
            } else if version != schemaVersion {
                throw ResponseCacheError.corrupt(path: path, message: "unknown cache format version \(version)")
            }
            try db.execute("PRAGMA user_version=\(schemaVersion)", operation: "open", path: path)
            try db.execute("COMMIT", operation: "open", path: path)
        } catch {
            sqlite3_exec(db.pointer, "ROLLBACK", nil, nil, nil)
            throw error
        }
        // WAL lets readers work while another process writes; NORMAL sync is safe against a
        // killed process in WAL mode (only a power loss can drop the last commits).
        _ = try db.text("PRAGMA journal_mode=WAL", path: path)
        try db.execute("PRAGMA synchronous=NORMAL", operation: "open", path: path)
    }

    private static func bind(_ statement: OpaquePointer?, _ index: Int32, _ value: String?) {
        if let value { sqlite3_bind_text(statement, index, value, -1, troupe_sqlite_transient()) } else { sqlite3_bind_null(statement, index) }
    }

    private static func bind(_ statement: OpaquePointer?, _ index: Int32, _ value: Double?) {
        if let value { sqlite3_bind_double(statement, index, value) } else { sqlite3_bind_null(statement, index) }
    }

    private static func bind(_ statement: OpaquePointer?, _ index: Int32, _ value: Int64?) {
        if let value { sqlite3_bind_int64(statement, index, value) } else { sqlite3_bind_null(statement, index) }
    }
}
