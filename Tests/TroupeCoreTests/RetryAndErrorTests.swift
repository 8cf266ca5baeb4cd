import Foundation
import Testing
import TroupeCore
import TroupeTestSupport

@Suite("Retries and errors against the local server")
struct RetryAndErrorTests {
    @Test func rateLimitHonoursRetryAfterMsAndResendsTheSameBytes() async throws {
        try await withServer { server in
            server.enqueue(.error(status: 429, message: "Rate limit reached", type: "requests", code: "rate_limit_exceeded", headers: ["retry-after-ms": "250"]))
            let sleeper = SleepRecorder()
            let result = try await openAIClient(server, sleeper: sleeper).complete(hello, parameters: ChatParameters(model: "gpt-4o", [.temperature: 0.1]))
            #expect(result.content == "Echo: hello there")
            #expect(sleeper.recorded == [.milliseconds(250)])
            let requests = server.requests
            #expect(requests.count == 2)
            #expect(requests[0].body == requests[1].body)
            #expect(requests[0].header("x-retry-count") == nil)
            #expect(requests[1].header("x-retry-count") == "1")
        }
    }

    @Test func retryAfterSecondsAndHTTPDate() async throws {
        try await withServer { server in
            let date = Date().addingTimeInterval(100)
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
            server.enqueue(
                .error(status: 429, message: "wait", headers: ["retry-after": "2"]),
                .error(status: 503, message: "busy", headers: ["retry-after": formatter.string(from: date)])
            )
            let sleeper = SleepRecorder()
            _ = try await openAIClient(server, sleeper: sleeper).complete(hello, parameters: gpt)
            let waits = sleeper.recorded
            #expect(waits.count == 2)
            #expect(waits.first == .seconds(2))
            // An HTTP date 100 s ahead (1 s resolution); a busy machine may take a while between
            // formatting and parsing it. The exact parse is checked in RetryPolicyTests.
            #expect(waits.last.map { $0 > .seconds(10) && $0 <= .seconds(100) } == true)
            #expect(server.requests.count == 3)
        }
    }

    @Test func retryAfterBeyond120SecondsFailsAtOnce() async throws {
        try await withServer { server in
            server.enqueue(.error(status: 429, message: "quota", headers: ["retry-after": "600"]))
            let sleeper = SleepRecorder()
            let error = await caught { _ = try await openAIClient(server, sleeper: sleeper).complete(hello, parameters: gpt) }
            guard case .rateLimited(let detail, let retryAfter) = error as? ClientError else {
                Issue.record("expected rateLimited, got \(String(describing: error))")
                return
            }
            #expect(detail.message == "quota")
            #expect(retryAfter == .seconds(600))
            #expect(String(describing: error!).contains("600 s"))
            #expect(sleeper.recorded.isEmpty)
            #expect(server.requests.count == 1)
        }
    }

    @Test func serverErrorsBackOffExponentiallyThenSucceed() async throws {
        try await withServer { server in
            server.enqueue(.error(status: 500, message: "oops"), .error(status: 502, message: "bad gateway"), .chat(content: "finally"))
            let sleeper = SleepRecorder()
            let result = try await openAIClient(server, attempts: 5, sleeper: sleeper).complete(hello, parameters: gpt)
            #expect(result.content == "finally")
            // First attempt undelayed; then 100 ms, 200 ms (initial 100 ms, factor 2, no jitter).
            #expect(sleeper.recorded == [.milliseconds(100), .milliseconds(200)])
            #expect(server.requests.count == 3)
        }
    }

    @Test func attemptsRunOutWithTheLastError() async throws {
        try await withServer { server in
            server.enqueue(.error(status: 500, message: "a"), .error(status: 500, message: "b"), .error(status: 503, message: "last one"))
            let sleeper = SleepRecorder()
            let error = await caught { _ = try await openAIClient(server, attempts: 3, sleeper: sleeper).complete(hello, parameters: gpt) }
            guard case .retriesExhausted(let attempts, .serverError(let detail)) = error as? ClientError else {
                Issue.record("expected retriesExhausted, got \(String(describing: error))")
                return
            }
            #expect(attempts == 3)
            #expect(detail.status == 503)
            #expect(detail.message == "last one")
            #expect(sleeper.recorded.count == 2)
            #expect(server.requests.count == 3)
        }
    }

