import Foundation
import Testing
import TroupeTestSupport

/// `troupe replay` run as a process: the built binary against the local test server.
@Suite("troupe replay (built binary)")
struct ReplayCommandTests {
    static let key = "sk-e2e-SECRET-5e7d9c1b3a"

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs troupe with HOME in `directory/home` and a key in the environment.
    static func troupe(_ arguments: [String], in directory: URL, input: String? = nil) async throws -> Run {
        let result = try await TroupeBinary.run(arguments, in: directory.path, environment: [
            "HOME": directory.appendingPathComponent("home").path,
            "OPENAI_API_KEY": key,
            "COLUMNS": "100",
        ], input: input)
        return Run(status: result.status, stdout: result.out, stderr: result.err)
    }

    /// A session file as troupe writes it, with replies equal to the server's default echo.
    static func writeSession(_ prompts: [String], to url: URL) throws {
        let parameters: [String: Any] = ["model": "gpt-4o-mini", "temperature": 0.2, "dedent": false]
        var messages: [[String: Any]] = [["role": "system", "content": "Be brief."]]
        var turns: [[String: Any]] = []
        for prompt in prompts {
            turns.append([
                "user": ["role": "user", "content": prompt], "messageIndex": messages.count, "apiType": "openai",
                "parameters": parameters, "reply": "Echo: \(prompt)", "fromCache": false,
                "latency": ["totalSeconds": 0.25, "firstTokenSeconds": 0.1],
                "usage": ["promptTokens": 10, "completionTokens": 3, "totalTokens": 13],
            ])
            messages += [["role": "user", "content": prompt], ["role": "assistant", "content": "Echo: \(prompt)"]]
        }
        let session: [String: Any] = [
            "formatVersion": 1, "created": "2026-01-01T00:00:00.000Z", "updated": "2026-01-01T00:00:00.000Z",
            "settings": ["apiType": "openai", "parameters": parameters], "messages": messages, "turns": turns,
        ]
        try JSONSerialization.data(withJSONObject: session, options: [.prettyPrinted, .sortedKeys]).write(to: url)
    }

