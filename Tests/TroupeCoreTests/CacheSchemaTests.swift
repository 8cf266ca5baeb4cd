import CSQLite
import Foundation
import Testing
@testable import TroupeCore

@Suite("Response cache schema 2: samples, original figures, migration, modes")
struct CacheSchemaTests {
    let scratch: ScratchDirectory
    init() throws { scratch = try ScratchDirectory() }

    func key(_ text: String) throws -> CacheKey {
        try CacheKey(apiType: "openai", endpoint: "h", request: request([.user(text)], ChatParameters(model: "m")))
    }

    /// Runs SQL on a file with the raw SQLite API (to make a version-1 file, or a newer one).
    func sqlite(_ path: String, _ statements: [String]) throws {
        var db: OpaquePointer?
        guard sqlite3_open(path, &db) == SQLITE_OK else { throw POSIXError(.EIO) }
        defer { sqlite3_close(db) }
        for statement in statements {
            guard sqlite3_exec(db, statement, nil, nil, nil) == SQLITE_OK else {
                throw POSIXError(.EINVAL)
            }
        }
    }

    @Test func samplesAreIndependentAndKeepTheirOriginalFigures() throws {
        let cache = try ResponseCache(path: scratch.file("c.sqlite"))
        let key = try key("q")
        let latency = ResponseLatency(firstTokenSeconds: 0.25, totalSeconds: 1.5)
        let usage = Usage(promptTokens: 11, completionTokens: 7)
        try cache.store(ChatCompletion(content: "first", usage: usage, latency: latency), for: key)
        #expect(try cache.nextSample(for: key) == 1)
        try cache.store(ChatCompletion(content: "second"), for: key, sample: 1)
        #expect(try cache.nextSample(for: key) == 2)
        let first = try #require(try cache.lookup(key, sample: 0))
        #expect(first.content == "first" && first.fromCache && first.latency == latency && first.usage == usage)
        #expect(try cache.lookup(key, sample: 1)?.content == "second")
        #expect(try cache.lookup(key, sample: 2) == nil)
        #expect(try cache.nextSample(for: try self.key("other")) == 0)
    }

    /// A version-1 file is migrated in place: its answers stay (as sample 0), the schema is 2.
    @Test func aVersionOneFileIsMigratedInPlace() throws {
        let path = scratch.file("v1.sqlite")
        let old = try JSONEncoder().encode(ChatCompletion(content: "kept"))
        let blob = old.map { String(format: "%02x", $0) }.joined()
        try sqlite(path, [
            "CREATE TABLE responses (key TEXT PRIMARY KEY NOT NULL, completion BLOB NOT NULL, model TEXT, created REAL NOT NULL)",
            "INSERT INTO responses VALUES ('abc', x'\(blob)', 'm', 1.0)",
            "PRAGMA application_id=\(ResponseCache.applicationID)", "PRAGMA user_version=1",
        ])
        let cache = try ResponseCache(path: path)
        #expect(try cache.count == 1)
        #expect(try cache.lookup(CacheKey(hex: "abc"))?.content == "kept")
        try cache.store(ChatCompletion(content: "new"), for: CacheKey(hex: "abc"), sample: 1)
        #expect(try cache.integrityCheck() == "ok")
        let reopened = try ResponseCache(path: path)
        #expect(try reopened.count == 2)
    }

    /// A file from a newer troupe is refused with a clear message and not touched.
    @Test func aNewerFileIsRefusedAndLeftAlone() throws {
        let path = scratch.file("v9.sqlite")
        try sqlite(path, [
            "CREATE TABLE responses (key TEXT PRIMARY KEY, future BLOB)",
            "PRAGMA application_id=\(ResponseCache.applicationID)", "PRAGMA user_version=9",
        ])
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(throws: ResponseCacheError.newerVersion(path: path, version: 9, supported: 2)) {
            try ResponseCache(path: path)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect("\(ResponseCacheError.newerVersion(path: path, version: 9, supported: 2))".contains("left untouched"))
    }

    /// The file and its -wal and -shm are readable by their owner only.
    @Test func theFilesAreOwnerOnly() throws {
        let path = scratch.file("private/c.sqlite")
        let cache = try ResponseCache(path: path)
        try cache.store(ChatCompletion(content: "x"), for: try key("q"))
        for file in [path, path + "-wal", path + "-shm"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: file)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600, "\(file)")
        }
        // An existing file with a wider mode is narrowed when opened.
        let wide = scratch.file("wide.sqlite")
        FileManager.default.createFile(atPath: wide, contents: nil, attributes: [.posixPermissions: 0o644])
        _ = try ResponseCache(path: wide)
        #expect((try FileManager.default.attributesOfItem(atPath: wide)[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }
}
