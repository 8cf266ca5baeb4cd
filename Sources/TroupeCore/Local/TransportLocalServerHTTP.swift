/// ``LocalServerHTTP`` over troupe's transport (the process's one HTTP client).
///
/// llama-server (cpp-httplib) closes keep-alive connections after 5 s of silence, and right
/// after a streamed answer although it announced keep-alive, so a pooled connection can be dead
/// when it is reused: an exchange the server closed before answering is tried once more (every
/// request this component sends is idempotent: health, props, template, tokenize, slots). A
/// refused connection fails at once (the server is not listening yet, or is gone): that is an
/// answer in itself for the start-up poll.
public struct TransportLocalServerHTTP: LocalServerHTTP {
    private let transport: any HTTPTransport
    /// The largest body read (a `/props` with a long chat template is a few hundred KB).
    public let bodyLimit: Int

    /// - Parameter transport: the process's transport by default.
    public init(transport: any HTTPTransport = AsyncHTTPTransport.shared, bodyLimit: Int = 16 << 20) {
        self.transport = transport
        self.bodyLimit = bodyLimit
    }

    /// Sends a GET; see ``LocalServerHTTP/get(_:headers:timeout:)``.
    public func get(_ url: String, headers: [(name: String, value: String)], timeout: Duration) async throws -> LocalHTTPResponse {
        try await send("GET", url, headers: headers, body: [], timeout: timeout)
    }

    /// Sends a POST with a JSON body; see ``LocalServerHTTP/post(_:headers:body:timeout:)``.
    public func post(_ url: String, headers: [(name: String, value: String)], body: [UInt8], timeout: Duration) async throws -> LocalHTTPResponse {
        try await send("POST", url, headers: headers + [("Content-Type", "application/json")], body: body, timeout: timeout)
    }

    private func send(_ method: String, _ url: String, headers: [(name: String, value: String)], body: [UInt8], timeout: Duration) async throws -> LocalHTTPResponse {
        let request = TransportRequest(method: method, url: url, headers: headers, body: body, timeout: timeout, connectTimeout: .seconds(2))
        for attempt in 1...2 {
            do {
                let response = try await transport.send(request)
                let bytes = try await response.body.collect(upTo: bodyLimit)
                return LocalHTTPResponse(status: response.status, body: Array(bytes.readableBytesView))
            } catch TransportError.closedBeforeResponse where attempt == 1 {
                continue
            }
        }
        throw TransportError.closedBeforeResponse("the local server closed the connection twice")
    }
}
