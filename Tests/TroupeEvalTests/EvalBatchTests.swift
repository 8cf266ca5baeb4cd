import Foundation
import Synchronization
import Testing
import TroupeCore
import TroupeTestSupport
@testable import TroupeEval

/// `--batch` against the test server's Batch API (real HTTP: /v1/files, /v1/batches).
@Suite("Running suites through the Batch API")
struct EvalBatchTests {
    func config(_ server: TestServer, folder: ScratchDirectory) throws -> TroupeConfig {
        try .pointing(at: server, cacheIn: folder, key: "sk-batch")
    }

    let suite = """
        prompts: ['{{word}}']
        providers: [openai:gpt-4o-mini, {id: 'openai:chat:gpt-4.1-nano', label: nano}]
        tests:
          - vars: {word: [hi, there]}
            assert: [{type: icontains, value: '{{word}}'}, {type: cost, threshold: 0.001}]
          - vars: {word: TROUPE_TEST_FAIL}
        """

    func paths(_ server: TestServer) -> [String] {
        server.requests.map { "\($0.method) \($0.path)" }
    }

    @Test("cells go out as one batch per provider, wait while in progress, come back into the same report at the batch price")
    func endToEnd() async throws {
        let server = try await TestServer.start()
        defer { Task { try? await server.shutdown() } }
        let folder = try ScratchDirectory()
        let path = try folder.write(suite, to: "promptfooconfig.yaml")
        let loaded = try EvalSuiteLoader().load(contentsOf: path)
        let seen = Mutex<[EvalProgress]>([])
        let report = try await EvalRunner(config: try config(server, folder: folder)).run(
            loaded, options: EvalRunOptions(batch: true, batchPollInterval: .milliseconds(10))
        ) { progress in seen.withLock { $0.append(progress) } }

        #expect(report.stats.cells == 6)
        #expect(!paths(server).contains { $0.hasSuffix("/chat/completions") }, "nothing is sent one by one: \(paths(server))")
        #expect(paths(server).filter { $0 == "POST /v1/files" }.count == 2, "one upload per provider")
        #expect(paths(server).filter { $0 == "POST /v1/batches" }.count == 2)
        #expect(paths(server).filter { $0.hasPrefix("GET /v1/batches/") }.count == 4, "in_progress once, then completed, per batch")
        #expect(server.requests.allSatisfy { $0.header("authorization") == "Bearer sk-batch" })

        // The uploaded lines are the bodies a direct request sends, under the cells' ids.
        // The two providers' batches go up at once: take gpt-4o-mini's file.
        let upload = try #require(server.requests.first {
            $0.path == "/v1/files" && String(decoding: $0.body, as: UTF8.self).contains(#""model":"gpt-4o-mini""#)
        })
        let text = String(decoding: upload.body, as: UTF8.self)
        #expect(text.contains(#"{"custom_id":"cell-0","method":"POST","url":"/v1/chat/completions","body":{"frequency_penalty":0,"messages":[{"content":"hi","role":"user"}],"model":"gpt-4o-mini","presence_penalty":0,"temperature":1,"top_p":1}}"#), "\(text)")

        let answered = report.results.filter { $0.status != .error }
        #expect(answered.count == 4)
        #expect(answered.allSatisfy { $0.status == .pass && $0.batched == true && $0.output?.hasPrefix("Echo: ") == true })
        let hi = try #require(report.results.first { $0.provider == "openai:gpt-4o-mini" && $0.vars["word"] == "hi" })
        // "hi": 1 + 8 = 9 prompt tokens, "Echo: hi" 2 completion tokens, at gpt-4o-mini's batch
        // prices ($0.075 and $0.30 per million): 0.000000675 + 0.0000006.
        #expect(hi.usage?.promptTokens == 9 && hi.usage?.completionTokens == 2)
        #expect(abs((hi.cost ?? 0) - 0.000001275) < 1e-12, "\(String(describing: hi.cost))")
        #expect(hi.latencyMilliseconds == nil, "a batched answer has no latency of its own")

        let failed = report.results.filter { $0.status == .error }
        #expect(failed.count == 2, "the line the server failed is an error cell for each provider")
        #expect(failed.allSatisfy { $0.error == "batch request failed: HTTP 500: the model failed" }, "\(failed.map(\.error))")
        #expect(!report.allPassed)

