import Foundation
import Testing
import TroupeCore
import TroupeTestSupport

@Suite("Streaming against the local server")
struct StreamingTests {
    @Test func deltasArriveThenTheCompletionWithUsage() async throws {
        try await withServer { server in
            server.enqueue(.stream(chunks: ["Hel", "lo", ", world"], delay: .milliseconds(5), usage: TestUsage(promptTokens: 7, completionTokens: 3)))
            let client = try openAIClient(server)
            let (deltas, completion) = try await client.streamed(hello, parameters: gpt)
            #expect(deltas == ["Hel", "lo", ", world"])
            let result = try #require(completion)
            #expect(result.content == "Hello, world")
            #expect(result.finishReason == "stop")
            #expect(result.usage == Usage(promptTokens: 7, completionTokens: 3))
            #expect(result.model == "test-model")

            let request = try #require(server.lastRequest)
            #expect(request.header("accept") == "text/event-stream")
            let body = try #require(request.json())
            #expect(body["stream"] as? Bool == true)
            #expect((body["stream_options"] as? [String: Any])?["include_usage"] as? Bool == true)
        }
    }

    @Test func azureFilterChunkAndMissingUsageAreHandled() async throws {
        try await withServer { server in
            server.enqueue(.stream(chunks: ["ok"], usage: nil, azureFilterChunk: true, finishReason: "content_filter"))
            let (deltas, completion) = try await openAIClient(server).streamed(hello, parameters: gpt)
            #expect(deltas == ["ok"])
            #expect(completion.content == "ok")
            #expect(completion.finishReason == "content_filter")
            #expect(completion.usage == nil)
        }
    }

    @Test func linesSplitAcrossNetworkReadsWithCRLF() async throws {
        let chunk1 = #"{"choices":[{"index":0,"delta":{"content":"日本"}}]}"#
        let chunk2 = #"{"choices":[{"index":0,"delta":{"content":"語"},"finish_reason":"stop"}]}"#
        let whole = Array("data: \(chunk1)\r\n\r\n: ping\r\n\r\ndata: \(chunk2)\r\n\r\ndata: [DONE]\r\n\r\n".utf8)
        // Cut inside "data:", inside the UTF-8 of 日 (bytes 0xE6 0x97 0xA5), and between \r and \n.
        let inside日 = whole.firstIndex(of: 0xE6)! + 1
        let betweenCRLF = whole.firstIndex(of: 13)! + 1
        let cuts = [3, inside日, betweenCRLF, whole.count - 5]
        var writes: [[UInt8]] = []
        var start = 0
        for cut in cuts.sorted() {
            writes.append(Array(whole[start..<cut]))
            start = cut
        }
        writes.append(Array(whole[start...]))
        #expect(writes.count == 5)

        try await withServer { server in
            server.enqueue(.rawSSEBytes(writes: writes, delay: .milliseconds(5)))
            let (deltas, completion) = try await openAIClient(server).streamed(hello, parameters: gpt)
            #expect(deltas == ["日本", "語"])
            #expect(completion.content == "日本語")
            #expect(completion.finishReason == "stop")
        }
    }

    @Test func errorEventBeforeAnyTextFailsWithTheServerMessage() async throws {
        try await withServer { server in
            server.enqueue(.streamThenError(chunks: [], message: "The model is overloaded", code: "overloaded"))
            let error = await caught { _ = try await openAIClient(server).streamed(hello, parameters: gpt) }
            guard case .streamError(let detail) = error as? ClientError else {
                Issue.record("expected streamError, got \(String(describing: error))")
                return
            }
            #expect(detail.message == "The model is overloaded")
            #expect(detail.code == "overloaded")
            #expect(server.requests.count == 1)
        }
    }

    @Test func errorEventAfterTextIsReportedNotRetried() async throws {
        try await withServer { server in
            server.enqueue(.streamThenError(chunks: ["Part"], message: "boom"))
            let log = EventLog()
            let error = await caught {
                _ = try await openAIClient(server).send(request(hello, gpt), stream: true, onEvent: log.handler)
            }
            let deltas = log.deltas
            #expect(deltas == ["Part"])
            guard case .streamInterrupted(.streamError(let detail)) = error as? ClientError else {
                Issue.record("expected streamInterrupted(streamError), got \(String(describing: error))")
                return
            }
            #expect(detail.message == "boom")
            #expect(String(describing: error!).contains("boom"))
            #expect(server.requests.count == 1)
        }
    }

