import Foundation
import Testing
import TroupeTestSupport
@testable import TroupeCore

/// A Python 3 with its sqlite3 module, used as a second process writing to the same file.
let python3Path: String? = {
    for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
        let candidate = "\(directory)/python3"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
}()

@Suite("SQLite response cache")
struct ResponseCacheTests {
    let scratch: ScratchDirectory
    init() throws { scratch = try ScratchDirectory() }

    func completion(_ text: String) -> ChatCompletion {
        ChatCompletion(content: text, finishReason: "stop", model: "gpt-test", usage: Usage(promptTokens: 3, completionTokens: 4))
    }

    func key(_ text: String) -> CacheKey {
        // Hashing a plain request cannot fail.
        (try? CacheKey(apiType: "openai", endpoint: "api.openai.com", request: request([.user(text)], ChatParameters(model: "gpt-test")))) ?? CacheKey(hex: "")
    }

    @Test func storeLookupCountClearAndReopen() throws {
        let path = scratch.file("nested/dir/cache.sqlite")
        do {
            let cache = try ResponseCache(path: path)
            #expect(cache.path == path)
            #expect(try cache.count == 0)
            #expect(try cache.lookup(key("a")) == nil)
            try cache.store(completion("answer a"), for: key("a"))
            try cache.store(completion("answer b"), for: key("b"))
            try cache.store(completion("answer b2"), for: key("b"))
            #expect(try cache.count == 2)
            let hit = try #require(try cache.lookup(key("b")))
            #expect(hit.content == "answer b2")
            #expect(hit.fromCache)
            #expect(hit.usage == Usage(promptTokens: 3, completionTokens: 4))
        }
        // A new connection (as another run would open) sees what was written.
        let reopened = try ResponseCache(path: path)
        #expect(try reopened.count == 2)
        #expect(try reopened.lookup(key("a"))?.content == "answer a")
        #expect(try reopened.integrityCheck() == "ok")
        try reopened.clear()
        #expect(try reopened.count == 0)
    }

