import Foundation
import Testing
import TroupeTestSupport
@testable import TroupeCore

#if canImport(Glibc)
import Glibc
#endif

/// What a hostile or broken server must not do: real sockets, a local server that refuses,
/// stalls, trickles, closes connections and answers with the wrong thing.
@Suite("Transport: a server that fails badly")
struct TransportHardeningTests {
    /// TIMEOUT is a deadline for the whole answer: a server that keeps the connection busy with
    /// a byte now and then (an idle read timeout never fires) is cut at TIMEOUT.
    @Test(.timeLimit(.minutes(1)))
    func aTricklingServerIsCutAtTheDeadline() async throws {
        try await withServer { server in
            server.enqueue(.rawSSE(writes: Array(repeating: ": still here\n", count: 200), delay: .milliseconds(300)))
            let clock = ContinuousClock()
            let start = clock.now
            let error = await caught {
                _ = try await openAIClient(server, attempts: 1, timeout: .seconds(2)).streamed(hello, parameters: gpt)
            }
            #expect(error as? ClientError == .timeout(seconds: 2))
            // The trickle would last a minute; the deadline ends it (a generous bound for a busy machine).
            #expect(clock.now - start < .seconds(30))
            #expect(server.requests.count == 1)
        }
    }

    /// A server that accepts no connection (its backlog is full): the connect times out after
    /// CONNECT_TIMEOUT and is not retried, so an unreachable server costs seconds.
    @Test(.timeLimit(.minutes(1)))
    func aConnectTimeoutIsNotRetried() async throws {
        let stall = try StalledListener()
        defer { stall.close() }
        var configuration = ClientConfiguration.openAI(
            apiKey: testKey, baseURL: "http://127.0.0.1:\(stall.port)/v1", retryPolicy: testPolicy(attempts: 5))
        configuration.connectTimeout = .milliseconds(500)
        let sleeper = SleepRecorder()
        configuration.sleep = { try await sleeper.sleep($0) }
        let error = await caught { _ = try await OpenAIClient(configuration: configuration).complete(hello, parameters: gpt) }
        #expect(error as? ClientError == .connectionFailed("no connection to 127.0.0.1:\(stall.port) within the connect timeout"))
        #expect(sleeper.recorded.isEmpty)
    }

    /// The defaults bound an unreachable server: two quick retries of a refusal (1.5 s in all)
    /// and a 10 s connect timeout, whatever MAX_ATTEMPTS says.
    @Test func theDefaultsBoundAnUnreachableServer() {
        #expect(RequestExecutor.refusedRetryWaits == [.milliseconds(500), .seconds(1)])
        #expect(TroupeConfig().connectTimeout == 10)
    }

    /// A huge Retry-After once overflowed a conversion and killed troupe. Over 120 s means
    /// "do not retry": the error comes at once, nothing crashes.
    @Test(arguments: [
        ["retry-after": "9999999999"], ["retry-after": "1e10"], ["retry-after-ms": "10000000000000"],
        ["retry-after": "Fri, 31 Dec 9999 23:59:59 GMT"], ["retry-after": "inf"], ["retry-after-ms": "1e400"],
    ])
    func aHugeRetryAfterIsAnErrorNotACrash(headers: [String: String]) async throws {
        try await withServer { server in
            server.enqueue(.error(status: 429, message: "slow down", headers: headers))
            let sleeper = SleepRecorder()
            let error = await caught { _ = try await openAIClient(server, attempts: 5, sleeper: sleeper).complete(hello, parameters: gpt) }
            guard case .rateLimited = error as? ClientError else {
                Issue.record("expected rateLimited, got \(String(describing: error))")
                return
            }
            #expect(sleeper.recorded.isEmpty)
            #expect(server.requests.count == 1)
        }
        #expect(RetryPolicy.serverDelay(retryAfterMs: nil, retryAfter: "1e10").map { $0 > .seconds(120) } == true)
        #expect(RetryPolicy().delay(beforeRetry: 1, serverDelay: .saturating(seconds: 1e300), random: 0) == nil)
    }

