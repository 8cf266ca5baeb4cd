import Foundation
import Testing
import TroupeTestSupport

/// `troupe eval` as the built binary against the local test server.
@Suite("troupe eval (binary)")
struct EvalCommandTests {
    let environment = ["OPENAI_API_KEY": "sk-e2e", "COLUMNS": "120"]

    @Test("promptfoo's getting-started suite runs unchanged: 8 cells pass, exit 0, JSON and JUnit written")
    func gettingStarted() async throws {
        let server = try await TestServer.start()
        server.respond(PromptfooExamples.translator)
        let directory = try TroupeBinary.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try PromptfooExamples.write(PromptfooExamples.gettingStarted, to: directory)

        let result = try await TroupeBinary.run(
            ["eval", "--base-url", server.baseURL, "--no-cache", "-o", "out.json", "--junit", "junit.xml"],
            in: directory, environment: environment)
        try await server.shutdown()

        #expect(result.status == 0, "\(result.out)\n\(result.err)")
        #expect(server.requests.count == 8)
        #expect(Set(server.requests.compactMap { $0.json()?["model"] as? String }) == ["gpt-4.1", "o4-mini"])
        #expect(result.out.contains("[1] openai:gpt-4.1 › Convert this English to {{language}}: {{input}}\n"), "\(result.out)")
        #expect(result.out.contains("PASS Bonjour le monde"), "\(result.out)")
        #expect(result.out.contains("8 passed, 0 failed, 0 errors (8 cells, 0 cached)"), "\(result.out)")

        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/out.json"))) as? [String: Any])
        #expect(json["version"] as? Int == 1)
        let stats = try #require(json["stats"] as? [String: Any])
        #expect(stats["cells"] as? Int == 8)
        #expect(stats["passed"] as? Int == 8)
        let results = try #require(json["results"] as? [[String: Any]])
        #expect(results.count == 8)
        #expect(results.allSatisfy { $0["status"] as? String == "pass" && $0["output"] is String && $0["assertions"] is [Any] })

        let junit = try String(contentsOfFile: directory + "/junit.xml", encoding: .utf8)
        #expect(junit.components(separatedBy: "<testcase ").count - 1 == 8)
        #expect(junit.contains("name=\"openai:o4-mini › Translate to {{language}}: {{input}} › input=Hello world, language=French\""), "\(junit)")
        #expect(!junit.contains("<failure"))
    }

    @Test("promptfoo's simple-csv suite runs unchanged: --- split prompts, load, CSV __expected")
    func simpleCSV() async throws {
        let server = try await TestServer.start()
        server.respond(PromptfooExamples.translator)
        let directory = try TroupeBinary.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try PromptfooExamples.write(PromptfooExamples.simpleCSV, to: directory)

        let result = try await TroupeBinary.run(["eval", "--base-url", server.baseURL, "--no-cache"], in: directory, environment: environment)
        try await server.shutdown()

        #expect(result.status == 0, "\(result.out)\n\(result.err)")
        #expect(server.requests.count == 8, "2 prompts × 4 rows")
        let first = try #require(server.requests.compactMap(\.lastUserMessage).first { $0.contains("Tone: formal") })
        #expect(first.contains("- Length: brief"))
        #expect(server.requests.compactMap(\.lastUserMessage).contains { $0.contains(#"Style settings: {"tone":"casual","length":"brief","formatting":{"bullets":true}}."#) })
    }

    @Test("a failing check exits 100 with a JUnit <failure>; --filter-failing re-runs only the failed cells")
    func failingAndFilter() async throws {
        let server = try await TestServer.start()
        let directory = try TroupeBinary.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try """
            prompts: ['{{word}}']
            providers: [openai:m]
            tests:
              - vars: {word: [apple, banana, cherry]}
                assert: [{type: contains, value: an}]
            """.write(toFile: directory + "/promptfooconfig.yaml", atomically: true, encoding: .utf8)

        let first = try await TroupeBinary.run(
            ["eval", "--base-url", server.baseURL, "-o", "first.json", "--junit", "junit.xml"], in: directory, environment: environment)
        #expect(first.status == 100, "\(first.out)\n\(first.err)")
        #expect(first.out.contains("FAIL"), "\(first.out)")
        let junit = try String(contentsOfFile: directory + "/junit.xml", encoding: .utf8)
        #expect(junit.components(separatedBy: "<failure ").count - 1 == 2)
        #expect(junit.contains("the output does not contain &quot;an&quot;"), "\(junit)")

        server.reset()
        let again = try await TroupeBinary.run(
            ["eval", "--base-url", server.baseURL, "--no-cache", "--filter-failing", "first.json"], in: directory, environment: environment)
        try await server.shutdown()
        #expect(again.status == 100)
        #expect(server.requests.compactMap(\.lastUserMessage).sorted() == ["apple", "cherry"])
        #expect(again.out.contains("0 passed, 2 failed, 0 errors (2 cells"), "\(again.out)")
    }

