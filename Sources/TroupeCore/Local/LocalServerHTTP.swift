/// The HTTP seam of the local server's owner: a GET or POST to 127.0.0.1, the whole answer back.
///
/// ``TransportLocalServerHTTP`` is the real implementation (troupe's transport); tests use a
/// scripted double.
public protocol LocalServerHTTP: Sendable {
    /// Sends a GET; any status is an answer, only a failed exchange throws.
    func get(_ url: String, headers: [(name: String, value: String)], timeout: Duration) async throws -> LocalHTTPResponse
    /// Sends a POST with `body` (JSON unless the headers say otherwise).
    func post(_ url: String, headers: [(name: String, value: String)], body: [UInt8], timeout: Duration) async throws -> LocalHTTPResponse
}

/// A whole HTTP answer.
public struct LocalHTTPResponse: Sendable, Hashable {
    /// The HTTP status code.
    public var status: Int
    /// The whole body.
    public var body: [UInt8]

    /// An answer with `status` and `body`.
    public init(status: Int, body: [UInt8]) {
        self.status = status
        self.body = body
    }

    /// The body as UTF-8 text.
    public var text: String { String(decoding: body, as: UTF8.self) }
}