    /// A 200 answer that is an HTML page is reported at once, streamed or not, and not retried.
    @Test(arguments: [true, false])
    func anHTMLPageInsteadOfTheAnswerIsReportedAtOnce(streamed: Bool) async throws {
        try await withServer { server in
            server.enqueue(.body(contentType: "text/html; charset=utf-8", text: "<html><body>Sign in to the proxy</body></html>"))
            let sleeper = SleepRecorder()
            let client = try openAIClient(server, attempts: 5, sleeper: sleeper)
            let error = await caught {
                _ = try await client.send(request(hello, gpt), stream: streamed, onEvent: { _ in })
            }
            guard case .malformedResponse(let reason) = error as? ClientError else {
                Issue.record("expected malformedResponse, got \(String(describing: error))")
                return
            }
            #expect(reason.contains("text/html") && reason.contains("<html><body>Sign in"))
            #expect(server.requests.count == 1)
            #expect(sleeper.recorded.isEmpty)
        }
    }

    /// An event stream without a content type that holds no event at all is not mistaken for a
    /// cut stream either.
    @Test func aStreamWithNoEventIsReportedAtOnce() async throws {
        try await withServer { server in
            server.enqueue(.rawSSE(writes: ["<html>not an event stream</html>"]))
            let error = await caught { _ = try await openAIClient(server, attempts: 5).streamed(hello, parameters: gpt) }
            guard case .malformedResponse = error as? ClientError else {
                Issue.record("expected malformedResponse, got \(String(describing: error))")
                return
            }
            #expect(server.requests.count == 1)
        }
    }

    /// Retries are reported to the caller (the shell's status line), not logged over it.
    @Test func retriesAreReportedAsEvents() async throws {
        try await withServer { server in
            server.enqueue(.error(status: 503, message: "busy"))
            let log = EventLog()
            let result = try await openAIClient(server, attempts: 5)
                .send(request(hello, gpt), stream: true, onEvent: log.handler)
            #expect(result.content == "Echo: hello there")
            #expect(log.retries.map(\.description) == ["HTTP 503, retrying in 100 ms, attempt 2 of 5"])
        }
    }

    /// One HTTP client serves every request of the process: a second connect timeout makes a
    /// new one and the old one is shut down once idle; after `shutdown` requests fail cleanly.
    @Test func theTransportShutsDown() async throws {
        try await withServer { server in
            let transport = AsyncHTTPTransport()
            var configuration = ClientConfiguration.openAI(apiKey: testKey, baseURL: server.baseURL, retryPolicy: .none)
            configuration.transport = transport
            let first = try await OpenAIClient(configuration: configuration).complete(hello, parameters: gpt)
            configuration.connectTimeout = .seconds(3)
            let second = try await OpenAIClient(configuration: configuration).complete(hello, parameters: gpt)
            #expect(first.content == "Echo: hello there" && second.content == first.content)
            await transport.shutdown()
            let error = await caught { _ = try await OpenAIClient(configuration: configuration).complete(hello, parameters: gpt) }
            #expect(error is ClientError)
        }
    }
}

/// A TCP listener on 127.0.0.1 that never accepts, with its backlog filled, so that a new
/// connection attempt hangs until the client's connect timeout.
final class StalledListener: Sendable {
    let port: Int
    private let descriptors: [Int32]

    init() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard listener >= 0, bound == 0, listen(listener, 0) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        // Fill the accept queue: later handshakes are dropped, so connects hang.
        var fillers: [Int32] = []
        for _ in 0..<4 {
            let filler = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            _ = fcntl(filler, F_SETFL, fcntl(filler, F_GETFL) | O_NONBLOCK)
            _ = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(filler, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            fillers.append(filler)
        }
        usleep(200_000)
        descriptors = [listener] + fillers
    }

    func close() {
        for descriptor in descriptors { Glibc.close(descriptor) }
    }
}
