import Foundation
import Synchronization
import Testing
import TroupeCore
import TroupeTestSupport

@Suite("Cancellation")
struct CancellationTests {
    /// Waits (bounded) until `condition` holds.
    private func eventually(_ timeout: Duration = .seconds(60), _ condition: () -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return condition()
    }

    @Test func cancellingTheConsumerClosesTheStreamPromptly() async throws {
        try await withServer { server in
            // 300 chunks, 100 ms apart: the whole answer would take 30 s.
            server.enqueue(.stream(chunks: Array(repeating: "tick ", count: 300), delay: .milliseconds(100)))
            let client = try openAIClient(server)
            let firstDelta = AsyncStream<Void>.makeStream()
            let count = Mutex(0)
            let consumer = Task {
                _ = try await client.send(request(hello, gpt), stream: true) { event in
                    if case .delta = event {
                        count.withLock { $0 += 1 }
                        firstDelta.continuation.yield()
                    }
                }
                return count.withLock { $0 }
            }
            var iterator = firstDelta.stream.makeAsyncIterator()
            await iterator.next()
            consumer.cancel()
            // No wall-clock bound (tests share a busy concurrency pool): the proof is that the
            // stream did not run to its end (300 chunks over 30 s) and the connection closed.
            let result = await consumer.result
            if case .success(let count) = result { #expect(count < 300) }
            // The HTTP request is cancelled: the server sees its connection close.
            #expect(try await eventually { server.closedConnections >= 1 })
            #expect(server.requests.count == 1)
        }
    }

    @Test func cancellingACompleteCallStopsWaiting() async throws {
        try await withServer { server in
            server.enqueue(.slow(.seconds(30), then: .chat(content: "too late")))
            let client = try openAIClient(server)
            let call = Task { try await client.complete(hello, parameters: gpt) }
            // Cancel once the server holds the request (on a busy machine 150 ms may not be enough
            // for it to arrive, and cancelling earlier tests something else).
            #expect(try await eventually { server.requests.count == 1 })
            try await Task.sleep(for: .milliseconds(50))
            call.cancel()
            // The answer would come after 30 s; failing with CancellationError shows the wait ended.
            let result = await call.result
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
            call.cancel()
            // Without cancellation the call would wait 60 s and then succeed.
            let result = await call.result
            guard case .failure(let error) = result else {
                Issue.record("expected cancellation")
                return
            }
            #expect(error is CancellationError)
            #expect(server.requests.count == 1)
        }
    }
}
