import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// ``HTTPTransport`` over AsyncHTTPClient (SwiftNIO): streams response bodies, pools keep-alive
/// connections, and cancels the request when the calling task is cancelled.
///
/// The process uses one `HTTPClient` (``shared``), shut down at exit with ``shutdown()``. The
/// wait for the response head is bounded on the NIO event loop (`TransportRequest.timeout`);
/// the body is bounded by the caller, which knows when the answer is complete.
public final class AsyncHTTPTransport: HTTPTransport {
    /// The transport of this process.
    public static let shared = AsyncHTTPTransport()

    /// The HTTP client, made on first use with the first request's connect timeout. A request
    /// with another connect timeout (CONNECT_TIMEOUT changed in the shell) makes a new client;
    /// the old one is shut down when its last request ends.
    private let state = Mutex(State())

    private struct State {
        var current: Generation?
        var retired: [Generation] = []
        var isShutDown = false
    }

    private final class Generation: Sendable {
        let client: HTTPClient
        let connectTimeout: Duration
        let inFlight = Atomic<Int>(0)

        init(client: HTTPClient, connectTimeout: Duration) {
            self.client = client
            self.connectTimeout = connectTimeout
        }
    }

    public init() {}

    public func send(_ request: TransportRequest) async throws -> TransportResponse {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for (name, value) in request.headers {
            outgoing.headers.add(name: name, value: value)
        }
        if !request.body.isEmpty {
            outgoing.body = .bytes(ByteBuffer(bytes: request.body))
        }
        let generation = try checkOut(connectTimeout: request.connectTimeout)
        let target = Self.target(of: request.url)
        let response: HTTPClientResponse
        do {
            let deadline = NIODeadline.now() + TimeAmount.nanoseconds(max(1_000_000, request.timeout.nanoseconds))
            response = try await generation.client.execute(outgoing, deadline: deadline)
        } catch {
            checkIn(generation)
            throw Self.mapError(error, connected: false, target: target)
        }
        // The body keeps the generation checked out until it is read to its end or dropped.
        let release = Release { [weak self] in self?.checkIn(generation) }
        return TransportResponse(
            status: Int(response.status.code),
            headers: response.headers.map { (name: $0.name, value: $0.value) },
            body: ResponseBody(ReleasingBody(base: response.body, release: release), mapError: { Self.mapError($0, connected: true, target: target) }))
    }

    /// Shuts the HTTP client down (at the end of the process); requests after it fail.
    public func shutdown() async {
        let generations = state.withLock { state -> [Generation] in
            state.isShutDown = true
            let all = (state.current.map { [$0] } ?? []) + state.retired
            state.current = nil
            state.retired = []
            return all
        }
        for generation in generations {
            try? await generation.client.shutdown()
        }
    }