        let batches = try #require(seen.withLock { $0.last }?.batches)
        #expect(batches.map(\.provider).sorted() == ["nano", "openai:gpt-4o-mini"])
        #expect(batches.allSatisfy { $0.status == "completed" && $0.batchID?.hasPrefix("batch-") == true })
        #expect(seen.withLock { $0.contains { $0.batches.contains { $0.status == "in_progress" && $0.total == 3 } } }, "progress while waiting")
        #expect(seen.withLock { $0.last?.done } == 6)
    }

    @Test("batched answers are cached: a second run, batched or direct, sends nothing for them")
    func cached() async throws {
        let server = try await TestServer.start()
        defer { Task { try? await server.shutdown() } }
        let folder = try ScratchDirectory()
        let path = try folder.write("""
            prompts: ['Say {{word}}']
            providers: [openai:gpt-4o-mini]
            tests:
              - vars: {word: [one, two]}
            """, to: "promptfooconfig.yaml")
        let loaded = try EvalSuiteLoader().load(contentsOf: path)
        let runner = EvalRunner(config: try config(server, folder: folder))
        let first = try await runner.run(loaded, options: EvalRunOptions(batch: true, batchPollInterval: .milliseconds(10)))
        #expect(first.stats.cached == 0 && first.stats.passed == 2)
        let sent = server.requests.count

        let again = try await runner.run(loaded, options: EvalRunOptions(batch: true, batchPollInterval: .milliseconds(10)))
        #expect(server.requests.count == sent, "no upload and no batch for answers the cache has")
        #expect(again.stats.cached == 2)
        #expect(again.stats.cost == 0, "nothing spent")
        #expect(again.results.map(\.cost) == first.results.map(\.cost), "a cached answer keeps what it cost")

        let direct = try await runner.run(loaded, options: EvalRunOptions())
        #expect(server.requests.count == sent, "a direct run finds the batched answers too")
        #expect(direct.stats.cached == 2)
    }

    @Test("Azure: the batch goes to the resource's /openai/files and /openai/batches with api-version and api-key, lines name the deployment")
    func azure() async throws {
        let server = try await TestServer.start()
        defer { Task { try? await server.shutdown() } }
        let folder = try ScratchDirectory()
        let base = try config(server, folder: folder).withAzure(at: server)
        let path = try folder.write(TroupeConfig.azureSuite, to: "promptfooconfig.yaml")
        let report = try await EvalRunner(config: base).run(
            try EvalSuiteLoader().load(contentsOf: path), options: EvalRunOptions(useCache: false, batch: true, batchPollInterval: .milliseconds(10)))
        #expect(report.allPassed, "\(report.results.map { $0.reason ?? "" })")
        #expect(report.results.first?.batched == true)
        #expect(paths(server).first == "POST /openai/files", "\(paths(server))")
        #expect(paths(server).contains("POST /openai/batches"))
        #expect(server.requests.allSatisfy { $0.queryItem("api-version") == "2024-10-21" && $0.header("api-key") == "azure-key" })
        let upload = String(decoding: try #require(server.requests.first).body, as: UTF8.self)
        #expect(upload.contains(#""url":"/chat/completions","body":{"#) && upload.contains(#""model":"my-deployment""#), "\(upload)")
        let create = try #require(server.requests.first { $0.path == "/openai/batches" }?.json())
        #expect(create["endpoint"] as? String == "/chat/completions")
    }

    @Test("a batch that fails makes its cells errors with the server's reason")
    func failedBatch() async throws {
        let server = try await TestServer.start()
        defer { Task { try? await server.shutdown() } }
        server.respond { request in
            guard request.method == "GET", request.path.hasPrefix("/v1/batches/") else { return nil }
            return .json(body: #"{"id": "b", "object": "batch", "status": "failed", "errors": {"data": [{"message": "line 1: model not found"}]}, "request_counts": {"total": 1, "completed": 0, "failed": 1}}"#)
        }
        let folder = try ScratchDirectory()
        let path = try folder.write("""
            prompts: ['Say {{word}}']
            providers: [openai:gpt-4o-mini]
            tests: [{vars: {word: x}}]
            """, to: "promptfooconfig.yaml")
        let report = try await EvalRunner(config: try config(server, folder: folder)).run(
            try EvalSuiteLoader().load(contentsOf: path), options: EvalRunOptions(useCache: false, batch: true, batchPollInterval: .milliseconds(10)))
        let cell = try #require(report.results.first)
        #expect(cell.status == .error)
        #expect(cell.error?.hasSuffix("the batch failed: line 1: model not found") == true, "\(cell.error ?? "")")
    }

    @Test("files stay within the Batch API's limits (50,000 requests, about 190 MB)")
    func chunks() async throws {
        var config = TroupeConfig()
        try config.set(.cacheAPICalls, to: "false", source: .flag)
        config.credentials.openAIKey = Secret("sk-batch")
        guard case .send(let request) = try await LLMService(config: config).prepareDeferred([ChatMessage(role: .user, content: "hi")]) else {
            Issue.record("the cache is off: nothing can be cached")
            return
        }
        let result = EvalCellResult(
            testIndex: 0, providerIndex: 0, promptIndex: 0, repeatIndex: 0, provider: "p", providerLabel: nil, prompt: "p",
            test: "t", vars: [:], key: "k", messages: [], output: nil, error: nil, cached: false, latencyMilliseconds: nil,
            usage: nil, cost: nil, batched: nil, status: .error, score: 0, reason: nil, assertions: [], namedScores: [:])
        let cells = (0..<7).map { index in
            BatchedCell(index: index, result: result, vars: [:], parameters: ChatParameters(model: "m"), request: request)
        }
        #expect(EvalRunner.batchLineLimit == 50_000)
        #expect(EvalRunner.chunks(cells).map(\.count) == [7])
        #expect(EvalRunner.chunks(cells, lineLimit: 3).map(\.count) == [3, 3, 1], "split at the line limit")
        let lineBytes = request.body.count + 120
        #expect(EvalRunner.chunks(cells, byteLimit: lineBytes * 2).map(\.count) == [2, 2, 2, 1], "split at the byte limit")
        #expect(EvalRunner.chunks(cells, lineLimit: 3).flatMap { $0 }.map(\.index) == Array(0..<7), "order kept")
    }
}
