import Foundation
import Synchronization
import Testing
import TroupeCore
import TroupeTestSupport
@testable import TroupeEval

/// The runner against the real test server on 127.0.0.1 (real HTTP through troupe's client).
@Suite("Running suites against the test server")
struct EvalRunnerServerTests {
    func config(_ server: TestServer, folder: ScratchDirectory) throws -> TroupeConfig {
        try .pointing(at: server, cacheIn: folder)
    }

    func run(_ yaml: String, server: TestServer, folder: ScratchDirectory, options: EvalRunOptions = EvalRunOptions(useCache: false)) async throws -> EvalReport {
        let path = try folder.write(yaml, to: "promptfooconfig.yaml")
        let suite = try EvalSuiteLoader().load(contentsOf: path)
        return try await EvalRunner(config: try config(server, folder: folder)).run(suite, options: options)
    }

    @Test("every cell is sent with its rendered prompt, provider model and settings; checks pass and fail")
    func cells() async throws {
        let server = try await TestServer.start()
        defer { Task { try? await server.shutdown() } }
        let folder = try ScratchDirectory()
        try folder.write(#"[{"role": "system", "content": "Answer in {{lang}}."}, {"role": "user", "content": "Say {{word}}"}]"#, to: "chat.json")
        let report = try await run("""
            prompts:
              - 'Translate {{word}} to {{lang}}'
              - file://chat.json
            providers:
              - id: openai:gpt-a
                config: {temperature: 0.25, seed: 3}
              - openai:chat:gpt-b
            tests:
              - vars: {word: cat, lang: [French, German]}
                assert:
                  - type: icontains
                    value: '{{word}}'
                  - type: starts-with
                    value: 'Echo: Translate'
            """, server: server, folder: folder)
        #expect(report.stats.cells == 8, "2 tests × 2 providers × 2 prompts")
        #expect(server.requests.count == 8)
        #expect(report.stats.passed == 4, "the text prompt starts with `Echo: Translate`")
        #expect(report.stats.failed == 4, "the chat prompt's echo is `Echo: Say cat`")
        let failed = try #require(report.results.first { $0.status == .fail })
        #expect(failed.reason?.contains("does not start with") == true)
        let bodies = server.requests.compactMap { $0.json() }
        #expect(Set(bodies.compactMap { $0["model"] as? String }) == ["gpt-a", "gpt-b"])
        let gptA = try #require(bodies.first { $0["model"] as? String == "gpt-a" })
        #expect(gptA["temperature"] as? Double == 0.25)
        #expect(gptA["seed"] as? Int == 3)
        let chat = try #require(bodies.first { ($0["messages"] as? [[String: Any]])?.count == 2 })
        let messages = try #require(chat["messages"] as? [[String: Any]])
        #expect(messages[0]["role"] as? String == "system")
        #expect(["Answer in French.", "Answer in German."].contains(messages[0]["content"] as? String ?? ""))
        // Cells come in promptfoo's order: test, provider, prompt.
        #expect(report.results.prefix(4).map { "\($0.provider) \($0.promptIndex)" } == ["openai:gpt-a 0", "openai:gpt-a 1", "openai:chat:gpt-b 0", "openai:chat:gpt-b 1"])
    }

    @Test("a request that fails after its retries is an error cell")
    func errorCell() async throws {
        let server = try await TestServer.start()
        defer { Task { try? await server.shutdown() } }
        let folder = try ScratchDirectory()
        server.respond { request in
            request.lastUserMessage == "boom" ? .error(status: 500, message: "the server broke") : nil
        }
        let report = try await run("""
            prompts: ['{{q}}']
            providers: [openai:m]
            tests:
              - vars: {q: [fine, boom]}
            """, server: server, folder: folder)
        #expect(report.results.map(\.status) == [.pass, .error])
        #expect(report.results[1].error?.contains("the server broke") == true)
        #expect(!report.allPassed)
    }

    @Test("--repeat with the cache on takes independent samples, and a second run answers them all from the cache")
    func repeatWithCache() async throws {
        let server = try await TestServer.start()
        defer { Task { try? await server.shutdown() } }
        let folder = try ScratchDirectory()
        let counter = Counter()
        server.respond { request in
            guard request.path.hasSuffix("/chat/completions") else { return nil }
            return .chat(content: "answer \(counter.next())")
        }
        let yaml = "prompts: [same]\nproviders: [openai:m]\ntests:\n  - assert: [{type: contains, value: answer}]\n"
        let options = EvalRunOptions(repeatCount: 3, useCache: true)
        let first = try await run(yaml, server: server, folder: folder, options: options)
        #expect(server.requests.count == 3, "three samples are three requests, not one answer copied")
        #expect(Set(first.results.compactMap(\.output)).count == 3)
        #expect(first.results.allSatisfy { !$0.cached })
        let second = try await run(yaml, server: server, folder: folder, options: options)
        #expect(server.requests.count == 3, "the second run asks nothing")
        #expect(second.results.allSatisfy { $0.cached })
        #expect(second.results.map(\.output) == first.results.map(\.output), "sample r gives back answer r")
        #expect(second.results.map(\.latencyMilliseconds) == first.results.map(\.latencyMilliseconds), "a cached answer keeps its latency")
    }

    @Test("-j bounds the calls in flight across providers, and cells do run side by side")
    func concurrency() async throws {
        let server = try await TestServer.start()
        defer { Task { try? await server.shutdown() } }
        let folder = try ScratchDirectory()
        let arrivals = Arrivals()
        server.respond { _ in
            arrivals.record()
            // Long enough that a busy machine's scheduling delays cannot pass for the bound.
            return .slow(.milliseconds(1500), then: .chat(content: "ok"))
        }
        let yaml = "prompts: [a]\nproviders: [openai:x, openai:y]\ntests:\n  - vars: {n: ['1', '2']}\n"
        let started = ContinuousClock.now
        let report = try await run(yaml, server: server, folder: folder, options: EvalRunOptions(useCache: false, concurrency: 2))
        let elapsed = ContinuousClock.now - started
        #expect(report.stats.cells == 4)
        #expect(report.allPassed)
        // 4 calls of 1.5 s, 2 at a time across both providers: at least 2 rounds.
        #expect(elapsed >= .milliseconds(2990), "the bound held: \(elapsed)")
        let times = arrivals.times
        #expect(times.count == 4)
        #expect(times[1] - times[0] < .milliseconds(1200), "the first two cells were in flight together")
        #expect(times[2] - times[0] >= .milliseconds(1400), "the third waited for a free slot")
    }

    @Test("llm-rubric asks the grader (GRADER_MODEL) and uses its pass, score and reason")
    func rubric() async throws {
        let server = try await TestServer.start()
        defer { Task { try? await server.shutdown() } }
        let folder = try ScratchDirectory()
        server.respond { request in
            guard let body = request.json(), body["model"] as? String == "judge" else { return nil }
            let text = request.lastUserMessage ?? ""
            if text.contains("Echo: kind words") { return .chat(content: #"{"reason": "it is kind", "pass": true, "score": 0.9}"#) }
            if text.contains("Echo: rude words") { return .chat(content: #"Verdict: {"reason": "it is rude", "pass": false, "score": 0.1}"#) }
            return .chat(content: #"{"reason": "no pass field", "score": 0.6}"#)
        }
        var base = try config(server, folder: folder)
        try base.set(.graderModel, to: "judge", source: .flag)
        let path = try folder.write("""
            prompts: ['{{text}}']
            providers: [openai:m]
            tests:
              - vars: {text: [kind words, rude words, plain words]}
                assert: [{type: llm-rubric, value: is kind}]
              - vars: {text: plain words}
                assert: [{type: llm-rubric, value: is kind, threshold: 0.8}]
            """, to: "promptfooconfig.yaml")
        let suite = try EvalSuiteLoader().load(contentsOf: path)
        let report = try await EvalRunner(config: base).run(suite, options: EvalRunOptions(useCache: false))
        #expect(report.results.map(\.status) == [.pass, .fail, .pass, .fail])
        #expect(report.results[0].assertions[0].reason == "it is kind")
        #expect(report.results[0].assertions[0].score == 0.9)
        #expect(report.results[1].reason == "it is rude")
        #expect(report.results[2].assertions[0].reason == "no pass field", "a missing pass counts as true")
        let grading = server.requests.filter { $0.json()?["model"] as? String == "judge" }
        #expect(grading.count == 4, "one grading request per check")
        #expect(grading.allSatisfy { $0.bodyString.contains("is kind") })
    }

    @Test("defaultTest.options.provider overrides the grader; a failed grading request fails the check")
    func graderOverrideAndFailure() async throws {
        let server = try await TestServer.start()
        defer { Task { try? await server.shutdown() } }
        let folder = try ScratchDirectory()
        server.respond { request in
            request.json()?["model"] as? String == "suite-judge" ? .error(status: 400, message: "grader refused") : nil
        }
        let report = try await run("""
            prompts: [p]
            providers: [openai:m]
            defaultTest:
              options: {provider: openai:suite-judge}
            tests:
              - assert: [{type: llm-rubric, value: anything}, {type: not-llm-rubric, value: anything}]
            """, server: server, folder: folder)
        #expect(report.results[0].status == .fail)
        #expect(report.results[0].assertions.map(\.pass) == [false, false], "not- does not turn a failed request into a pass")
        #expect(report.results[0].assertions[0].reason.contains("grader refused"))
    }

    @Test("similar compares embeddings with the cosine threshold (0.75 by default)")
    func similar() async throws {
        let server = try await TestServer.start()
        defer { Task { try? await server.shutdown() } }
        let folder = try ScratchDirectory()
        // The server's embedding of a text is a fixed vector: the same text is similarity 1.
        let far = ["Echo: alpha", "zzz"]
        let cosine = EvalGrader.cosine(TestServer.embeddingVector(of: far[0]), TestServer.embeddingVector(of: far[1]))
        try #require(cosine < 0.75, "the fixture needs two texts whose vectors differ: \(cosine)")
        let report = try await run("""
            prompts: ['{{q}}']
            providers: [openai:m]
            tests:
              - vars: {q: alpha}
                assert: [{type: similar, value: 'Echo: alpha'}]
              - vars: {q: alpha}
                assert: [{type: similar, value: zzz}]
              - vars: {q: alpha}
                assert: [{type: not-similar, value: zzz}]
              - vars: {q: alpha}
                assert: [{type: similar, value: zzz, threshold: \(max(-1, cosine - 0.01))}]
            """, server: server, folder: folder)
        #expect(report.results.map(\.status) == [.pass, .fail, .pass, .pass])
        #expect(report.results[0].assertions[0].score > 0.999)
        #expect(server.requests.filter { $0.path.hasSuffix("/embeddings") }.count == 8, "two embeddings per check")
    }

    @Test("select-best makes one grading request over a test's answers; the chosen one passes")
    func selectBest() async throws {
        let server = try await TestServer.start()
        defer { Task { try? await server.shutdown() } }
        let folder = try ScratchDirectory()
        server.respond { request in
            guard request.bodyString.contains("pick the one that best") else { return nil }
            return .chat(content: "The best is 1.")
        }
        let report = try await run("""
            prompts: ['short {{x}}', 'long {{x}}', 'other {{x}}']
            providers: [openai:m]
            tests:
              - vars: {x: one}
                assert: [{type: select-best, value: the longest}]
            """, server: server, folder: folder)
        #expect(report.results.map(\.status) == [.fail, .pass, .fail])
        let grading = server.requests.filter { $0.bodyString.contains("pick the one that best") }
        #expect(grading.count == 1)
        #expect(grading[0].bodyString.contains("Echo: long one"))
    }

    @Test("Azure providers: a set AZURE_OPENAI_ENDPOINT wins over a placeholder apiHost; apiVersion and the deployment are used")
    func azure() async throws {
        let server = try await TestServer.start()
        defer { Task { try? await server.shutdown() } }
        let folder = try ScratchDirectory()
        let base = try config(server, folder: folder).withAzure(at: server)
        let path = try folder.write(TroupeConfig.azureSuite, to: "promptfooconfig.yaml")
        let report = try await EvalRunner(config: base).run(try EvalSuiteLoader().load(contentsOf: path), options: EvalRunOptions(useCache: false))
        #expect(report.allPassed, "\(report.results.map { $0.reason ?? "" })")
        let request = try #require(server.lastRequest)
        #expect(request.path == "/openai/deployments/my-deployment/chat/completions")
        #expect(request.queryItem("api-version") == "2024-10-21")
        #expect(request.header("api-key") == "azure-key")
    }

    @Test("--base-url wins over a provider's apiBaseUrl; template:NAME renders troupe's Mustache template")
    func baseURLAndTemplates() async throws {
        let server = try await TestServer.start()
        defer { Task { try? await server.shutdown() } }
        let folder = try ScratchDirectory()
        try folder.write("Hello {{name}}, from a template.", to: "Templates/greet.mustache")
        let report = try await run("""
            prompts: [template:greet]
            providers:
              - id: openai:m
                config: {apiBaseUrl: 'http://127.0.0.1:9/v1'}
            tests:
              - vars: {name: Ana}
                assert: [{type: equals, value: 'Echo: Hello Ana, from a template.'}]
            """, server: server, folder: folder, options: EvalRunOptions(useCache: false, baseURL: server.baseURL))
        #expect(report.allPassed, "\(report.results.map { $0.reason ?? "" })")
        #expect(server.lastRequest?.lastUserMessage == "Hello Ana, from a template.")
    }

    @Test("a local provider runs on the local API type with its GGUF file; the grader defaults to GRADER_MODEL on the base API")
    func localAndGraderConfiguration() throws {
        let suite = EvalSuite(file: "s.yaml", prompts: [], providers: [], tests: [])
        let local = EvalProvider(id: "local:models/tiny.gguf", api: .local, model: "models/tiny.gguf", parameters: [.temperature: 0])
        let config = try EvalRunner.configuration(for: local, base: TroupeConfig(), options: EvalRunOptions(useCache: false))
        #expect(config.apiType == "local")
        #expect(config[.localModel] == "models/tiny.gguf")
        #expect(config[.temperature] == 0)
        #expect(config.cacheAPICalls == false)
        var base = TroupeConfig()
        try base.set(.graderModel, to: "judge-1", source: .flag)
        let grader = try EvalRunner.graderConfiguration(suite: suite, base: base, options: EvalRunOptions(baseURL: "http://127.0.0.1:1/v1"))
        #expect(grader.model == "judge-1")
        #expect(grader.baseURL == "http://127.0.0.1:1/v1")
        #expect(grader.cacheAPICalls)
        #expect(try EvalRunner.graderConfiguration(suite: suite, base: TroupeConfig(), options: EvalRunOptions()).model == TroupeConfig().model, "GRADER_MODEL unset: MODEL")
    }

    @Test("--filter-failing keys select only the cells that failed before")
    func filterFailing() async throws {
        let server = try await TestServer.start()
        defer { Task { try? await server.shutdown() } }
        let folder = try ScratchDirectory()
        let yaml = "prompts: ['{{q}}']\nproviders: [openai:m]\ntests:\n  - vars: {q: [a, b, c]}\n    assert: [{type: contains, value: b}]\n"
        let first = try await run(yaml, server: server, folder: folder)
        #expect(first.results.map(\.status) == [.fail, .pass, .fail])
        server.reset()
        let again = try await run(yaml, server: server, folder: folder, options: EvalRunOptions(useCache: false, onlyCells: first.failingKeys))
        #expect(again.results.map { $0.vars["q"] } == ["a", "c"])
        #expect(server.requests.count == 2)
        let decoded = try EvalReport.read(try first.json())
        #expect(decoded.failingKeys == first.failingKeys)
    }
}

/// A thread-safe counter for server responders.
final class Counter: Sendable {
    private let value = Mutex(0)
    func next() -> Int { value.withLock { $0 += 1; return $0 } }
}

/// When requests arrived at the server.
final class Arrivals: Sendable {
    private let value = Mutex<[ContinuousClock.Instant]>([])
    func record() { value.withLock { $0.append(ContinuousClock.now) } }
    var times: [ContinuousClock.Instant] { value.withLock { $0 } }
}