    private func withSetup(_ body: (TestServer, URL) async throws -> Void) async throws {
        _ = try TroupeBinary.troupe()
        let directory = URL(fileURLWithPath: try TroupeBinary.scratchDirectory())
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("home"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try await TestServer.start()
        do {
            try await body(server, directory)
            try await server.shutdown()
        } catch {
            try? await server.shutdown()
            throw error
        }
    }

    /// `--branch` replays another branch of a format-2 session; by default the one in use.
    @Test("--branch replays the branch it names")
    func branch() async throws {
        try await withSetup { server, directory in
            let url = directory.appendingPathComponent("b.json")
            try Self.writeSession(["alpha", "beta"], to: url)
            var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
            let messages = try #require(object["messages"] as? [[String: Any]])
            let turns = try #require(object["turns"] as? [[String: Any]])
            var side = turns[0]
            side["user"] = ["role": "user", "content": "gamma"]
            side["reply"] = "Echo: gamma"
            object["formatVersion"] = 2
            object["branch"] = "main"
            object["branches"] = [
                ["name": "main", "messages": messages, "turns": turns],
                ["name": "side", "messages": Array(messages.prefix(1)) + [["role": "user", "content": "gamma"], ["role": "assistant", "content": "Echo: gamma"]],
                 "turns": [side], "origin": ["branch": "main", "sharedMessages": 1]],
            ]
            try JSONSerialization.data(withJSONObject: object).write(to: url)
            let main = try await Self.troupe(["replay", "b.json", "--base-url", server.baseURL, "--no-cache"], in: directory)
            #expect(main.status == 0, "\(main.stderr)")
            #expect(main.stdout.contains("2 turns: 0 changed"))
            let other = try await Self.troupe(["replay", "b.json", "--branch", "side", "--base-url", server.baseURL, "--no-cache"], in: directory)
            #expect(other.status == 0, "\(other.stderr)")
            #expect(other.stdout.contains("> gamma") && other.stdout.contains("1 turn"), "\(other.stdout)")
            let missing = try await Self.troupe(["replay", "b.json", "--branch", "nope", "--base-url", server.baseURL], in: directory)
            #expect(missing.status != 0 && missing.stderr.contains("no branch “nope”"), "\(missing.stderr)")
        }
    }

    @Test("an unchanged replay exits 0 and shows each turn and the summary")
    func unchanged() async throws {
        try await withSetup { server, directory in
            try Self.writeSession(["alpha", "beta"], to: directory.appendingPathComponent("s.json"))
            let run = try await Self.troupe(["replay", "s.json", "--base-url", server.baseURL, "--no-cache", "--fail-on-change"], in: directory)
            #expect(run.status == 0, "stderr: \(run.stderr)")
            #expect(run.stdout.hasPrefix("Replaying s.json: openai/gpt-4o-mini → openai/gpt-4o-mini\n"))
            #expect(run.stdout.contains("── Turn 1 · unchanged"))
            #expect(run.stdout.contains("── Turn 2 · unchanged"))
            #expect(run.stdout.contains("2 turns: 0 changed, 2 unchanged; 2 requests, 0 from cache"))
            #expect(server.requests.count == 2)
        }
    }

    @Test("a changed reply: exit 0 without --fail-on-change, 1 with it; side by side shows both")
    func changedExitCodes() async throws {
        try await withSetup { server, directory in
            try Self.writeSession(["alpha", "beta"], to: directory.appendingPathComponent("s.json"))
            server.enqueue(.stream(chunks: ["Something", " else"]))
            let plain = try await Self.troupe(["replay", "s.json", "--base-url", server.baseURL, "--no-cache"], in: directory)
            #expect(plain.status == 0, "stderr: \(plain.stderr)")
            #expect(plain.stdout.contains("── Turn 1 · changed"))
            let row = plain.stdout.split(separator: "\n").first { $0.contains("Echo:") && $0.contains("│") }
            #expect(row?.contains("Something else") == true, "stdout: \(plain.stdout)")

            server.enqueue(.stream(chunks: ["Something", " else"]))
            let strict = try await Self.troupe(["replay", "s.json", "--base-url", server.baseURL, "--no-cache", "--fail-on-change", "--word-diff"], in: directory)
            #expect(strict.status == 1)
            #expect(strict.stdout.contains("[-Echo: alpha-] {+Something else+}"))
            #expect(strict.stdout.contains("1 changed"))
        }
    }

    @Test("--json writes the report; --save writes the replay as a private session with no key in it")
    func jsonAndSave() async throws {
        try await withSetup { server, directory in
            try Self.writeSession(["alpha", "beta"], to: directory.appendingPathComponent("s.json"))
            server.enqueue(.stream(chunks: ["new"]))
            let run = try await Self.troupe(
                ["replay", "s.json", "--base-url", server.baseURL, "--no-cache", "--json", "--model", "gpt-4.1", "--set", "temperature=0.9", "--save", "replayed"],
                in: directory)
            #expect(run.status == 0, "stderr: \(run.stderr)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            let summary = try #require(report["summary"] as? [String: Any])
            #expect(summary["changed"] as? Int == 1)
            #expect(summary["turns"] as? Int == 2)
            #expect(report["overrides"] as? [String] == ["model=gpt-4.1", "temperature=0.9"])
            #expect((report["replay"] as? [String: Any])?["model"] as? String == "gpt-4.1")

            let saved = directory.appendingPathComponent("home/.local/share/troupe/sessions/replayed.json")
            let attributes = try FileManager.default.attributesOfItem(atPath: saved.path)
            #expect((attributes[.posixPermissions] as? Int).map { $0 & 0o777 } == 0o600)
            let bytes = try Data(contentsOf: saved)
            #expect(bytes.range(of: Data(Self.key.utf8)) == nil)
            #expect(bytes.range(of: Data("sk-e2e".utf8)) == nil)
            #expect(String(decoding: bytes, as: UTF8.self).contains("\"model\" : \"gpt-4.1\""))
            #expect(run.stderr.contains("Saved the replay as"))

            // The saved replay replays by name with its own settings; same answers, no change.
            server.enqueue(.stream(chunks: ["new"]))
            let again = try await Self.troupe(["replay", "replayed", "--base-url", server.baseURL, "--no-cache", "--fail-on-change"], in: directory)
            #expect(again.status == 0, "stderr: \(again.stderr)")
            #expect(server.requests.last?.json()?["model"] as? String == "gpt-4.1")
            #expect(server.requests.last?.json()?["temperature"] as? Double == 0.9)
        }
    }

    @Test("a missing, truncated or newer session exits 2 with a message and sends nothing")
    func errors() async throws {
        try await withSetup { server, directory in
            try Self.writeSession(["alpha"], to: directory.appendingPathComponent("home/.local/share/troupe/sessions/demo.json").creatingParent())
            let missing = try await Self.troupe(["replay", "dmeo", "--base-url", server.baseURL], in: directory)
            #expect(missing.status == 2)
            #expect(missing.stderr.contains("No session “dmeo”"))
            #expect(missing.stderr.contains("Did you mean: demo?"))

            let full = try Data(contentsOf: directory.appendingPathComponent("home/.local/share/troupe/sessions/demo.json"))
            try full.prefix(full.count / 2).write(to: directory.appendingPathComponent("cut.json"))
            let cut = try await Self.troupe(["replay", "cut.json", "--base-url", server.baseURL], in: directory)
            #expect(cut.status == 2)
            #expect(cut.stderr.contains("is truncated"))

            try Data(#"{"formatVersion": 5}"#.utf8).write(to: directory.appendingPathComponent("future.json"))
            let future = try await Self.troupe(["replay", "future.json", "--base-url", server.baseURL], in: directory)
            #expect(future.status == 2)
            #expect(future.stderr.contains("format version 5"))

            let badSet = try await Self.troupe(["replay", "demo", "--base-url", server.baseURL, "--set", "temperature=9"], in: directory)
            #expect(badSet.status == 2)
            #expect(badSet.stderr.contains("TEMPERATURE"))
            #expect(server.requests.isEmpty)
        }
    }
}

extension URL {
    /// Creates the parent directory and returns the URL.
    fileprivate func creatingParent() throws -> URL {
        try FileManager.default.createDirectory(at: deletingLastPathComponent(), withIntermediateDirectories: true)
        return self
    }
}
