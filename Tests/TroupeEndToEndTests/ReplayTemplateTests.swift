import Foundation
import Testing
import TroupeTestSupport

/// `troupe replay` renders template turns from the current files, and checks the session's
/// checks again (built binary against the local test server).
@Suite("troupe replay: templates and checks (built binary)")
struct ReplayTemplateTests {
    /// A version-2 session with one turn sent from the template `ask`, and `checks`.
    static func writeSession(recorded: String, checks: [String], to path: String) throws {
        let parameters: [String: Any] = ["model": "gpt-4o-mini", "dedent": false]
        let turn: [String: Any] = [
            "user": ["role": "user", "content": recorded], "messageIndex": 0, "apiType": "openai",
            "parameters": parameters, "reply": "Echo: \(recorded)", "fromCache": false,
            "latency": ["totalSeconds": 0.2], "template": ["name": "ask", "variables": ["topic": "cats"]],
        ]
        let session: [String: Any] = [
            "formatVersion": 2, "created": "2026-01-01T00:00:00.000Z", "updated": "2026-01-01T00:00:00.000Z",
            "settings": ["apiType": "openai", "parameters": parameters],
            "messages": [["role": "user", "content": recorded], ["role": "assistant", "content": "Echo: \(recorded)"]],
            "turns": [turn], "checks": checks,
        ]
        try JSONSerialization.data(withJSONObject: session, options: [.sortedKeys]).write(to: URL(fileURLWithPath: path))
    }

    func run(_ arguments: [String], in directory: String) async throws -> TroupeBinary.Result {
        try await TroupeBinary.run(arguments, in: directory, environment: ["OPENAI_API_KEY": "sk-e2e", "COLUMNS": "100"])
    }

    @Test("an edited template is rendered again; --var changes a variable; --as-sent sends the recorded text")
    func rerender() async throws {
        let server = try await TestServer.start()
        let directory = try TroupeBinary.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory + "/Templates", withIntermediateDirectories: true)
        try "Tell me about {{topic}}, briefly.".write(toFile: directory + "/Templates/ask.mustache", atomically: true, encoding: .utf8)
        try Self.writeSession(recorded: "Tell me about cats.", checks: [], to: directory + "/s.json")

        let edited = try await run(["replay", directory + "/s.json", "--base-url", server.baseURL], in: directory)
        #expect(edited.status == 0, "\(edited.err)")
        #expect(server.lastRequest?.lastUserMessage == "Tell me about cats, briefly.")
        #expect(edited.out.contains("changed"), "\(edited.out)")

        _ = try await run(["replay", directory + "/s.json", "--base-url", server.baseURL, "--var", "topic=dogs"], in: directory)
        #expect(server.lastRequest?.lastUserMessage == "Tell me about dogs, briefly.")

        _ = try await run(["replay", directory + "/s.json", "--base-url", server.baseURL, "--as-sent"], in: directory)
        #expect(server.lastRequest?.lastUserMessage == "Tell me about cats.")

        try FileManager.default.removeItem(atPath: directory + "/Templates/ask.mustache")
        let missing = try await run(["replay", directory + "/s.json", "--base-url", server.baseURL], in: directory)
        try await server.shutdown()
        #expect(server.lastRequest?.lastUserMessage == "Tell me about cats.", "a template that is gone: sent as recorded")
        #expect(missing.out.contains("note: the template ask did not render"), "\(missing.out)")
    }

    @Test("the session's checks run on every new reply; a failed one makes --fail-on-change exit 1")
    func checks() async throws {
        let server = try await TestServer.start()
        let directory = try TroupeBinary.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Self.writeSession(recorded: "Tell me about cats.", checks: ["icontains: CATS", "contains: dogs"], to: directory + "/s.json")
        let failing = try await run(["replay", directory + "/s.json", "--base-url", server.baseURL, "--as-sent", "--fail-on-change"], in: directory)
        #expect(failing.status == 1, "the reply is unchanged, but a check failed: \(failing.out)\n\(failing.err)")
        #expect(failing.out.contains("✓ icontains: CATS"), "\(failing.out)")
        #expect(failing.out.contains("✗ contains: dogs — the output does not contain \"dogs\""), "\(failing.out)")
        #expect(failing.out.contains("1 failed a check"), "\(failing.out)")

        try Self.writeSession(recorded: "Tell me about cats.", checks: ["icontains: CATS"], to: directory + "/s.json")
        let passing = try await run(["replay", directory + "/s.json", "--base-url", server.baseURL, "--as-sent", "--fail-on-change"], in: directory)
        try await server.shutdown()
        #expect(passing.status == 0, "\(passing.out)\n\(passing.err)")
    }
}
