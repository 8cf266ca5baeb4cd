import Foundation
import Testing
import TroupeTestSupport

/// `troupe send --template ...`, run as the built binary against the local test server.
@Suite("troupe send with templates (binary)")
struct SendTemplateTests {
    /// Runs `troupe send` against `server` from a scratch directory holding `templates`.
    private func send(_ arguments: [String], templates: [String: String], server: TestServer) async throws -> TroupeBinary.Result {
        let directory = try TroupeBinary.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory + "/Templates", withIntermediateDirectories: true)
        for (name, text) in templates {
            try text.write(toFile: "\(directory)/Templates/\(name)", atomically: true, encoding: .utf8)
        }
        try "[OpenAI]\nMAX_ATTEMPTS=1\nWAITING_TIME=0\nCACHE_API_CALLS=False\n".write(toFile: directory + "/t.ini", atomically: true, encoding: .utf8)
        return try await TroupeBinary.run(
            ["send", "--config", "t.ini", "--base-url", server.baseURL, "--model", "gpt-4o-mini", "--no-stream"] + arguments,
            in: directory, environment: ["OPENAI_API_KEY": "sk-e2e-key"])
    }

    private static func sentMessages(_ server: TestServer) -> [[String]] {
        let body = server.requests.last?.json() ?? [:]
        return (body["messages"] as? [[String: Any]] ?? []).map { [$0["role"] as? String ?? "", $0["content"] as? String ?? ""] }
    }

    @Test("--template with --user sends both rendered messages; a missing variable sends nothing")
    func templates() async throws {
        let server = try await TestServer.start()
        do {
            let files = ["p.mustache": "You are {{name}}, {{age}}.", "q.mustache": "Ask about {{topic.title}}."]
            server.enqueue(.chat(content: "Olá"))
            var result = try await send(["--template", "p", "--user", "q", "--var", "name=Ana", "--var", "age=34", "--var", "topic.title=rain"],
                                  templates: files, server: server)
            #expect(result.status == 0, "\(result.err)")
            #expect(result.out == "Olá\n")
            #expect(Self.sentMessages(server) == [["system", "You are Ana, 34."], ["user", "Ask about rain."]])

            result = try await send(["--template", "p", "--var", "name=Bo", "--var", "age=20", "Hello", "there"], templates: files, server: server)
            #expect(result.status == 0, "\(result.err)")
            #expect(Self.sentMessages(server) == [["system", "You are Bo, 20."], ["user", "Hello there"]])
            #expect(result.out == "Echo: Hello there\n")

            // A missing variable stops before any request.
            let count = server.requests.count
            result = try await send(["--template", "p", "Hi"], templates: files, server: server)
            #expect(result.status != 0)
            #expect(result.err.contains("- name (used at p:1:9)"), "\(result.err)")
            #expect(server.requests.count == count)

            result = try await send(["--template", "p", "--system", "x", "Hi"], templates: files, server: server)
            #expect(result.status != 0)
            #expect(result.err.contains("give one of them"))
        } catch {
            try? await server.shutdown()
            throw error
        }
        try await server.shutdown()
    }
}
