import Foundation
import Testing
@testable import TroupeCore

@Suite("Conversation recorder: what every command writes to the log")
struct ConversationRecorderTests {
    let parameters = ChatParameters(model: "gpt-4o-mini", [.temperature: 0.2, .maxTokens: 50])

    func completion(_ text: String) -> ChatCompletion {
        ChatCompletion(
            content: text, finishReason: "stop", model: "gpt-4o-mini-2024-07-18",
            usage: Usage(promptTokens: 10, completionTokens: 2, cachedTokens: 4, reasoningTokens: 0),
            latency: ResponseLatency(firstTokenSeconds: 0.25, totalSeconds: 1.5))
    }

    @Test func theLogOpensAndTheConversationStartsWithTheFirstTurn() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("sub/logs.db")
        let recorder = ConversationRecorder(path: path, kind: .send)
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(recorder.conversationID == nil)
        let time = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(recorder.record(
            apiType: "openai", parameters: parameters, messages: [.user("hi")], completion: completion("hello"),
            cost: Cost(dollars: 1), time: time, template: "persona", templateVariables: ["name": "Ana"]) == nil)
        let id = try #require(recorder.conversationID)
        let detail = try ConversationLog(path: path).conversation(idPrefix: String(id.rawValue.prefix(3)))
        #expect(detail.summary.kind == .send)
        let record = try #require(detail.turns.first?.record)
        #expect(record.time == time && record.api == "openai" && record.model == "gpt-4o-mini")
        #expect(record.parameters == ["model": "gpt-4o-mini", "temperature": 0.2, "maxTokens": 50])
        #expect(record.reply == "hello" && record.finishReason == "stop" && !record.cached)
        #expect(record.usage == TokenUsage(promptTokens: 10, cachedTokens: 4, completionTokens: 2))
        #expect(record.firstTokenLatency == .milliseconds(250) && record.totalLatency == .milliseconds(1500))
        #expect(record.template == "persona" && record.templateVariables == ["name": "Ana"])
        #expect(record.cost == Cost(dollars: 1))
    }

    @Test("grouped writes: the first turn is written at once, the next wait (up to 64) for one commit, flush writes the rest in order; turns recorded at once start one conversation")
    func groupedWrites() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let log = try ConversationLog(path: folder.file("logs.db"))
        let recorder = ConversationRecorder(log: log, kind: .eval, groupInterval: .seconds(60))
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<100 {
                group.addTask {
                    _ = recorder.record(
                        apiType: "openai", parameters: self.parameters, messages: [.user("q\(index)")],
                        completion: self.completion("a\(index)"), cost: .zero, time: Date())
                }
            }
        }
        let conversations = try log.conversations()
        #expect(conversations.count == 1, "100 turns at once start one conversation")
        let id = try #require(recorder.conversationID)
        #expect(try log.conversation(idPrefix: id.rawValue).turns.count == 65, "the first at once, then one group of 64")
        #expect(recorder.flush() == nil)
        let turns = try log.conversation(idPrefix: id.rawValue).turns
        #expect(turns.count == 100)
        #expect(Set(turns.compactMap(\.record.reply)).count == 100)
        #expect(turns.map(\.index) == Array(0..<100))
        #expect(recorder.flush() == nil, "nothing left")
        #expect(try log.conversation(idPrefix: id.rawValue).turns.count == 100)
    }

    @Test func startNewAndResume() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let log = try ConversationLog(path: folder.file("logs.db"))
        let recorder = ConversationRecorder(log: log, kind: .shell)
        let time = Date()
        recorder.record(apiType: "openai", parameters: parameters, messages: [.user("a")], completion: completion("1"), cost: nil, time: time)
        let first = try #require(recorder.conversationID)
        recorder.record(apiType: "openai", parameters: parameters, messages: [.user("b")], completion: nil,
                        partialReply: "par", cost: nil, time: time)
        recorder.startNew()
        recorder.record(apiType: "openai", parameters: parameters, messages: [.user("c")], completion: nil,
                        cost: nil, error: ClientError.timeout(seconds: 3), time: time)
        let second = try #require(recorder.conversationID)
        #expect(first != second)
        recorder.resume(first)
        recorder.record(apiType: "openai", parameters: parameters, messages: [.user("d")], completion: completion("4"), cost: nil, time: time)

        let one = try log.conversation(idPrefix: first.rawValue)
        #expect(one.turns.map(\.record.reply) == ["1", "par", "4"])
        #expect(one.turns[1].record.finishReason == "cut")
        #expect(one.summary.unpricedTurns == 3 && one.summary.totalCost == nil)
        let two = try log.conversation(idPrefix: second.rawValue)
        #expect(two.turns.first?.record.error == "\(ClientError.timeout(seconds: 3))")
        #expect(two.messages().isEmpty)  // a failed turn is nothing to continue from
    }

    @Test func aLogThatCannotBeWrittenIsReportedOnceAndTheTurnGoesOn() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        // Another program's database where the log should be.
        let path = folder.file("logs.db")
        try rawSQLite(path, "CREATE TABLE other (x); PRAGMA user_version = 7;")
        let recorder = ConversationRecorder(path: path, kind: .shell)
        let first = recorder.record(apiType: "openai", parameters: parameters, messages: [.user("a")], completion: nil, cost: nil, time: Date())
        guard case .notALog? = first else {
            Issue.record("expected notALog, got \(String(describing: first))")
            return
        }
        #expect(recorder.record(apiType: "openai", parameters: parameters, messages: [.user("b")], completion: nil, cost: nil, time: Date()) == nil)
        #expect(try rawSQLiteValue(path, "SELECT count(*) FROM other") == "0")
    }

    @Test func logIsOnByDefaultAndOffWithLOG() throws {
        let paths = TroupePaths(environment: ["HOME": "/home/ana"])
        #expect(ConversationRecorder.configured(config: TroupeConfig(), paths: paths, kind: .shell) != nil)
        var off = TroupeConfig()
        try off.set(.log, to: "off", source: .flag)
        #expect(ConversationRecorder.configured(config: off, paths: paths, kind: .shell) == nil)
        #expect(ConversationRecorder.configured(config: TroupeConfig(), paths: TroupePaths(environment: [:]), kind: .shell) == nil)
        #expect(paths.logDatabase == "/home/ana/.local/share/troupe/logs.db")
        #expect(TroupePaths(environment: ["HOME": "/home/ana", "XDG_DATA_HOME": "/data"]).logDatabase == "/data/troupe/logs.db")
    }
}

@Suite("Conversation log totals")
struct LogTotalsTests {
    @Test func totalsAddUpEveryConversation() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let log = try ConversationLog(path: folder.file("logs.db"))
        #expect(try log.totals() == LogTotals(conversations: 0, turns: 0, cost: nil, unpricedTurns: 0))
        let a = try log.startConversation(kind: .shell)
        let b = try log.startConversation(kind: .send)
        try log.append(sampleTurn(a, user: "1", cost: Cost(dollars: Decimal(string: "0.0012")!)))
        try log.append(sampleTurn(a, user: "2", cost: nil))
        try log.append(sampleTurn(b, user: "3", cost: Cost(dollars: Decimal(string: "0.000021")!)))
        let totals = try log.totals()
        #expect(totals.conversations == 2 && totals.turns == 3 && totals.unpricedTurns == 1)
        #expect(totals.cost?.dollars == Decimal(string: "0.001221"))
    }
}
