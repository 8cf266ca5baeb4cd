import Foundation
import Testing
@testable import TroupeCore

@Suite("Conversation log: files, processes, schema, hostile input, secrets")
struct ConversationLogSafetyTests {
    @Test func twoProcessesWritingAtOnceLoseNothing() throws {
        let directory = try TemporaryFolder()
        defer { directory.remove() }
        let path = directory.file("logs.db")
        let helper = try #require(helperExecutable(named: "LogWriterHelper"), "LogWriterHelper was not built next to the tests")
        let processes = try ["alpha", "bravo"].map { label -> (Process, Pipe) in
            let process = Process()
            process.executableURL = helper
            process.arguments = [path, "500", label]
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            return (process, output)
        }
        var ids: [String] = []
        for (process, output) in processes {
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            ids.append(text.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "ok ", with: ""))
        }
        let log = try ConversationLog(path: path)
        #expect(try log.turnCount() == 1_000)
        for id in ids {
            let detail = try log.conversation(idPrefix: id)
            #expect(detail.turns.map(\.index) == Array(0..<500))
            #expect(detail.summary.turns == 500)
        }
        #expect(try log.search(text: "bravo question").count == 20)
        #expect(try log.integrityCheck() == "ok")
    }

    @Test func twoConnectionsAppendingToOneConversation() async throws {
        // Separate connections (as separate processes would have) writing the same conversation:
        // turn indexes are assigned inside each write transaction, so none repeats.
        let directory = try TemporaryFolder()
        defer { directory.remove() }
        let path = directory.file("logs.db")
        let id = try ConversationLog(path: path).startConversation(kind: .eval)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<2 {
                group.addTask {
                    let log = try ConversationLog(path: path)
                    for turn in 0..<200 { try log.append(sampleTurn(id, user: "w\(writer) t\(turn)")) }
                }
            }
            try await group.waitForAll()
        }
        let detail = try ConversationLog(path: path).conversation(idPrefix: id.rawValue)
        #expect(detail.turns.map(\.index) == Array(0..<400))
    }

    @Test func filesAreOwnerOnly() throws {
        let directory = try TemporaryFolder()
        defer { directory.remove() }
        let path = directory.file("new/dir/logs.db")
        let log = try ConversationLog(path: path)
        let id = try log.startConversation(kind: .shell)
        try log.append(sampleTurn(id, user: "hello"))
        for file in [path, path + "-wal", path + "-shm"] {
            #expect(FileManager.default.fileExists(atPath: file), "\(file)")
            #expect(try mode(of: file) == 0o600, "\(file)")
        }
        #expect(try mode(of: directory.file("new/dir")) == 0o700)
        // An existing file with a wider mode is narrowed.
        let loose = directory.file("loose.db")
        #expect(FileManager.default.createFile(atPath: loose, contents: nil, attributes: [.posixPermissions: 0o644]))
        _ = try ConversationLog(path: loose)
        #expect(try mode(of: loose) == 0o600)
    }

    @Test func migratesAHandMadeVersion1File() throws {
        let directory = try TemporaryFolder()
        defer { directory.remove() }
        let path = directory.file("v1.db")
        // Version 1 exactly as it shipped, written by hand, with data in it.
        try rawSQLite(path, LogSchema.version1.joined(separator: ";\n") + """
            ;
            PRAGMA application_id = \(LogSchema.applicationID);
            PRAGMA user_version = 1;
            INSERT INTO conversations (id, created, updated, source, title) VALUES ('0000abcd', 1, 3, 'shell', 'old chat');
            INSERT INTO conversations (id, created, updated, source, title) VALUES ('0000abce', 1, 2, 'send', NULL);
            INSERT INTO turns (conversation_id, branch, turn_index, time, api, model, parameters, messages, user_text,
                reply, cost_microusd) VALUES
                ('0000abcd', 'main', 0, 1, 'openai', 'gpt-4o', '{}', '[{"role":"user","content":"hi"}]', 'hi', 'hello', 100),
                ('0000abcd', 'main', 1, 2, 'openai', 'gpt-4o', '{}', '[{"role":"user","content":"more"}]', 'more', 'sure', NULL),
                ('0000abcd', 'main', 2, 3, 'openai', 'o3', '{}', '[{"role":"user","content":"last"}]', 'last', 'done', 250);
            """)
        #expect(try rawSQLiteValue(path, "PRAGMA user_version") == "1")
        let log = try ConversationLog(path: path)
        #expect(try rawSQLiteValue(path, "PRAGMA user_version") == "2")
        #expect(try rawSQLiteValue(path, "SELECT count(*) FROM sqlite_master WHERE name = 'conversations_source_updated'") == "1")
        let summary = try #require(try log.conversations().first { $0.id.rawValue == "0000abcd" })
        #expect(summary.turns == 3)
        #expect(summary.unpricedTurns == 1)
        #expect(summary.totalCost == Cost(microdollars: 350))
        #expect(summary.model == "o3")
        #expect(try log.conversations().first { $0.id.rawValue == "0000abce" }?.turns == 0)
        #expect(try log.search(text: "sure").count == 1)  // the old turns stay searchable
        // And the migrated file takes new turns.
        let id = try #require(ConversationID(rawValue: "0000abcd"))
        #expect(try log.append(sampleTurn(id, user: "after the migration")) == 3)
        #expect(try log.lastConversation(kind: .shell)?.turns == 4)
        #expect(try log.integrityCheck() == "ok")
    }

    @Test func aFailedMigrationChangesNothing() throws {
        let directory = try TemporaryFolder()
        defer { directory.remove() }
        let path = directory.file("odd-v1.db")
        // A v1 file that already has one of v2's columns: the migration's ALTER fails midway.
        try rawSQLite(path, LogSchema.version1.joined(separator: ";\n") + """
            ;
            ALTER TABLE conversations ADD COLUMN model TEXT;
            PRAGMA application_id = \(LogSchema.applicationID);
            PRAGMA user_version = 1;
            """)
        #expect {
            _ = try ConversationLog(path: path)
        } throws: { error in
            guard case ConversationLogError.migrationFailed(_, 1, 2, _) = error else { return false }
            return true
        }
        #expect(try rawSQLiteValue(path, "PRAGMA user_version") == "1")
        // The columns added before the failing statement were rolled back with it.
        #expect(try rawSQLiteValue(path, "SELECT count(*) FROM pragma_table_info('conversations') WHERE name = 'turn_count'") == "0")
    }

    @Test func aNewerFileIsRefusedAndLeftUnchanged() throws {
        let directory = try TemporaryFolder()
        defer { directory.remove() }
        let path = directory.file("future.db")
        try rawSQLite(path, """
            CREATE TABLE conversations (id TEXT PRIMARY KEY, future_column BLOB);
            INSERT INTO conversations VALUES ('12345678', x'00ff');
            PRAGMA application_id = \(LogSchema.applicationID);
            PRAGMA user_version = 99;
            """)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(throws: ConversationLogError.newerSchema(path: path, found: 99, supported: 2)) {
            try ConversationLog(path: path)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        #expect(ConversationLogError.newerSchema(path: path, found: 99, supported: 2).description.contains("newer troupe"))
    }

    @Test func otherFilesAreRefused() throws {
        let directory = try TemporaryFolder()
        defer { directory.remove() }
        let garbage = try directory.write("garbage.db", String(repeating: "not a database ", count: 100))
        #expect {
            _ = try ConversationLog(path: garbage)
        } throws: { error in
            if case ConversationLogError.notALog = error { return true }
            return false
        }
        let foreign = directory.file("foreign.db")
        try rawSQLite(foreign, "CREATE TABLE x (y); PRAGMA application_id = 42;")
        #expect {
            _ = try ConversationLog(path: foreign)
        } throws: { error in
            if case ConversationLogError.notALog(_, let reason) = error { return reason.contains("another program") }
            return false
        }
    }

    @Test(arguments: [
        "\"", "\"unbalanced", "AND", "OR NOT", "a AND", "NEAR(a b)", "reply:secret", "user_text:x", "*", "^start",
        "(", ")", "-minus", "' OR 1=1 --", "\u{0}", "a\u{0}b", "🙂", "\"\"\"\"", "***", "x**", "{a b}", "+", "a OR",
        "NOT", "\\", "%_", "col : val", "NEAR", "\"AND\"",
    ])
    func hostileSearchTextIsNeverASyntaxError(text: String) throws {
        let directory = try TemporaryFolder()
        defer { directory.remove() }
        let log = try ConversationLog(path: directory.file("logs.db"))
        let id = try log.startConversation(kind: .shell)
        try log.append(sampleTurn(id, user: "he said \"hello\" AND left (quickly) — NEAR the reply:secret door",
                                  reply: "OR NOT; ^start * 🙂"))
        _ = try log.search(text: text)  // must not throw
    }

    @Test func hostileTextIsFoundAsText() throws {
        let directory = try TemporaryFolder()
        defer { directory.remove() }
        let log = try ConversationLog(path: directory.file("logs.db"))
        let id = try log.startConversation(kind: .shell)
        try log.append(sampleTurn(id, user: "he said \"hello\" AND left (quickly)", reply: "NOT here"))
        #expect(try log.search(text: "\"hello\"").count == 1)
        #expect(try log.search(text: "AND").count == 1)  // the word "and", not the operator
        #expect(try log.search(text: "(quickly)").count == 1)
        #expect(try log.search(text: "NOT").count == 1)
        #expect(try log.search(text: "said hello").count == 1)
        #expect(try log.search(text: "said goodbye").isEmpty)  // words are ANDed
        #expect(FTSQuery.expression(for: "foo \"bar") == "\"foo\" \"\"\"bar\"")
        #expect(FTSQuery.expression(for: "pre*") == "\"pre\"*")
        #expect(FTSQuery.expression(for: "  *** \"\" ") == nil)
    }

    @Test func noSecretReachesTheFile() throws {
        let directory = try TemporaryFolder()
        defer { directory.remove() }
        let key = "sk-troupe-test-" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
        setenv("OPENAI_API_KEY", key, 1)
        defer { unsetenv("OPENAI_API_KEY") }
        try directory.write("config.ini", "[openai]\napi_key = \(key)\n")
        let path = directory.file("logs.db")
        let log = try ConversationLog(path: path)
        let id = try log.startConversation(kind: .send)
        var turn = sampleTurn(id, user: "visible-marker-question", reply: "visible-marker-reply")
        turn.parameters = [
            "temperature": 0.2, "api_key": .string(key),
            "headers": ["Authorization": .string("Bearer \(key)"), "X-Api-Key": .string(key)],
        ]
        turn.templateVariables = ["OPENAI_API_KEY": .string(key), "topic": "cheese"]
        try log.append(turn)
        let stored = try log.conversation(idPrefix: id.rawValue).turns[0].record
        #expect(stored.parameters == [
            "temperature": 0.2, "api_key": "[redacted]", "headers": ["Authorization": "[redacted]", "X-Api-Key": "[redacted]"],
        ])
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        if let wal = try? Data(contentsOf: URL(fileURLWithPath: path + "-wal")) { bytes.append(wal) }
        #expect(bytes.range(of: Data("visible-marker-reply".utf8)) != nil)  // the search can find what is there
        #expect(bytes.range(of: Data(key.utf8)) == nil)
        #expect(bytes.range(of: Data(key.dropFirst(3).utf8)) == nil)
    }
}
