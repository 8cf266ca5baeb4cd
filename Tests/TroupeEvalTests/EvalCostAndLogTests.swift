import Foundation
import Testing
import TroupeCore
import TroupeTestSupport
@testable import TroupeEval

/// What cells cost (the model catalog's prices) and how a run is written to the conversation
/// log, against the real test server and a real SQLite log.
@Suite("Eval costs and the conversation log")
struct EvalCostAndLogTests {
    func config(_ server: TestServer, folder: ScratchDirectory) throws -> TroupeConfig {
        try .pointing(at: server, cacheIn: folder, key: "sk-secret-eval-key")
    }

    @Test("cells are priced from the catalog; cost checks pass and fail on it; a model without prices fails them as unknown")
    func costs() async throws {
        let server = try await TestServer.start()
        defer { Task { try? await server.shutdown() } }
        let folder = try ScratchDirectory()
        let path = try folder.write("""
            prompts: ['Say {{word}}']
            providers: [openai:gpt-4o-mini, openai:gpt-4.1, openai:no-such-model]
            tests:
              - vars: {word: hello}
                assert:
                  - {type: cost, threshold: 0.000004}
            """, to: "promptfooconfig.yaml")
        let report = try await EvalRunner(config: try config(server, folder: folder))
            .run(try EvalSuiteLoader().load(contentsOf: path), options: EvalRunOptions(useCache: true))
        // "Say hello": 10 prompt tokens, "Echo: Say hello" 3 completion tokens.
        // gpt-4o-mini: 10 × $0.15/M + 3 × $0.60/M = $0.0000033 (passes $0.000004);
        // gpt-4.1: 10 × $2/M + 3 × $8/M = $0.000044 (fails).
        let mini = try #require(report.results.first { $0.provider == "openai:gpt-4o-mini" })
        #expect(abs((mini.cost ?? 0) - 0.0000033) < 1e-12, "\(String(describing: mini.cost))")
        #expect(mini.status == .pass)
        let full = try #require(report.results.first { $0.provider == "openai:gpt-4.1" })
        #expect(abs((full.cost ?? 0) - 0.000044) < 1e-12, "\(String(describing: full.cost))")
        #expect(full.status == .fail)
        #expect(full.reason == "the answer cost $0.000044, over $0.000004")
        let unknown = try #require(report.results.first { $0.provider == "openai:no-such-model" })
        #expect(unknown.cost == nil)
        #expect(unknown.status == .fail)
        #expect(unknown.reason?.contains("cost is unknown") == true)
        #expect(abs((report.stats.cost ?? 0) - 0.0000473) < 1e-12)
        #expect(report.stats.costUnknown == 1)
        #expect(report.summaryLine.hasSuffix(", $0.0000473 spent + 1 cell of unknown cost"), "\(report.summaryLine)")
    }

    @Test("a run is one eval conversation in the log: every cell's messages, answer, cost and error, and never the key")
    func logged() async throws {
        let server = try await TestServer.start()
        defer { Task { try? await server.shutdown() } }
        server.respond { request in
            request.lastUserMessage == "Say boom" ? .error(status: 400, message: "bad request") : nil
        }
        let folder = try ScratchDirectory()
        let path = try folder.write("""
            description: logged suite
            prompts: ['Say {{word}}']
            providers: [openai:gpt-4o-mini]
            tests:
              - vars: {word: [one, boom]}
            """, to: "promptfooconfig.yaml")
        let loaded = try EvalSuiteLoader().load(contentsOf: path)
        let logPath = folder.file("logs.db")
        let recorder = ConversationRecorder(path: logPath, kind: .eval)
        let runner = EvalRunner(config: try config(server, folder: folder), recorder: recorder)
        let report = try await runner.run(loaded, options: EvalRunOptions(useCache: true))
        #expect(report.warnings == nil)
        #expect(report.stats.errors == 1)

        let log = try ConversationLog(path: logPath)
        let conversations = try log.conversations()
        #expect(conversations.count == 1)
        let conversation = try #require(conversations.first)
        #expect(conversation.kind == .eval)
        let turns = try log.conversation(idPrefix: conversation.id.rawValue).turns.map(\.record)
        #expect(turns.count == 2)
        let answered = try #require(turns.first { $0.reply != nil })
        #expect(answered.messages == [ChatMessage(role: .user, content: "Say one")])
        #expect(answered.reply == "Echo: Say one")
        #expect(answered.model == "gpt-4o-mini" && answered.api == "openai")
        #expect(answered.cost?.microdollars == 3, "$0.0000033 rounds to 3 µ$ in the log")
        #expect(answered.template == "Say {{word}}")
        #expect(answered.templateVariables == .object(["word": "one"]))
        let failed = try #require(turns.first { $0.reply == nil })
        #expect(failed.error?.contains("bad request") == true)

        // A second run answers from the cache: logged as a new conversation that spent nothing.
        _ = try await runner.run(loaded, options: EvalRunOptions(useCache: true))
        let second = try #require(try log.conversations().first { $0.id != conversation.id })
        let cachedTurn = try #require(try log.conversation(idPrefix: second.id.rawValue).turns.map(\.record).first { $0.reply != nil })
        #expect(cachedTurn.cached)
        #expect(cachedTurn.cost?.dollars == 0)

        let bytes = try Data(contentsOf: URL(fileURLWithPath: logPath))
            + ((try? Data(contentsOf: URL(fileURLWithPath: logPath + "-wal"))) ?? Data())
        #expect(bytes.range(of: Data("sk-secret-eval-key".utf8)) == nil)
    }
}