    @Test func droppedStreamAfterTextIsNotSilentlyRetried() async throws {
        try await withServer { server in
            // The connection drops 1 s after the chunks, so the client has surely shown text.
            server.enqueue(.streamThenDrop(chunks: ["Once ", "upon"], dropAfter: .seconds(1)))
            let log = EventLog()
            let error = await caught {
                _ = try await openAIClient(server).send(request(hello, gpt), stream: true, onEvent: log.handler)
            }
            let deltas = log.deltas
            // Text received just before the drop may be discarded with the connection.
            #expect(deltas.first == "Once " && ["Once ", "upon"].starts(with: deltas))
            guard case .streamInterrupted(.connectionLost) = error as? ClientError else {
                Issue.record("expected streamInterrupted(connectionLost), got \(String(describing: error))")
                return
            }
            #expect(server.requests.count == 1)
        }
    }

    @Test func droppedStreamBeforeAnyTextIsRetried() async throws {
        try await withServer { server in
            server.enqueue(.streamThenDrop(chunks: []))
            let sleeper = SleepRecorder()
            let (deltas, completion) = try await openAIClient(server, sleeper: sleeper).streamed(hello, parameters: gpt)
            #expect(deltas.joined() == "Echo: hello there")
            #expect(completion.content == "Echo: hello there")
            #expect(server.requests.count == 2)
            #expect(sleeper.recorded == [.milliseconds(100)])
            #expect(server.requests[0].body == server.requests[1].body)
        }
    }

    @Test func stalledStreamTimesOut() async throws {
        try await withServer { server in
            server.enqueue(.stream(chunks: ["a", "b"], delay: .seconds(30)))
            // The first chunk would come after 30 s: a timeout error shows the stall was cut short.
            let error = await caught {
                _ = try await openAIClient(server, attempts: 1, timeout: .milliseconds(500)).streamed(hello, parameters: gpt)
            }
            guard case .timeout = error as? ClientError else {
                Issue.record("expected timeout, got \(String(describing: error))")
                return
            }
        }
    }

    @Test func slowFirstChunkIsRetriedLikeATimeout() async throws {
        try await withServer { server in
            server.enqueue(.stream(chunks: ["x", "y"], delay: .seconds(30)))
            let sleeper = SleepRecorder()
            // 3 s without a byte is a timeout; the retry (the echo) answers well within that.
            let result = try await openAIClient(server, timeout: .seconds(3), sleeper: sleeper).streamed(hello, parameters: gpt)
            // No text arrived before the timeout: the second attempt (the unscripted echo) answers.
            #expect(result.completion.content == "Echo: hello there")
            #expect(server.requests.count == 2)
            #expect(sleeper.recorded.count == 1)
        }
    }

    /// TIMEOUT is a deadline for the whole answer: text that had arrived is kept, marked as
    /// timed out, and not retried.
    @Test func stallAfterTextKeepsWhatArrivedMarkedTimedOut() async throws {
        try await withServer { server in
            server.enqueue(.rawSSE(writes: [
                #"data: {"choices":[{"index":0,"delta":{"content":"x"}}]}"# + "\n\n",
                "data: [DONE]\n\n",
            ], delay: .seconds(30)))
            let result = try await openAIClient(server, timeout: .seconds(3)).streamed(hello, parameters: gpt)
            #expect(result.deltas == ["x"])
            #expect(result.completion.content == "x" && result.completion.timedOut)
            #expect(server.requests.count == 1)
        }
    }

    @Test func bodyEndingWithoutDoneAfterFinishIsAccepted() async throws {
        try await withServer { server in
            server.enqueue(.rawSSE(writes: [
                #"data: {"choices":[{"index":0,"delta":{"content":"fine"},"finish_reason":"stop"}]}"# + "\n\n"
            ]))
            let result = try await openAIClient(server).streamed(hello, parameters: gpt)
            #expect(result.completion.content == "fine")
        }
    }
}
