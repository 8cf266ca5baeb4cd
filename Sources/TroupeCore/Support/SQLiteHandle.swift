import CSQLite

/// An SQLite connection pointer with the few helpers troupe's databases use. Not thread-safe
/// on its own: its owner keeps it behind a `Mutex`.
struct SQLiteHandle: @unchecked Sendable {
    // @unchecked: the pointer is only used while its owner's Mutex is held.
    private(set) var pointer: OpaquePointer?

    init(pointer: OpaquePointer?) {
        self.pointer = pointer
    }

    mutating func close() {
        sqlite3_close(pointer)
        pointer = nil
    }

    func prepare(_ sql: String, path: String) throws -> OpaquePointer? {
        var statement: OpaquePointer?
        let status = sqlite3_prepare_v2(pointer, sql, -1, &statement, nil)
        guard status == SQLITE_OK else {
            sqlite3_finalize(statement)
            throw failure("prepare", status, path: path)
        }
        return statement
    }

    func execute(_ sql: String, operation: String, path: String) throws {
        let status = sqlite3_exec(pointer, sql, nil, nil, nil)
        guard status == SQLITE_OK else { throw failure(operation, status, path: path) }
    }

    func integer(_ sql: String, path: String) throws -> Int64 {
        let statement = try prepare(sql, path: path)
        defer { sqlite3_finalize(statement) }
        let status = sqlite3_step(statement)
        guard status == SQLITE_ROW else { throw failure("read", status, path: path) }
        return sqlite3_column_int64(statement, 0)
    }

    func text(_ sql: String, path: String) throws -> String {
        let statement = try prepare(sql, path: path)
        defer { sqlite3_finalize(statement) }
        let status = sqlite3_step(statement)
        guard status == SQLITE_ROW, let text = sqlite3_column_text(statement, 0) else { throw failure("read", status, path: path) }
        return String(cString: text)
    }

    func failure(_ operation: String, _ status: Int32, path: String) -> ResponseCacheError {
        let message = pointer.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(status))
        if status == SQLITE_NOTADB || status == SQLITE_CORRUPT {
            return .corrupt(path: path, message: message)
        }
        return .failed(path: path, operation: operation, message: message)
    }
}
