import Foundation
import Testing
import TroupeCore
import TroupeTestSupport

@Suite("Cancellation")
struct CancellationTests {
    /// Waits (bounded) until `condition` holds.
    private func eventually(_ timeout: Duration = .seconds(2), _ condition: () -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return condition()
    }

    @Test func cancellingTheConsumerClosesTheStreamPromptly() async throws {
        try await withServer { server in
            server.enqueue(.stream(chunks: Array(repeating: "tick ", count: 50), delay: .milliseconds(100)))
            let client = try openAIClient(server)
            let firstDelta = AsyncStream<Void>.makeStream()
            let consumer = Task {
                var count = 0
                for try await event in client.stream(hello, parameters: gpt) {
                    if case .delta = event {
                        count += 1
                        firstDelta.continuation.yield()
                    }
                }
                return count
            }
            var iterator = firstDelta.stream.makeAsyncIterator()
            await iterator.next()
            let cancelled = ContinuousClock.now
            consumer.cancel()
            let result = await consumer.result
            #expect(ContinuousClock.now - cancelled < .milliseconds(500))
            if case .success(let count) = result { #expect(count < 50) }
            // The HTTP request is cancelled: the server sees its connection close.
            #expect(try await eventually { server.closedConnections >= 1 })
            #expect(server.requests.count == 1)
        }
    }

    @Test func cancellingACompleteCallStopsWaiting() async throws {
        try await withServer { server in
            server.enqueue(.slow(.seconds(5), then: .chat(content: "too late")))
            let client = try openAIClient(server)
            let call = Task { try await client.complete(hello, parameters: gpt) }
            try await Task.sleep(for: .milliseconds(150))
            let cancelled = ContinuousClock.now
            call.cancel()
            let result = await call.result
            #expect(ContinuousClock.now - cancelled < .milliseconds(500))
            guard case .failure(let error) = result else {
                Issue.record("expected the call to fail")
                return
            }
            #expect(error is CancellationError)
            #expect(try await eventually { server.closedConnections >= 1 })
            #expect(server.requests.count == 1)
        }
    }

    @Test func cancellingDuringARetryWaitStops() async throws {
        try await withServer { server in
            server.enqueue(.error(status: 503, message: "busy", headers: ["retry-after": "60"]))
            // Real sleeping this time: the wait is 60 s, cancellation must cut it short.
            let configuration = ClientConfiguration.openAI(apiKey: nil, baseURL: server.baseURL, retryPolicy: testPolicy())
            let client = try OpenAIClient(configuration: configuration)
            let call = Task { try await client.complete(hello, parameters: gpt) }
            #expect(try await eventually { server.requests.count == 1 })
            try await Task.sleep(for: .milliseconds(50))
            let cancelled = ContinuousClock.now
            call.cancel()
            let result = await call.result
            #expect(ContinuousClock.now - cancelled < .milliseconds(500))
            if case .success = result { Issue.record("expected cancellation") }
            #expect(server.requests.count == 1)
        }
    }
}