    @Test func usesWriteAheadLogging() throws {
        let path = scratch.file("wal.sqlite")
        let cache = try ResponseCache(path: path)
        try cache.store(completion("x"), for: key("x"))
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test func twoHandlesWritingConcurrently() async throws {
        let path = scratch.file("shared.sqlite")
        let first = try ResponseCache(path: path)
        let second = try ResponseCache(path: path)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (name, cache) in [("first", first), ("second", second)] {
                group.addTask {
                    for index in 0..<200 {
                        try cache.store(ChatCompletion(content: "\(name) \(index)"), for: CacheKey(hex: "\(name)-\(index)"))
                        if index % 50 == 0 { _ = try cache.count }
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try first.count == 400)
        #expect(try second.lookup(CacheKey(hex: "first-199"))?.content == "first 199")
        #expect(try first.lookup(CacheKey(hex: "second-0"))?.content == "second 0")
    }

    @Test func manyHandlesCreatingOneNewFileAtOnce() async throws {
        let path = scratch.file("fresh.sqlite")
        let caches = try await withThrowingTaskGroup(of: ResponseCache.self) { group in
            for _ in 0..<8 { group.addTask { try ResponseCache(path: path) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        for (index, cache) in caches.enumerated() {
            try cache.store(ChatCompletion(content: "\(index)"), for: CacheKey(hex: "k\(index)"))
        }
        #expect(try caches[0].count == 8)
    }

    /// Inserts rows the way ResponseCache does, from another process.
    static let writerScript = """
        import json, sqlite3, sys, time
        path, prefix, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
        db = sqlite3.connect(path, timeout=10, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        print("ready", flush=True)
        i = 0
        while count < 0 or i < count:
            body = json.dumps({"content": f"{prefix} {i}", "choices": [f"{prefix} {i}"], "fromCache": False})
            db.execute("INSERT OR REPLACE INTO responses (key, completion, model, created) VALUES (?, ?, ?, ?)",
                       (f"{prefix}-{i}", body.encode(), "py", time.time()))
            i += 1
        print("done", flush=True)
        """

    func startWriter(path: String, prefix: String, count: Int) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python3Path!)
        process.arguments = ["-c", Self.writerScript, path, prefix, String(count)]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        return (process, output)
    }

    @Test(.enabled(if: python3Path != nil, "needs python3 as the second process"), .timeLimit(.minutes(1)))
    func anotherProcessWritesAtTheSameTime() async throws {
        let path = scratch.file("two-processes.sqlite")
        let cache = try ResponseCache(path: path)
        let (process, _) = try startWriter(path: path, prefix: "python", count: 300)
        for index in 0..<300 {
            try cache.store(completion("swift \(index)"), for: CacheKey(hex: "swift-\(index)"))
        }
        await process.exit(within: .seconds(60))
        #expect(process.terminationStatus == 0)
        #expect(try cache.count == 600)
        let fromPython = try #require(try cache.lookup(CacheKey(hex: "python-299")))
        #expect(fromPython.content == "python 299")
        #expect(fromPython.fromCache)
    }

    @Test(.enabled(if: python3Path != nil, "needs python3 as the process to kill"), .timeLimit(.minutes(1)))
    func aKilledWriterLeavesAReadableCache() async throws {
        let path = scratch.file("killed.sqlite")
        let cache = try ResponseCache(path: path)
        try cache.store(completion("before"), for: key("before"))
        let (process, output) = try startWriter(path: path, prefix: "victim", count: -1)
        _ = output.fileHandleForReading.availableData  // "ready"
        let deadline = Date().addingTimeInterval(20)
        while try cache.count < 50, Date() < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        kill(process.processIdentifier, SIGKILL)
        await process.exit(within: .seconds(60))
        #expect(process.terminationReason == .uncaughtSignal)

        let reopened = try ResponseCache(path: path)
        #expect(try reopened.integrityCheck() == "ok")
        #expect(try reopened.count >= 50)
        #expect(try reopened.lookup(key("before"))?.content == "before")
        #expect(try reopened.lookup(CacheKey(hex: "victim-10"))?.content == "victim 10")
        try reopened.store(completion("after"), for: key("after"))
        #expect(try reopened.lookup(key("after"))?.content == "after")
    }

    @Test func aFileThatIsNotADatabaseIsAClearError() throws {
        let path = try scratch.write(String(repeating: "this is not an sqlite database\n", count: 200), to: "garbage.sqlite")
        #expect {
            try ResponseCache(path: path)
        } throws: { error in
            guard case ResponseCacheError.corrupt(let errorPath, _) = error else { return false }
            return errorPath == path && "\(error)".contains("delete it")
        }
    }

    @Test(.enabled(if: python3Path != nil, "needs python3 to make another program's database"))
    func anotherProgramsDatabaseIsRefused() async throws {
        let path = scratch.file("other.sqlite")
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: python3Path!)
        sqlite.arguments = ["-c", "import sqlite3,sys; sqlite3.connect(sys.argv[1]).execute('CREATE TABLE t (x)')", path]
        try sqlite.run()
        await sqlite.exit(within: .seconds(60))
        #expect(sqlite.terminationStatus == 0)
        #expect {
            try ResponseCache(path: path)
        } throws: { "\($0)".contains("another program") }
    }

    @Test func anUnwritableLocationIsAClearError() throws {
        let blocker = try scratch.write("a file, not a directory", to: "blocker")
        #expect(throws: ResponseCacheError.self) { try ResponseCache(path: blocker + "/cache.sqlite") }
    }
}

@Suite("Response cache write cost")
struct ResponseCacheWriteCostTests {
    /// TinyTroupe rewrites its whole pickle per new entry, so its cost grows with the cache.
    /// Here a write into a cache of 10,000 answers must cost about what it costs into an empty one.
    @Test(.timeLimit(.minutes(2)))
    func writesDoNotSlowDownAsTheCacheGrows() throws {
        let scratch = try ScratchDirectory()
        let cache = try ResponseCache(path: scratch.file("growth.sqlite"))
        let answer = ChatCompletion(content: String(repeating: "a reasonably long answer ", count: 20))
        func timeWrites(_ range: Range<Int>, into cache: ResponseCache) throws -> Duration {
            let clock = ContinuousClock()
            return try clock.measure {
                for index in range { try cache.store(answer, for: CacheKey(hex: "entry-\(index)")) }
            }
        }
        // Best of three on each side, so that a busy moment on a shared machine does not decide.
        let empty = try (0..<3).map { round in
            try timeWrites(0..<500, into: ResponseCache(path: scratch.file("empty-\(round).sqlite")))
        }.min()!
        _ = try timeWrites(0..<10_000, into: cache)
        let full = try (0..<3).map { round in
            try timeWrites((10_000 + round * 500)..<(10_500 + round * 500), into: cache)
        }.min()!
        let lookups = try ContinuousClock().measure {
            for index in stride(from: 0, to: 10_000, by: 20) {
                guard try cache.lookup(CacheKey(hex: "entry-\(index)")) != nil else { Issue.record("entry-\(index) missing"); return }
            }
        }
        print("response cache: 500 writes into an empty cache \(empty), into 10,000 entries \(full); 500 lookups \(lookups)")
        #expect(try cache.count == 11_500)
        // Generous bound for a busy machine; a whole-file rewrite would be ~20x slower.
        #expect(full < empty * 4 + .milliseconds(100))
    }
}
