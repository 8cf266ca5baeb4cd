import Foundation
import Testing
@testable import TroupeCore

@Suite("Conversation log: writing and reading")
struct ConversationLogTests {
    @Test func appendListShowAndSearch() throws {
        let directory = try TemporaryFolder()
        defer { directory.remove() }
        let log = try ConversationLog(path: directory.file("logs/logs.db"))
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        let first = try log.startConversation(kind: .shell, at: start)
        let second = try log.startConversation(kind: .send, at: start.addingTimeInterval(1))

        var turn = sampleTurn(first, user: "What is the capital of France?\nAnswer briefly.", reply: "Paris.",
                              cost: Cost(microdollars: 150))
        turn.time = start.addingTimeInterval(10)
        turn.usage = TokenUsage(promptTokens: 20, cachedTokens: 5, completionTokens: 4, reasoningTokens: 1)
        turn.firstTokenLatency = .milliseconds(320)
        turn.totalLatency = .milliseconds(1250)
        turn.template = "qa"
        turn.templateVariables = ["country": "France"]
        turn.finishReason = "stop"
        #expect(try log.append(turn) == 0)
        var unpriced = sampleTurn(first, user: "And of Spain?", reply: "Madrid.",
                                  history: turn.messages + [.assistant("Paris.")])
        unpriced.time = start.addingTimeInterval(20)
        #expect(try log.append(unpriced) == 1)
        var other = sampleTurn(second, user: "Translate 'cheese' to French", reply: "fromage", model: "gpt-4.1",
                               cost: Cost(microdollars: 40))
        other.time = start.addingTimeInterval(5)
        try log.append(other)

        let list = try log.conversations(limit: 10)
        #expect(list.map(\.id) == [first, second])  // most recently updated first
        let summary = try #require(list.first)
        #expect(summary.kind == .shell)
        #expect(summary.turns == 2)
        #expect(summary.totalCost == Cost(microdollars: 150))
        #expect(summary.unpricedTurns == 1)
        #expect(summary.title == "What is the capital of France? Answer briefly.")
        #expect(summary.model == "gpt-4o")
        #expect(try log.conversations(limit: 1, offset: 1).map(\.id) == [second])

        let detail = try log.conversation(idPrefix: first.rawValue)
        #expect(detail.turns.count == 2)
        let stored = try #require(detail.turns.first).record
        #expect(stored.messages == turn.messages)
        #expect(stored.reply == "Paris.")
        #expect(stored.usage == turn.usage)
        #expect(stored.cost == Cost(microdollars: 150))
        #expect(stored.firstTokenLatency == .milliseconds(320))
        #expect(stored.totalLatency == .milliseconds(1250))
        #expect(stored.template == "qa")
        #expect(stored.templateVariables == ["country": "France"])
        #expect(stored.finishReason == "stop")
        #expect(stored.parameters == ["temperature": 0.5])
        #expect(stored.time == turn.time)
        #expect(detail.turns[1].index == 1)
        #expect(detail.turns[1].record.cost == nil)

        let hits = try log.search(text: "capital")
        #expect(hits.count == 1)
        #expect(hits.first?.conversation == first)
        #expect(hits.first?.snippet.contains("[capital]") == true)
        #expect(try log.search(text: "fromage").map(\.conversation) == [second])  // replies are indexed
        #expect(try log.search(text: "madr*").count == 1)
        // Only each turn's new user message is indexed, not the history it resends.
        #expect(try log.search(text: "France").map(\.turnIndex) == [0])
        #expect(try log.search(text: "nowhere").isEmpty)
        #expect(try log.integrityCheck() == "ok")
    }