    @Test func shouldRetryHeaderOverridesTheStatus() async throws {
        try await withServer { server in
            server.enqueue(.error(status: 500, message: "do not retry", headers: ["x-should-retry": "false"]))
            let noRetry = await caught { _ = try await openAIClient(server).complete(hello, parameters: gpt) }
            #expect(noRetry as? ClientError == .serverError(APIErrorDetail(status: 500, message: "do not retry")))
            #expect(server.requests.count == 1)

            server.enqueue(.error(status: 400, message: "retry me", headers: ["x-should-retry": "true"]))
            let result = try await openAIClient(server).complete(hello, parameters: gpt)
            #expect(result.content == "Echo: hello there")
            #expect(server.requests.count == 3)
        }
    }

    @Test(arguments: [400, 401, 403, 404, 422])
    func clientErrorsFailAtOnceWithTheServerMessage(status: Int) async throws {
        try await withServer { server in
            server.enqueue(.error(status: status, message: "Unsupported parameter: 'max_tokens'", type: "invalid_request_error", param: "max_tokens", code: "unsupported_parameter"))
            let sleeper = SleepRecorder()
            let error = await caught { _ = try await openAIClient(server, sleeper: sleeper).complete(hello, parameters: gpt) }
            let clientError = try #require(error as? ClientError)
            let expected = APIErrorDetail(status: status, message: "Unsupported parameter: 'max_tokens'", type: "invalid_request_error", param: "max_tokens", code: "unsupported_parameter")
            switch (status, clientError) {
            case (400, .badRequest(let detail)), (422, .badRequest(let detail)), (401, .unauthorized(let detail)),
                (403, .forbidden(let detail)), (404, .notFound(let detail)):
                #expect(detail == expected)
            default:
                Issue.record("unexpected \(clientError) for \(status)")
            }
            let text = clientError.description
            #expect(text.contains("Unsupported parameter: 'max_tokens'"))
            #expect(text.contains("param: max_tokens"))
            #expect(text.contains("code: unsupported_parameter"))
            #expect(clientError.errorDescription == text)
            #expect(server.requests.count == 1)
            #expect(sleeper.recorded.isEmpty)
        }
    }

    @Test func contentFilterRefusalFailsAtOnce() async throws {
        try await withServer { server in
            server.enqueue(.error(status: 400, message: "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.", code: "content_filter"))
            let error = await caught { _ = try await openAIClient(server).complete(hello, parameters: gpt) }
            guard case .contentFiltered(let detail) = error as? ClientError else {
                Issue.record("expected contentFiltered, got \(String(describing: error))")
                return
            }
            #expect(detail.message.contains("content management policy"))
            #expect(server.requests.count == 1)
        }
    }

    @Test func nonJSONErrorBodyIsShownAsText() async throws {
        try await withServer { server in
            server.enqueue(.json(status: 502, body: "<html>Bad Gateway</html>"))
            let error = await caught { _ = try await openAIClient(server, attempts: 1).complete(hello, parameters: gpt) }
            #expect(error as? ClientError == .serverError(APIErrorDetail(status: 502, message: "<html>Bad Gateway</html>")))
        }
    }

    @Test func slowServerTimesOutAndIsRetried() async throws {
        try await withServer { server in
            server.enqueue(.slow(.seconds(30), then: .chat(content: "late")), .slow(.seconds(30), then: .chat(content: "late")))
            // Each answer would come after 30 s: a timeout error (not "late") shows both timed out.
            let error = await caught {
                // 1 s, not less: on a busy machine a shorter attempt can time out before its
                // request reaches the server, which then counts one request.
                _ = try await openAIClient(server, attempts: 2, timeout: .seconds(1)).complete(hello, parameters: gpt)
            }
            guard case .retriesExhausted(2, .timeout(let seconds)) = error as? ClientError else {
                Issue.record("expected retriesExhausted(timeout), got \(String(describing: error))")
                return
            }
            #expect(abs(seconds - 1) < 0.001)
            #expect(server.requests.count == 2)
        }
    }

