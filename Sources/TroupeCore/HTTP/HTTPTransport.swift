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
    /// How long to wait for the response head.
    public var timeout: Duration

    public init(method: String, url: String, headers: [(name: String, value: String)], body: [UInt8], timeout: Duration) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
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
        headers.first { $0.name.lowercased() == name }?.value
            ?? headers.first { $0.name.caseInsensitiveCompare(name) }?.value
    }
}

extension String {
    /// Case-insensitive ASCII comparison without allocating.
    fileprivate func caseInsensitiveCompare(_ other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        return zip(utf8, other.utf8).allSatisfy { a, b in
            a == b || (a | 0x20 == b | 0x20 && (a | 0x20) >= 0x61 && (a | 0x20) <= 0x7a)
        }
    }
}

/// Network failures, as any ``HTTPTransport`` reports them.
public enum TransportError: Error, Sendable, Hashable {
    /// No answer (head or next body bytes) within the time allowed.
    case timedOut
    /// The connection could not be made (refused, unknown host, TLS failure).
    case connectionFailed(String)
    /// The connection closed before the response was complete.
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
            let box = IteratorBox(base.makeAsyncIterator())
            return {
                do {
                    return try await box.next()
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

    /// Reads the whole body, failing with ``ClientError/malformedResponse(_:)`` past `limit` bytes.
    public func collect(upTo limit: Int, onRead: () -> Void = {}) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await buffer in self {
            onRead()
            guard bytes.count + buffer.readableBytes <= limit else {
                throw ClientError.malformedResponse("the response is larger than \(limit) bytes")
            }
            bytes += buffer.readableBytesView
        }
        return bytes
    }
}

/// Holds a mutable iterator behind a reference so a closure can advance it.
private final class IteratorBox<Base: AsyncIteratorProtocol> where Base.Element == ByteBuffer {
    private var base: Base

    init(_ base: Base) { self.base = base }

    func next() async throws -> ByteBuffer? {
        try await base.next()
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
