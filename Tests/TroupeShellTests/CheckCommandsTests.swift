import Foundation
import Testing
import TroupeCore
import TroupeEval
import TroupeTestSupport
@testable import TroupeShell

/// `/expect`, `/compare`, `/pick`, `/eval` and `/watch` against the local test server.
@Suite("Shell: checks and comparisons")
struct CheckCommandsTests {
    @Test("/expect checks every later reply, lists its checks and clears them")
    func expect() async throws {
        let shell = try await ShellHarness.start()
        defer { Task { try await shell.shutdown() } }
        let added = await shell.output(of: "/expect contains: hello", #"/expect "starts-with: Nope" "not-icontains: SORRY""#)
        let reply = await shell.output(of: "hello there")
        #expect(added.contains("3 check(s): contains: hello; starts-with: Nope; not-icontains: SORRY"), "\(added)")
        #expect(reply.contains("✓ contains: hello — the output contains \"hello\""), "\(reply)")
        #expect(reply.contains("✗ starts-with: Nope — the output does not start with \"Nope\""), "\(reply)")
        #expect(reply.contains("✓ not-icontains: SORRY"), "\(reply)")
        let listing = await shell.output(of: "/expect")
        #expect(listing.contains("1. contains: hello\n2. starts-with: Nope\n3. not-icontains: SORRY"), "\(listing)")
        _ = await shell.output(of: "/expect --clear")
        let plain = await shell.output(of: "again")
        #expect(!plain.contains("✓") && !plain.contains("✗"), "\(plain)")
        let unsupported = await shell.output(of: "/expect javascript: output.length")
        #expect(unsupported.contains("not supported"), "\(unsupported)")
    }

    @Test("/expect cost(…) prices each reply from the model catalog")
    func expectCost() async throws {
        let shell = try await ShellHarness.start()
        defer { Task { try await shell.shutdown() } }
        _ = await shell.output(of: "/set model gpt-4o-mini", "/expect cost(0.001)", "/expect not-cost(0.000001)")
        let reply = await shell.output(of: "hello there")
        // 10 prompt and 3 completion tokens at $0.15 and $0.60 per million: $0.0000033.
        #expect(reply.contains("✓ cost(0.001) — the answer cost $0.0000033, within $0.001"), "\(reply)")
        #expect(reply.contains("✓ not-cost(0.000001) — the answer cost $0.0000033, over $0.000001"), "\(reply)")
    }

    @Test("checks are saved with the session (and each turn's results) and come back when it is loaded")
    func checksInSessions() async throws {
        let shell = try await ShellHarness.start()
        defer { Task { try await shell.shutdown() } }
        await shell.type("/expect contains: Echo", "/expect icontains: nope", "hi")
        let session = await shell.engine.currentSession()
        #expect(session.checks == ["contains: Echo", "icontains: nope"])
        let turnChecks = try #require(session.turns.last?.checks)
        #expect(turnChecks.map(\.passed) == [true, false])
        #expect(turnChecks[1].reason == "the output does not contain \"nope\"")
        let store = SessionStore()
        let path = shell.directory + "/checked.json"
        try store.save(session, to: path)
        let reloaded = try store.load(path)
        #expect(reloaded.checks == session.checks)
        let other = try await ShellHarness.start()
        defer { Task { try await other.shutdown() } }
        _ = try await other.engine.restore(reloaded, reference: nil)
        #expect(await other.output(of: "/expect").contains("1. contains: Echo\n2. icontains: nope"))
    }

    @Test("/expect grade: asks GRADER_MODEL and shows its verdict")
    func gradedExpectation() async throws {
        let shell = try await ShellHarness.start { try $0.set(.graderModel, to: "judge", source: .flag) }
        defer { Task { try await shell.shutdown() } }
        shell.server.respond { request in
            request.json()?["model"] as? String == "judge" ? .chat(content: #"{"pass": false, "score": 0.2, "reason": "not polite enough"}"#) : nil
        }
        _ = await shell.output(of: "/expect grade: is polite")
        let reply = await shell.output(of: "hi")
        #expect(reply.contains("✗ llm-rubric: is polite — not polite enough"), "\(reply)")
        #expect(shell.chatRequests.filter { $0["model"] as? String == "judge" }.count == 1)
    }

    @Test("/compare sends the last message once per combination, first key slowest, side by side; /pick keeps one and branches the rest")
    func compareAndPick() async throws {
        let shell = try await ShellHarness.start()
        defer { Task { try await shell.shutdown() } }
        shell.server.respond { request in
            guard let body = request.json(), request.path.hasSuffix("/chat/completions") else { return nil }
            let temperature = (body["temperature"] as? Double).map { String($0) } ?? "-"
            return .chat(content: "from \(body["model"] as? String ?? "") at \(temperature)")
        }
        await shell.type("What is 2+2?")
        _ = await shell.output(of: "/expect contains: from")
        let shown = await shell.output(of: "/compare model=alpha,beta temperature=0,1")
        #expect(shell.chatRequests.count == 5, "one turn, then four answers")
        let order = ["[1] model=alpha temperature=0", "[2] model=alpha temperature=1", "[3] model=beta temperature=0", "[4] model=beta temperature=1"]
        var previous = shown.startIndex
        for label in order {
            let range = try #require(shown.range(of: label), "\(shown)")
            #expect(range.lowerBound >= previous, "answers are numbered in display order")
            previous = range.lowerBound
        }
        #expect(shown.contains("from beta at 1.0"), "\(shown)")
        #expect(shown.components(separatedBy: "✓ contains: from").count - 1 == 4, "every answer is checked: \(shown)")
        let requests = shell.chatRequests.suffix(4)
        #expect(requests.allSatisfy { ShellHarness.sentMessages($0).last == ["user", "What is 2+2?"] }, "the old reply is not sent")
        let picked = await shell.output(of: "/pick 3")
        #expect(picked.contains("Answer 3 is the reply"), "\(picked)")
        #expect(await shell.messages.map(\.content) == ["What is 2+2?", "from beta at 0.0"])
        let branches = await shell.engine.tree.branches
        #expect(branches.count == 5, "the first reply and the three other answers are kept: \(branches.map(\.name))")
        #expect(Set(branches.compactMap { $0.messages.last?.content }) == ["from gpt-4o-mini at 1.0", "from alpha at 0.0", "from alpha at 1.0", "from beta at 0.0", "from beta at 1.0"])
        #expect(await shell.output(of: "/pick 1").contains("Nothing to pick"))
    }

    @Test("/compare with a template variable renders the template rendered last for each value")
    func compareTemplateVariables() async throws {
        let folder = NSTemporaryDirectory() + "troupe-compare-templates-" + UUID().uuidString
        let shell = try await ShellHarness.start { config in
            try config.set(.templatesDirectories, to: folder, source: .flag)
        }
        defer {
            Task { try await shell.shutdown() }
            try? FileManager.default.removeItem(atPath: folder)
        }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "Greet {{name}} in a {{tone}} way.".write(toFile: folder + "/greet.user.mustache", atomically: true, encoding: .utf8)
        try "You greet people.".write(toFile: folder + "/greet.system.mustache", atomically: true, encoding: .utf8)
        let rendered = await shell.output(of: "/render greet.system greet.user name=Ana tone=dry")
        let shown = await shell.output(of: #"/compare tone='["warm","very formal"]'"#)
        let sent = Set(shell.chatRequests.map { ShellHarness.sentMessages($0) })
        #expect(sent == [
            [["system", "You greet people."], ["user", "Greet Ana in a warm way."]],
            [["system", "You greet people."], ["user", "Greet Ana in a very formal way."]],
        ], "\(shown)")
        #expect(shown.contains("[2] tone=very formal"), "\(rendered)\n\(shown)")
    }

    @Test("/eval runs a suite with the session's settings; /watch runs it again when a file changes")
    func evalAndWatch() async throws {
        let shell = try await ShellHarness.start()
        defer { Task { try await shell.shutdown() } }
        let suite = shell.directory + "/suite.yaml"
        try "Hello {{name}}\n".write(toFile: shell.directory + "/prompt.txt", atomically: true, encoding: .utf8)
        try """
            prompts: [file://prompt.txt]
            providers: [openai:gpt-4o-mini]
            tests:
              - vars: {name: Ana}
                assert: [{type: contains, value: Ana}]
            """.write(toFile: suite, atomically: true, encoding: .utf8)
        let ran = await shell.output(of: "/eval \(suite)")
        #expect(ran.contains("1 passed, 0 failed, 0 errors (1 cells"), "\(ran)")
        #expect(shell.server.lastRequest?.lastUserMessage == "Hello Ana")

        let engine = shell.engine
        let watching = Task { try await engine.watch(interval: .milliseconds(50)) }
        try await Task.sleep(for: .milliseconds(200))
        // An editor that saves by rename: a new file moved over the old one.
        try "Goodbye {{name}}\n".write(toFile: shell.directory + "/prompt.txt.new", atomically: true, encoding: .utf8)
        #expect(rename(shell.directory + "/prompt.txt.new", shell.directory + "/prompt.txt") == 0)
        var seen = false
        for _ in 0..<100 where !seen {
            try await Task.sleep(for: .milliseconds(50))
            seen = shell.server.lastRequest?.lastUserMessage == "Goodbye Ana"
        }
        watching.cancel()
        _ = try? await watching.value
        #expect(seen, "the edited prompt was sent again")
        #expect(shell.recorder.all.contains("Stopped watching."))
    }

    @Test("comparison plans: values split on commas or given as JSON, settings told from variables, first key slowest")
    func plans() throws {
        let plan = try ComparisonPlan(parsing: #"model=a,b temperature=0,1 tone='["x, y","z"]' n=3"#)
        #expect(plan.axes.map { $0.setting?.name } == ["MODEL", "TEMPERATURE", nil, nil])
        #expect(plan.combinations.map(\.label) == [
            "model=a temperature=0 tone=x, y n=3", "model=a temperature=0 tone=z n=3",
            "model=a temperature=1 tone=x, y n=3", "model=a temperature=1 tone=z n=3",
            "model=b temperature=0 tone=x, y n=3", "model=b temperature=0 tone=z n=3",
            "model=b temperature=1 tone=x, y n=3", "model=b temperature=1 tone=z n=3",
        ])
        #expect(plan.combinations[0].variables == ["tone": "x, y", "n": 3])
        #expect(throws: ShellCommandError.self) { try ComparisonPlan(parsing: "model") }
        #expect(throws: ShellCommandError.self) { try ComparisonPlan(parsing: "") }
    }

    @Test("answers sit side by side when the width allows, one after another when not")
    func layout() {
        let answers = (1...3).map { ComparisonAnswer(label: "model=m\($0)", messages: [], content: "answer number \($0) with some words", usage: Usage(promptTokens: 3, completionTokens: 4), seconds: 0.5, cached: $0 == 2, checks: []) }
        let wide = ComparisonLayout.lines(answers, width: 120)
        #expect(wide[0].hasPrefix("[1] model=m1"))
        #expect(wide[0].contains(" │ [2] model=m2"))
        #expect(wide.contains { $0.contains("── 3+4 tokens, 0.50 s, cached") })
        #expect(wide.allSatisfy { TerminalWidth.of($0) <= 120 })
        let narrow = ComparisonLayout.lines(answers, width: 60)
        #expect(narrow.first == "[1] model=m1")
        #expect(!narrow.contains { $0.contains("│") })
    }
}