    @Test("a suite that cannot be read exits 1 naming the file, the line and the problem")
    func badSuite() async throws {
        let directory = try TroupeBinary.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "prompts: [hi]\nproviders:\n  - openai:m\n  - vertex:gemini\n".write(toFile: directory + "/suite.yaml", atomically: true, encoding: .utf8)
        let result = try await TroupeBinary.run(["eval", "-c", "suite.yaml"], in: directory, environment: environment)
        #expect(result.status == 1)
        #expect(result.err.contains("suite.yaml:4: the provider vertex:gemini is not supported"), "\(result.err)")

        let missing = try await TroupeBinary.run(["eval"], in: directory, environment: environment)
        #expect(missing.status == 1)
        #expect(missing.err.contains("promptfooconfig.yaml: cannot be read: no such file"), "\(missing.err)")
    }

    @Test("an unsupported check fails its cell and says so; a server error is an ERROR cell; both exit 100")
    func unsupportedAndErrors() async throws {
        let server = try await TestServer.start()
        server.respond { $0.lastUserMessage == "broken" ? .error(status: 500, message: "down") : nil }
        let directory = try TroupeBinary.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try """
            prompts: ['{{q}}']
            providers: [openai:m]
            tests:
              - vars: {q: fine}
                assert: [{type: javascript, value: 'output.length > 0'}]
              - vars: {q: broken}
            """.write(toFile: directory + "/promptfooconfig.yaml", atomically: true, encoding: .utf8)
        let result = try await TroupeBinary.run(
            ["eval", "--base-url", server.baseURL, "--no-cache", "--set", "max_attempts=1", "-o", "out.json", "--junit", "junit.xml"],
            in: directory, environment: environment)
        try await server.shutdown()
        #expect(result.status == 100)
        let junit = try String(contentsOfFile: directory + "/junit.xml", encoding: .utf8)
        #expect(junit.contains(#"<testsuite name="#) && junit.contains(#"errors="1""#), "\(junit)")
        #expect(junit.range(of: #"<error message="[^"]*down[^"]*">"#, options: .regularExpression) != nil, "the cell without an answer is an <error>: \(junit)")
        #expect(junit.contains("<failure"), "the unsupported check is a <failure>")
        #expect(result.out.contains("FAIL [1] q=fine: the assertion type javascript is not supported by troupe"), "\(result.out)")
        #expect(result.out.contains("ERROR [1] q=broken: "), "\(result.out)")
        #expect(result.out.contains("ERROR"), "\(result.out)")
        #expect(result.out.contains("0 passed, 1 failed, 1 errors"), "\(result.out)")
    }

    @Test("--batch runs the suite through the Batch API with progress lines; every cell is logged in the log of HOME, --no-log writes none")
    func batchAndLog() async throws {
        let server = try await TestServer.start()
        let directory = try TroupeBinary.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try """
            description: batched
            prompts: ['Say {{word}}']
            providers: [openai:gpt-4o-mini]
            tests:
              - vars: {word: [one, two, three]}
                assert: [{type: icontains, value: '{{word}}'}, {type: cost, threshold: 0.01}]
            """.write(toFile: directory + "/promptfooconfig.yaml", atomically: true, encoding: .utf8)
        let result = try await TroupeBinary.run(
            ["eval", "--base-url", server.baseURL, "--batch", "--batch-interval", "0.05", "-o", "out.json"], in: directory, environment: environment)
        #expect(result.status == 0, "\(result.out)\n\(result.err)")
        #expect(!server.requests.contains { $0.path.hasSuffix("/chat/completions") })
        #expect(server.requests.filter { $0.path == "/v1/batches" }.count == 1)
        #expect(result.err.contains("troupe: batch batch-2 for openai:gpt-4o-mini: in progress (1/3 requests)"), "\(result.err)")
        #expect(result.err.contains("troupe: batch batch-2 for openai:gpt-4o-mini: completed (3/3 requests)"), "\(result.err)")
        #expect(result.out.contains("3 passed, 0 failed, 0 errors (3 cells, 0 cached) in "), "\(result.out)")
        #expect(result.out.contains(" spent"), "\(result.out)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/out.json"))) as? [String: Any])
        let results = try #require(json["results"] as? [[String: Any]])
        #expect(results.allSatisfy { $0["batched"] as? Bool == true && ($0["cost"] as? Double ?? 0) > 0 })

        let list = try await TroupeBinary.run(["log", "--json"], in: directory, environment: environment)
        #expect(list.status == 0, "\(list.err)")
        let logged = try #require((try? JSONSerialization.jsonObject(with: Data(list.out.utf8))) as? [[String: Any]], "\(list.out)")
        #expect(logged.count == 1)
        #expect(logged.first?["kind"] as? String == "eval")
        #expect(logged.first?["turns"] as? Int == 3, "one turn per cell")
        #expect(logged.first?["model"] as? String == "gpt-4o-mini")
        let logFile = directory + "/.local/share/troupe/logs.db"
        let sizeBefore = (try FileManager.default.attributesOfItem(atPath: logFile)[.size] as? Int) ?? 0
        #expect(sizeBefore > 0)

        let unlogged = try await TroupeBinary.run(
            ["eval", "--base-url", server.baseURL, "--no-cache", "--no-log"], in: directory, environment: environment)
        try await server.shutdown()
        #expect(unlogged.status == 0, "\(unlogged.out)\n\(unlogged.err)")
        let again = try await TroupeBinary.run(["log", "--json"], in: directory, environment: environment)
        let conversations = (try? JSONSerialization.jsonObject(with: Data(again.out.utf8))) as? [[String: Any]]
        #expect(conversations?.count == 1, "the --no-log run added nothing: \(again.out)")
    }
}
