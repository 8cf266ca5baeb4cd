import CSQLite
import Foundation
@testable import TroupeCore

/// Runs SQL on a file directly, as another program (or an older troupe) would.
func rawSQLite(_ path: String, _ sql: String) throws {
    var db: OpaquePointer?
    guard sqlite3_open(path, &db) == SQLITE_OK else { throw RawSQLiteError(message: "cannot open \(path)") }
    defer { sqlite3_close(db) }
    var message: UnsafeMutablePointer<CChar>?
    guard sqlite3_exec(db, sql, nil, nil, &message) == SQLITE_OK else {
        let text = message.map { String(cString: $0) } ?? "?"
        sqlite3_free(message)
        throw RawSQLiteError(message: text)
    }
}

/// The first column of the first row, as text, read directly.
func rawSQLiteValue(_ path: String, _ sql: String) throws -> String? {
    var db: OpaquePointer?
    guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, nil) == SQLITE_OK else {
        throw RawSQLiteError(message: "cannot open \(path)")
    }
    defer { sqlite3_close(db) }
    var statement: OpaquePointer?
    guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else {
        throw RawSQLiteError(message: String(cString: sqlite3_errmsg(db)))
    }
    defer { sqlite3_finalize(statement) }
    guard sqlite3_step(statement) == SQLITE_ROW, let text = sqlite3_column_text(statement, 0) else { return nil }
    return String(cString: text)
}

struct RawSQLiteError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// A turn with sensible defaults for tests.
func sampleTurn(
    _ id: ConversationID, user: String, reply: String? = "fine", branch: String = "main", model: String = "gpt-4o",
    cost: Cost? = nil, error: String? = nil, history: [ChatMessage] = []
) -> TurnRecord {
    TurnRecord(
        conversation: id, branch: branch, api: "openai", model: model, parameters: ["temperature": 0.5],
        messages: history + [.user(user)], reply: reply, usage: TokenUsage(promptTokens: 12, completionTokens: 3),
        cost: cost, error: error)
}

/// The permission bits of a file.
func mode(of path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
}

/// The built helper executable next to the test binary.
func helperExecutable(named name: String) -> URL? {
    #if os(Linux)
        let start = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? "")
    #else
        let start = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
    #endif
    var directory = start.deletingLastPathComponent()
    for _ in 0..<5 {
        let candidate = directory.appendingPathComponent(name)
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        directory = directory.deletingLastPathComponent()
    }
    return nil
}
