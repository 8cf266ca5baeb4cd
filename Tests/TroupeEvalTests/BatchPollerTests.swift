import Testing
import TroupeCore
import TroupeTestSupport
@testable import TroupeEval

@Suite("Batch polling decisions")
struct BatchPollerTests {
    @Test("waits with a doubling interval until completed, then downloads; failed batches give up with the reason")
    func decisions() {
        var poller = BatchPoller(interval: .seconds(1), maximumInterval: .seconds(3))
        #expect(poller.receive(.init(status: "validating")) == .wait(.seconds(1)))
        #expect(poller.receive(.init(status: "in_progress")) == .wait(.seconds(2)))
        #expect(poller.receive(.init(status: "finalizing")) == .wait(.seconds(3)))
        #expect(poller.receive(.init(status: "in_progress")) == .wait(.seconds(3)), "capped")
        #expect(poller.receive(.init(status: "completed", outputFile: "file-1")) == .download(output: "file-1", errors: nil))
        #expect(poller.polls == 5)
        var failing = BatchPoller(interval: .seconds(1))
        #expect(failing.receive(.init(status: "failed", errors: "bad line 3")) == .fail("the batch failed: bad line 3"))
        #expect(failing.receive(.init(status: "completed")) == .fail("the batch completed without an output file"))
    }
}

/// The Batch API client against the test server's /v1/files and /v1/batches (real HTTP).
@Suite("Batch API client against the test server")
struct BatchClientTests {
    @Test("upload, create, poll until completed, download the answers")
    func roundTrip() async throws {
        let server = try await TestServer.start()
        defer { Task { try? await server.shutdown() } }
        var config = TroupeConfig()
        try config.set(.baseURL, to: server.baseURL, source: .flag)
        config.credentials.openAIKey = Secret("sk-batch")
        let client = try OpenAIBatchClient(config: config)
        let line = #"{"custom_id": "cell-0", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "m", "messages": [{"role": "user", "content": "hi"}]}}"#
        let file = try await client.upload(Array((line + "\n").utf8))
        let batch = try await client.create(inputFile: file)
        var poller = BatchPoller(interval: .milliseconds(1))
        var action = poller.receive(try await client.status(batch))
        while case .wait = action { action = poller.receive(try await client.status(batch)) }
        guard case .download(let output?, _) = action else { Issue.record("\(action)"); return }
        let text = String(decoding: try await client.content(output), as: UTF8.self)
        #expect(text.contains(#""custom_id": "cell-0""#))
        #expect(text.contains("Echo: hi"))
        #expect(poller.polls == 2, "one in_progress look, then completed")
        #expect(server.requests.first?.header("authorization") == "Bearer sk-batch")
    }
}
