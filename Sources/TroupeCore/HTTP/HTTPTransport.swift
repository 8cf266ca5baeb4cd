import NIOCore

/// The one network seam of the clients: send a request, get the status, the headers and the
/// body as it arrives.
///
/// ``AsyncHTTPTransport`` is the real implementation; tests run it against a local server.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns once the response head has arrived; the body streams after.
    /// - Throws: ``TransportError`` for network failures, `CancellationError` when cancelled.
    func send(_ request: TransportRequest) async throws -> TransportResponse
}

/// An HTTP request as the clients build it.
public struct TransportRequest: Sendable {
    public var method: String
    /// The absolute URL, query included.
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// How long the attempt may take until the response head (the caller bounds the body).
    public var timeout: Duration
    /// How long to wait for a connection.
    public var connectTimeout: Duration

    public init(
        method: String, url: String, headers: [(name: String, value: String)], body: [UInt8],
        timeout: Duration, connectTimeout: Duration = .seconds(10)
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.connectTimeout = connectTimeout
    }
}

/// An HTTP response whose body is still arriving.
public struct TransportResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: ResponseBody

    public init(status: Int, headers: [(name: String, value: String)], body: ResponseBody) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of header `name` (case-insensitive), or nil.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.utf8.count == name.utf8.count && $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// Network failures, as any ``HTTPTransport`` reports them, classified by what they mean for
/// a retry.
public enum TransportError: Error, Sendable, Hashable {
    /// No answer within the time allowed.
    case timedOut
    /// No connection within CONNECT_TIMEOUT (not worth retrying: the server is unreachable).
    case connectTimedOut(target: String)
    /// The server refused the connection (nothing listens there, or it is restarting).
    case refused(target: String)
    /// The host name does not resolve.
    case unknownHost(target: String)
    /// The connection could not be made for another reason (TLS, routing, ...).
    case connectionFailed(String)
    /// The connection closed before any byte of the response: typically a kept-alive
    /// connection the server had closed while idle. Safe to send again at once.
    case closedBeforeResponse(String)
    /// The connection closed while the response was arriving.
    case connectionLost(String)
    /// The URL could not be used.
    case invalidURL(String)
}

/// A response body: an async sequence of byte buffers, in network-read-sized pieces.
public struct ResponseBody: AsyncSequence, Sendable {
    public typealias Element = ByteBuffer

    private let makeNext: @Sendable () -> () async throws -> ByteBuffer?

    /// Wraps any sequence of buffers; `mapError` turns its errors into ``TransportError``s.
    public init<Base: AsyncSequence & Sendable>(
        _ base: Base,
        mapError: @escaping @Sendable (any Error) -> any Error = { $0 }
    ) where Base.Element == ByteBuffer {
        makeNext = {
            var iterator = base.makeAsyncIterator()
            return {
                do {
                    return try await iterator.next()
                } catch {
                    throw mapError(error)
                }
            }
        }
    }

    /// A body made of `buffers`, delivered one by one.
    public init(buffers: [ByteBuffer]) {
        self.init(BufferSequence(buffers: buffers))
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        fileprivate let nextBuffer: () async throws -> ByteBuffer?

        public mutating func next() async throws -> ByteBuffer? {
            try await nextBuffer()
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(nextBuffer: makeNext())
    }

    /// Reads the whole body into one buffer, failing with ``ClientError/malformedResponse(_:)``
    /// past `limit` bytes.
    /// - Parameter expectedLength: the `content-length`, when known: the buffer is made that
    ///   size at once instead of doubling its way there (a 50 MB answer then takes 50 MB).
    public func collect(upTo limit: Int, expectedLength: Int? = nil) async throws -> ByteBuffer {
        var collected = ByteBuffer()
        if let expectedLength, expectedLength > 0, expectedLength <= limit {
            collected.reserveCapacity(expectedLength)
        }
        for try await var buffer in self {
            guard collected.readableBytes + buffer.readableBytes <= limit else {
                throw ClientError.malformedResponse("the response is larger than \(limit) bytes")
            }
            collected.writeBuffer(&buffer)
        }
        return collected
    }
}

private struct BufferSequence: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let buffers: [ByteBuffer]

    struct AsyncIterator: AsyncIteratorProtocol {
        var remaining: ArraySlice<ByteBuffer>
        mutating func next() async throws -> ByteBuffer? { remaining.popFirst() }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(remaining: buffers[...]) }
}
