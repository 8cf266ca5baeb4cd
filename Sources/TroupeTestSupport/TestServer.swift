import Foundation
import Synchronization
import NIOCore
import NIOHTTP1
import NIOPosix

/// An OpenAI/Azure-compatible HTTP/1.1 server on 127.0.0.1 for tests and benchmarks.
///
/// Answers are scripted per request with ``enqueue(_:)`` (first in, first out); a request with
/// nothing queued gets the deterministic default answer (see ``TestServer/Defaults``). Every
/// request is recorded in ``requests``.
///
/// ```swift
/// let server = try await TestServer.start()
/// server.enqueue(.error(status: 429, message: "slow down", headers: ["retry-after-ms": "10"]))
/// // ... point a client at server.baseURL ...
/// try await server.shutdown()
/// ```
public final class TestServer: Sendable {
    /// What an unscripted request gets.
    public struct Defaults: Sendable {
        /// Chunks per streamed answer; nil means one chunk per word of the reply.
        public var streamChunks: Int?
        /// Wait before each streamed chunk.
        public var chunkDelay: Duration
        /// How many polls of a batch answer `in_progress` before it is `completed`.
        public var batchPollsBeforeDone: Int

        public init(streamChunks: Int? = nil, chunkDelay: Duration = .zero, batchPollsBeforeDone: Int = 1) {
            self.streamChunks = streamChunks
            self.chunkDelay = chunkDelay
            self.batchPollsBeforeDone = batchPollsBeforeDone
        }
    }

    private let channel: any Channel
    let state: TestServerState

    /// The port the server listens on.
    public let port: Int

    /// OpenAI-style base URL: `http://127.0.0.1:<port>/v1`.
    public var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    /// Azure-style endpoint: `http://127.0.0.1:<port>`.
    public var endpoint: String { "http://127.0.0.1:\(port)" }

    private init(channel: any Channel, state: TestServerState, port: Int) {
        self.channel = channel
        self.state = state
        self.port = port
    }

    /// Starts a server on 127.0.0.1.
    /// - Parameters:
    ///   - port: 0 (the default) picks a free port.
    ///   - defaults: how unscripted requests are answered.
    public static func start(port: Int = 0, defaults: Defaults = Defaults()) async throws -> TestServer {
        let state = TestServerState(defaults: defaults)
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(TestServerHandler(state: state))
                }
            }
        let channel = try await bootstrap.bind(host: "127.0.0.1", port: port).get()
        guard let boundPort = channel.localAddress?.port else {
            try? await channel.close()
            throw TestServerError.noPort
        }
        return TestServer(channel: channel, state: state, port: boundPort)
    }

    /// Queues answers for the next requests, in order.
    public func enqueue(_ responses: TestResponse...) {
        state.enqueue(responses)
    }

    /// Answers requests by their content: `responder` is asked first for every request, and
    /// the queue and the defaults serve the requests it returns nil for (concurrent requests
    /// then get answers by what they ask, not by arrival order). Nil removes it.
    public func respond(_ responder: (@Sendable (RecordedRequest) -> TestResponse?)?) {
        state.setResponder(responder)
    }

    /// Every request received so far, oldest first.
    public var requests: [RecordedRequest] { state.recorded }

    /// The most recent request, or nil.
    public var lastRequest: RecordedRequest? { state.recorded.last }

    /// How many queued answers are still unused.
    public var pendingResponses: Int { state.pendingCount }

    /// Connections accepted so far.
    public var openedConnections: Int { state.connectionCounts.opened }

    /// Connections closed so far (by either side).
    public var closedConnections: Int { state.connectionCounts.closed }

    /// Forgets recorded requests and queued answers.
    public func reset() { state.reset() }

    /// Stops listening. Connections already open are closed by the client or at exit.
    public func shutdown() async throws {
        try await channel.close()
    }
}

/// Errors starting the test server.
public enum TestServerError: Error, CustomStringConvertible {
    case noPort

    public var description: String { "the test server could not read its bound port" }
}

/// The shared mutable state of one server (touched from NIO threads and tests).
final class TestServerState: Sendable {
    private struct State {
        var queue: [TestResponse] = []
        var queueStart = 0
        var requests: [RecordedRequest] = []
        var opened = 0
        var closed = 0
    }

    private let state = Mutex(State())
    private let responder = Mutex<(@Sendable (RecordedRequest) -> TestResponse?)?>(nil)
    let defaults: TestServer.Defaults
    /// The Batch API's files and batches.
    let batches: TestBatchState

    init(defaults: TestServer.Defaults) {
        self.defaults = defaults
        self.batches = TestBatchState(pollsBeforeDone: defaults.batchPollsBeforeDone)
    }

    func enqueue(_ responses: [TestResponse]) {
        state.withLock { $0.queue += responses }
    }

    func setResponder(_ handler: (@Sendable (RecordedRequest) -> TestResponse?)?) {
        responder.withLock { $0 = handler }
    }

    /// Records `request` and returns the scripted answer for it, if any.
    func receive(_ request: RecordedRequest) -> TestResponse? {
        if let handler = responder.withLock({ $0 }), let answer = handler(request) {
            state.withLock { $0.requests.append(request) }
            return answer
        }
        return state.withLock { state in
            state.requests.append(request)
            guard state.queueStart < state.queue.count else { return nil }
            defer { state.queueStart += 1 }
            return state.queue[state.queueStart]
        }
    }

    var recorded: [RecordedRequest] { state.withLock { $0.requests } }

    func connectionOpened() { state.withLock { $0.opened += 1 } }

    func connectionClosed() { state.withLock { $0.closed += 1 } }

    var connectionCounts: (opened: Int, closed: Int) { state.withLock { ($0.opened, $0.closed) } }

    var pendingCount: Int { state.withLock { $0.queue.count - $0.queueStart } }

    func reset() {
        state.withLock { state in
            state.queue = []
            state.queueStart = 0
            state.requests = []
        }
    }
}
