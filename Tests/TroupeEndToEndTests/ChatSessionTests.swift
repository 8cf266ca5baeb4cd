import Foundation
import Testing
import TroupeTestSupport

/// `troupe chat --session NAME` with piped input: the built binary against the local test server.
@Suite("troupe chat --session (built binary)")
struct ChatSessionTests {
    @Test("starts from a saved session, continues it and saves back to it")
    func resume() async throws {
        let directory = URL(fileURLWithPath: try TroupeBinary.scratchDirectory())
        defer { try? FileManager.default.removeItem(at: directory) }
        let sessions = directory.appendingPathComponent("home/.local/share/troupe/sessions")
        try FileManager.default.createDirectory(at: sessions, withIntermediateDirectories: true)
        try ReplayCommandTests.writeSession(["alpha"], to: sessions.appendingPathComponent("demo.json"))
        let server = try await TestServer.start()
        defer { Task { try await server.shutdown() } }

        let run = try await ReplayCommandTests.troupe(
            ["chat", "--session", "demo", "--base-url", server.baseURL], in: directory, input: "beta\n/save\n")
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout.contains("Echo: beta"))

        // The request carried the saved conversation and the saved temperature.
        let body = try #require(server.requests.last?.json())
        let contents = (body["messages"] as? [[String: Any]])?.compactMap { $0["content"] as? String }
        #expect(contents == ["Be brief.", "alpha", "Echo: alpha", "beta"])
        #expect(body["temperature"] as? Double == 0.2)

        let saved = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: sessions.appendingPathComponent("demo.json"))) as? [String: Any])
        let turns = try #require(saved["turns"] as? [[String: Any]])
        #expect(turns.count == 2)
        #expect(turns.last?["reply"] as? String == "Echo: beta")
        let bytes = try Data(contentsOf: sessions.appendingPathComponent("demo.json"))
        #expect(bytes.range(of: Data(ReplayCommandTests.key.utf8)) == nil)

        let missing = try await ReplayCommandTests.troupe(["chat", "--session", "dmeo", "--base-url", server.baseURL], in: directory, input: "")
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("Did you mean: demo?"))
    }
}
