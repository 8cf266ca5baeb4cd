import CSQLite
import Foundation

/// One SQLite connection with a cache of prepared statements. Not thread-safe: its owner
/// (``ConversationLog``) keeps it behind a mutex.
final class SQLiteConnection {
    let path: String
    private(set) var db: OpaquePointer?
    private var statements: [String: OpaquePointer] = [:]

    /// Opens `path` with `flags` (`SQLITE_OPEN_READONLY`, or read-write).
    init(path: String, flags: Int32) throws(ConversationLogError) {
        self.path = path
        var handle: OpaquePointer?
        let status = sqlite3_open_v2(path, &handle, flags | SQLITE_OPEN_NOMUTEX, nil)
        guard status == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(status))
            sqlite3_close(handle)
            throw .cannotOpen(path: path, reason: message)
        }
        db = handle
        sqlite3_extended_result_codes(handle, 1)
    }

    deinit {
        for statement in statements.values { sqlite3_finalize(statement) }
        sqlite3_close(db)
    }

    func close() {
        for statement in statements.values { sqlite3_finalize(statement) }
        statements = [:]
        sqlite3_close(db)
        db = nil
    }

    func failure(_ operation: String, _ status: Int32) -> ConversationLogError {
        let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(status))
        return .sqlite(path: path, operation: operation, code: status, message: message)
    }

    /// Runs statements that return no rows.
    func execute(_ sql: String, operation: String) throws(ConversationLogError) {
        let status = sqlite3_exec(db, sql, nil, nil, nil)
        guard status == SQLITE_OK else { throw failure(operation, status) }
    }

    /// The first column of the first row of `sql`, as an integer (0 when there is no row).
    func integer(_ sql: String, operation: String) throws(ConversationLogError) -> Int64 {
        let statement = try prepare(sql, operation: operation)
        defer { statement.reset() }
        return try statement.step() ? statement.int64(0) : 0
    }

    /// The first column of the first row of `sql`, as text.
    func text(_ sql: String, operation: String) throws(ConversationLogError) -> String? {
        let statement = try prepare(sql, operation: operation)
        defer { statement.reset() }
        return try statement.step() ? statement.text(0) : nil
    }

    /// A prepared statement for `sql`, reused across calls; reset before it is handed out.
    func prepare(_ sql: String, operation: String) throws(ConversationLogError) -> Statement {
        if let cached = statements[sql] {
            sqlite3_reset(cached)
            sqlite3_clear_bindings(cached)
            return Statement(handle: cached, connection: self, operation: operation)
        }
        var handle: OpaquePointer?
        let status = sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &handle, nil)
        guard status == SQLITE_OK, let handle else {
            sqlite3_finalize(handle)
            throw failure(operation, status)
        }
        statements[sql] = handle
        return Statement(handle: handle, connection: self, operation: operation)
    }

    var changes: Int { Int(sqlite3_changes(db)) }

    /// Runs `body` in a transaction (`BEGIN IMMEDIATE` takes the write lock at once, so a
    /// writer waits for another process's writer at the start, inside the busy timeout,
    /// instead of failing when it later upgrades from reading).
    func transaction<T>(immediate: Bool = true, _ body: () throws(ConversationLogError) -> T) throws(ConversationLogError) -> T {
        try execute(immediate ? "BEGIN IMMEDIATE" : "BEGIN", operation: "begin")
        do {
            let result = try body()
            try execute("COMMIT", operation: "commit")
            return result
        } catch {
            sqlite3_exec(db, "ROLLBACK", nil, nil, nil)
            throw error
        }
    }
}

/// A prepared statement of a ``SQLiteConnection``; valid until the next use of the same SQL.
struct Statement {
    let handle: OpaquePointer
    let connection: SQLiteConnection
    let operation: String

    func bind(_ index: Int32, _ value: String?) {
        if let value {
            sqlite3_bind_text(handle, index, value, -1, troupe_sqlite_transient())
        } else {
            sqlite3_bind_null(handle, index)
        }
    }

    func bind(_ index: Int32, _ value: Int64?) {
        if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    func bind(_ index: Int32, _ value: Int?) { bind(index, value.map(Int64.init)) }

    func bind(_ index: Int32, _ value: Double) { sqlite3_bind_double(handle, index, value) }

    func bind(_ index: Int32, _ value: Bool) { sqlite3_bind_int64(handle, index, value ? 1 : 0) }

    /// Advances; true while there is a row.
    func step() throws(ConversationLogError) -> Bool {
        let status = sqlite3_step(handle)
        switch status {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw connection.failure(operation, status)
        }
    }

    /// Runs a statement that returns no rows.
    func run() throws(ConversationLogError) {
        defer { reset() }
        _ = try step()
    }

    func reset() { sqlite3_reset(handle) }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    func optionalInt(_ column: Int32) -> Int? { isNull(column) ? nil : Int(sqlite3_column_int64(handle, column)) }

    func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }

    func text(_ column: Int32) -> String? {
        guard let bytes = sqlite3_column_text(handle, column) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }
}