    @Test func lastConversationAndResume() throws {
        let directory = try TemporaryFolder()
        defer { directory.remove() }
        let log = try ConversationLog(path: directory.file("logs.db"))
        #expect(try log.lastConversation(kind: .shell) == nil)
        let old = try log.startConversation(kind: .shell, at: Date(timeIntervalSince1970: 100))
        let id = try log.startConversation(kind: .shell, at: Date(timeIntervalSince1970: 200))
        let sent = try log.startConversation(kind: .send, at: Date(timeIntervalSince1970: 300))
        #expect(try log.lastConversation(kind: .shell)?.id == id)
        #expect(try log.lastConversation(kind: .send)?.id == sent)
        #expect(try log.lastConversation(kind: .eval) == nil)
        _ = old

        let system = ChatMessage.system("Be brief.")
        var t0 = sampleTurn(id, user: "one", reply: "1", history: [system])
        t0.time = Date(timeIntervalSince1970: 1_000)
        try log.append(t0)
        var t1 = sampleTurn(id, user: "two", reply: "2", history: t0.messages + [.assistant("1")])
        t1.time = Date(timeIntervalSince1970: 1_001)
        try log.append(t1)
        #expect(try log.resumeMessages(idPrefix: id.rawValue) == [system, .user("one"), .assistant("1"), .user("two"), .assistant("2")])
        // A branch from turn 0, written later, becomes the latest; its failed turn is skipped.
        var b0 = sampleTurn(id, user: "deux", reply: "II", branch: "b1", history: t0.messages + [.assistant("1")])
        b0.time = Date(timeIntervalSince1970: 1_002)
        #expect(try log.append(b0) == 0)
        var failed = sampleTurn(id, user: "trois", reply: nil, branch: "b1", error: "HTTP 500",
                                history: b0.messages + [.assistant("II")])
        failed.time = Date(timeIntervalSince1970: 1_003)
        #expect(try log.append(failed) == 1)
        let detail = try log.conversation(idPrefix: id.rawValue)
        #expect(detail.latestBranch == "b1")
        #expect(detail.turns.last?.record.error == "HTTP 500")
        #expect(try log.resumeMessages(idPrefix: id.rawValue) == [system, .user("one"), .assistant("1"), .user("deux"), .assistant("II")])
        #expect(detail.messages(branch: "main").count == 5)
        #expect(try log.lastConversation(kind: .shell)?.id == id)
    }

    @Test func appendingToAnUnknownConversationFails() throws {
        let directory = try TemporaryFolder()
        defer { directory.remove() }
        let log = try ConversationLog(path: directory.file("logs.db"))
        let stranger = try #require(ConversationID(rawValue: "deadbeef"))
        #expect(throws: ConversationLogError.unknownConversation(prefix: "deadbeef")) {
            try log.append(sampleTurn(stranger, user: "hi"))
        }
        #expect(try log.turnCount() == 0)
    }

    @Test func prefixResolution() throws {
        let directory = try TemporaryFolder()
        defer { directory.remove() }
        let log = try ConversationLog(path: directory.file("logs.db"))
        // 17 IDs over 16 first digits: at least two share one.
        var ids: [ConversationID] = []
        for _ in 0..<17 { ids.append(try log.startConversation(kind: .send)) }
        let byFirst = Dictionary(grouping: ids, by: { String($0.rawValue.prefix(1)) })
        let (shared, group) = try #require(byFirst.first { $0.value.count > 1 })
        var caught: ConversationLogError?
        do {
            _ = try log.conversation(idPrefix: shared.uppercased())
        } catch {
            caught = error
        }
        guard case .ambiguousConversation(let prefix, let candidates)? = caught else {
            Issue.record("expected an ambiguous prefix, got \(String(describing: caught))")
            return
        }
        #expect(prefix == shared.uppercased())
        #expect(Set(candidates) == Set(group))
        for id in ids {
            #expect(try log.conversation(idPrefix: id.rawValue).summary.id == id)
            // The shortest prefix no other ID starts with also works.
            let unique = try #require((1...8).lazy.map { String(id.rawValue.prefix($0)) }
                .first { prefix in ids.filter { $0.rawValue.hasPrefix(prefix) }.count == 1 })
            #expect(try log.conversation(idPrefix: unique).summary.id == id)
        }
        var missing = "00000000"
        while ids.contains(where: { $0.rawValue == missing }) { missing = ConversationID.random().rawValue }
        #expect(throws: ConversationLogError.unknownConversation(prefix: missing)) {
            try log.conversation(idPrefix: missing)
        }
        #expect(throws: ConversationLogError.invalidConversationID("xyz")) { try log.conversation(idPrefix: "xyz") }
        #expect(throws: ConversationLogError.invalidConversationID("")) { try log.conversation(idPrefix: "") }
        #expect(throws: ConversationLogError.invalidConversationID("123456789")) { try log.conversation(idPrefix: "123456789") }
        #expect(ConversationLogError.ambiguousConversation(prefix: "a", candidates: group).description.contains(group[0].rawValue))
    }
}
