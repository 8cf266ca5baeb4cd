import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// ``HTTPTransport`` over AsyncHTTPClient (SwiftNIO): streams response bodies on Linux and
/// macOS, pools keep-alive connections, and cancels the request when the calling task is
/// cancelled.
public struct AsyncHTTPTransport: HTTPTransport {
    private let client: HTTPClient

    /// - Parameter client: defaults to ``sharedClient``.
    public init(client: HTTPClient = AsyncHTTPTransport.sharedClient) {
        self.client = client
    }

    /// The process-wide client (never shut down, like `HTTPClient.shared`), configured for the
    /// retry loop above it: a connection that cannot be made fails the attempt at once instead
    /// of being retried inside AsyncHTTPClient until the deadline; connect timeout 10 s.
    public static let sharedClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(10))
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    public func send(_ request: TransportRequest) async throws -> TransportResponse {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for (name, value) in request.headers {
            outgoing.headers.add(name: name, value: value)
        }
        if !request.body.isEmpty {
            outgoing.body = .bytes(ByteBuffer(bytes: request.body))
        }
        let response: HTTPClientResponse
        do {
            response = try await client.execute(outgoing, timeout: .nanoseconds(request.timeout.nanoseconds))
        } catch {
            throw Self.mapError(error, connected: false, target: Self.target(of: request.url))
        }
        return TransportResponse(
            status: Int(response.status.code),
            headers: response.headers.map { (name: $0.name, value: $0.value) },
            body: ResponseBody(response.body, mapError: { Self.mapError($0, connected: true) })
        )
    }

    /// Turns AsyncHTTPClient and NIO errors into ``TransportError``s (cancellation stays as is).
    /// - Parameter connected: false while waiting for the response head (a failure then means
    ///   the connection could not be made or was refused), true while reading the body.
    static func mapError(_ error: any Error, connected: Bool, target: String = "the server") -> any Error {
        if error is CancellationError || error is TransportError || error is ClientError { return error }
        if let error = error as? HTTPClientError {
            if [.deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout, .tlsHandshakeTimeout,
                .getConnectionFromPoolTimeout].contains(error)
            {
                return TransportError.timedOut
            }
            if error == .cancelled { return CancellationError() }
            if [.invalidURL, .emptyHost, .emptyScheme].contains(error) {
                return TransportError.invalidURL(String(describing: error))
            }
            if error == .remoteConnectionClosed {
                return TransportError.connectionLost("the server closed the connection")
            }
            return connected
                ? TransportError.connectionLost(String(describing: error))
                : TransportError.connectionFailed(String(describing: error))
        }
        if let error = error as? ChannelError, error == .ioOnClosedChannel || error == .eof || error == .outputClosed {
            return TransportError.connectionLost("the server closed the connection")
        }
        return connected
            ? TransportError.connectionLost(String(describing: error))
            : TransportError.connectionFailed(reason(for: error, target: target))
    }

    /// A short reason for a failed connection, e.g. `connection refused by 127.0.0.1:8080`.
    static func reason(for error: any Error, target: String) -> String {
        let text = String(describing: error)
        let known = [
            ("Connection refused", "connection refused by \(target)"),
            ("No route to host", "no route to \(target)"),
            ("Network is unreachable", "network unreachable for \(target)"),
            ("Name or service not known", "unknown host in \(target)"),
            ("nodename nor servname", "unknown host in \(target)"),
            ("Connection reset", "connection reset by \(target)"),
        ]
        if let match = known.first(where: { text.contains($0.0) }) { return match.1 }
        return "\(target): \(text)"
    }

    /// `host:port` of `url`, for messages (never the path or query).
    static func target(of url: String) -> String {
        guard let components = URLComponents(string: url), let host = components.host else { return "the server" }
        return components.port.map { "\(host):\($0)" } ?? host
    }
}

extension Duration {
    /// The whole duration in nanoseconds (saturating).
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        return scaled + attoseconds / 1_000_000_000
    }

    /// The duration in seconds as a `Double`.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