    private func checkOut(connectTimeout: Duration) throws -> Generation {
        let (generation, retire) = try state.withLock { state -> (Generation, Generation?) in
            guard !state.isShutDown else { throw TransportError.connectionFailed("the HTTP client was shut down") }
            if let current = state.current, current.connectTimeout == connectTimeout {
                current.inFlight.add(1, ordering: .relaxed)
                return (current, nil)
            }
            var configuration = HTTPClient.Configuration()
            configuration.timeout = .init(connect: .nanoseconds(max(1_000_000, connectTimeout.nanoseconds)))
            // A connection that cannot be made fails the attempt at once; the retry decisions
            // (refused: twice, quickly; timed out: not at all) are RequestExecutor's.
            configuration.connectionPool.retryConnectionEstablishment = false
            let made = Generation(
                client: HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration),
                connectTimeout: connectTimeout)
            made.inFlight.add(1, ordering: .relaxed)
            let old = state.current
            state.current = made
            if let old { state.retired.append(old) }
            return (made, old)
        }
        if let retire { shutDownIfIdle(retire) }
        return generation
    }

    private func checkIn(_ generation: Generation) {
        let left = generation.inFlight.subtract(1, ordering: .relaxed).newValue
        if left == 0 { shutDownIfIdle(generation) }
    }

    private func shutDownIfIdle(_ generation: Generation) {
        let retire = state.withLock { state -> Bool in
            guard generation.inFlight.load(ordering: .relaxed) == 0,
                  let index = state.retired.firstIndex(where: { $0 === generation }) else { return false }
            state.retired.remove(at: index)
            return true
        }
        if retire {
            generation.client.shutdown { _ in }
        }
    }

    // MARK: - Errors by type

    /// Turns AsyncHTTPClient and NIO errors into ``TransportError``s by their type (cancellation
    /// stays as is).
    /// - Parameter connected: false while waiting for the response head, true while reading the body.
    static func mapError(_ error: any Error, connected: Bool, target: String) -> any Error {
        if error is CancellationError || error is TransportError || error is ClientError { return error }
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout, .tlsHandshakeTimeout:
                return TransportError.connectTimedOut(target: target)
            case .deadlineExceeded, .readTimeout, .writeTimeout, .getConnectionFromPoolTimeout:
                return TransportError.timedOut
            case .cancelled:
                return CancellationError()
            case .invalidURL, .emptyHost, .emptyScheme:
                return TransportError.invalidURL(String(describing: error))
            case .remoteConnectionClosed:
                return connected
                    ? TransportError.connectionLost("the server closed the connection")
                    : TransportError.closedBeforeResponse("the server closed the connection")
            default:
                return connected
                    ? TransportError.connectionLost(String(describing: error))
                    : TransportError.connectionFailed(String(describing: error))
            }
        }
        if let error = error as? NIOConnectionError {
            let errnos = error.connectionErrors.compactMap { ($0.error as? IOError)?.errnoCode }
            if errnos.contains(ECONNREFUSED) { return TransportError.refused(target: target) }
            if error.connectionErrors.isEmpty, error.dnsAError != nil || error.dnsAAAAError != nil {
                return TransportError.unknownHost(target: target)
            }
            if error.connectionErrors.contains(where: { failure in
                if case ChannelError.connectTimeout? = failure.error as? ChannelError { return true }
                return false
            }) {
                return TransportError.connectTimedOut(target: target)
            }
            return TransportError.connectionFailed("\(target): \(errnos.first.map(Self.errnoText) ?? "\(error)")")
        }
        if let error = error as? ChannelError {
            switch error {
            case ChannelError.connectTimeout: return TransportError.connectTimedOut(target: target)
            case .ioOnClosedChannel, .eof, .outputClosed, .alreadyClosed:
                return connected
                    ? TransportError.connectionLost("the server closed the connection")
                    : TransportError.closedBeforeResponse("the server closed the connection")
            default: break
            }
        }
        if let error = error as? IOError {
            switch error.errnoCode {
            case ECONNREFUSED: return TransportError.refused(target: target)
            case ECONNRESET, EPIPE:
                return connected
                    ? TransportError.connectionLost("the connection was reset")
                    : TransportError.closedBeforeResponse("the connection was reset")
            case ETIMEDOUT: return TransportError.connectTimedOut(target: target)
            default:
                let text = Self.errnoText(error.errnoCode)
                return connected ? TransportError.connectionLost(text) : TransportError.connectionFailed("\(target): \(text)")
            }
        }
        if error is SocketAddressError {
            return TransportError.unknownHost(target: target)
        }
        return connected
            ? TransportError.connectionLost(String(describing: error))
            : TransportError.connectionFailed("\(target): \(error)")
    }

    private static func errnoText(_ code: Int32) -> String {
        String(cString: strerror(code)).lowercased()
    }

    /// `host:port` of `url`, for messages (never the path, query or user info).
    static func target(of url: String) -> String {
        guard let components = URLComponents(string: url), let host = components.host else { return "the server" }
        return components.port.map { "\(host):\($0)" } ?? host
    }
}

/// Runs its action once, when the body is finished or dropped.
private final class Release: Sendable {
    private let action: Mutex<(@Sendable () -> Void)?>

    init(_ action: @escaping @Sendable () -> Void) {
        self.action = Mutex(action)
    }

    func callAsFunction() {
        let run = action.withLock { action -> (@Sendable () -> Void)? in
            defer { action = nil }
            return action
        }
        run?()
    }

    deinit { callAsFunction() }
}

/// A response body that releases its client generation when read to its end (or dropped).
private struct ReleasingBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let base: HTTPClientResponse.Body
    let release: Release

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: HTTPClientResponse.Body.AsyncIterator
        let release: Release

        mutating func next() async throws -> ByteBuffer? {
            do {
                let buffer = try await base.next()
                if buffer == nil { release() }
                return buffer
            } catch {
                release()
                throw error
            }
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), release: release)
    }
}

extension Duration {
    /// The whole duration in nanoseconds (saturating).
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        let (sum, overflowSum) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000)
        return overflowSum ? (seconds < 0 ? .min : .max) : sum
    }

    /// The duration in seconds as a `Double`.
    public var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// `seconds` as a duration, saturating at about 31 years instead of trapping on a huge,
    /// infinite or NaN value (a hostile `Retry-After`).
    static func saturating(seconds: Double) -> Duration {
        guard seconds.isFinite, seconds > 0 else { return .zero }
        let capped = Swift.min(seconds, 1e9)
        return .nanoseconds(Int64(capped * 1e9))
    }
}