    @Test func perRequestTimeoutOverridesTheDefault() async throws {
        try await withServer { server in
            server.enqueue(.slow(.milliseconds(600), then: .chat(content: "in time")))
            // Default 300 ms would time out; the call allows 60 s.
            let result = try await openAIClient(server, attempts: 1, timeout: .milliseconds(300))
                .complete(hello, parameters: ChatParameters(model: "m", [.timeout: 60]))
            #expect(result.content == "in time")
        }
    }

    /// A connection closed before any byte of the answer (what a kept-alive connection the
    /// server closed while idle looks like) is sent again at once, silently: no wait, no attempt.
    @Test func aConnectionClosedBeforeTheAnswerIsResentAtOnce() async throws {
        try await withServer { server in
            server.enqueue(.drop)
            let sleeper = SleepRecorder()
            let log = EventLog()
            let result = try await openAIClient(server, attempts: 1, sleeper: sleeper)
                .send(request(hello, gpt), stream: false, onEvent: log.handler)
            #expect(result.content == "Echo: hello there")
            #expect(server.requests.count == 2)
            #expect(sleeper.recorded.isEmpty)
            #expect(log.all.isEmpty, "silently")
            #expect(server.requests[0].body == server.requests[1].body)
        }
    }

    @Test func droppedConnectionEveryTimeIsConnectionLost() async throws {
        try await withServer { server in
            // The first drop is resent at once; the second is an ordinary failed attempt.
            server.enqueue(.drop, .drop, .drop)
            let error = await caught { _ = try await openAIClient(server, attempts: 2).complete(hello, parameters: gpt) }
            guard case .retriesExhausted(2, .connectionLost) = error as? ClientError else {
                Issue.record("expected retriesExhausted(connectionLost), got \(String(describing: error))")
                return
            }
        }
    }

    @Test func malformedJSONIsReportedNotRetried() async throws {
        try await withServer { server in
            server.enqueue(.malformed)
            let error = await caught { _ = try await openAIClient(server).complete(hello, parameters: gpt) }
            guard case .malformedResponse = error as? ClientError else {
                Issue.record("expected malformedResponse, got \(String(describing: error))")
                return
            }
            #expect(server.requests.count == 1)
        }
    }

    @Test func noServerListeningIsConnectionFailed() async throws {
        let server = try await TestServer.start()
        let port = server.port
        try await server.shutdown()
        var configuration = ClientConfiguration.openAI(apiKey: testKey, baseURL: "http://127.0.0.1:\(port)/v1", retryPolicy: testPolicy(attempts: 2))
        let sleeper = SleepRecorder()
        configuration.sleep = { try await sleeper.sleep($0) }
        let log = EventLog()
        let error = await caught {
            _ = try await OpenAIClient(configuration: configuration).send(request(hello, gpt), stream: false, onEvent: log.handler)
        }
        // A refused connection is retried twice, quickly, whatever MAX_ATTEMPTS says.
        #expect(error as? ClientError == .connectionFailed("connection refused by 127.0.0.1:\(port)"))
        #expect(sleeper.recorded == [.milliseconds(500), .seconds(1)])
        #expect(log.retries.map(\.description) == [
            "connection refused, retrying in 500 ms, attempt 2 of 3", "connection refused, retrying in 1.0 s, attempt 3 of 3",
        ])
    }

    @Test func secretsNeverAppearInErrors() async throws {
        try await withServer { server in
            server.enqueue(
                .error(status: 401, message: "Incorrect API key provided: \(testKey). You can find your API key at https://platform.openai.com.", code: "invalid_api_key"),
                .streamThenError(chunks: [], message: "bad key \(testKey)"),
                .json(status: 500, body: "crash while handling key=\(testKey)")
            )
            let client = try openAIClient(server, attempts: 1)
            let unauthorized = await caught { _ = try await client.complete(hello, parameters: gpt) }
            let streamed = await caught { _ = try await client.streamed(hello, parameters: gpt) }
            let crashed = await caught { _ = try await client.complete(hello, parameters: gpt) }
            for error in [unauthorized, streamed, crashed] {
                let error = try #require(error)
                #expect(!String(describing: error).contains(testKey))
                #expect(!error.localizedDescription.contains(testKey))
                #expect(!String(reflecting: error).contains(testKey))
            }
            #expect(String(describing: unauthorized!).contains("Incorrect API key provided: ***"))
            #expect(!"\(client.configuration.credential)".contains(testKey))
        }
    }
}
