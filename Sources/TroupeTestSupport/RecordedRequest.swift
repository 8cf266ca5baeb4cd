import Foundation

/// One request as the ``TestServer`` received it, for assertions.
public struct RecordedRequest: Sendable, CustomStringConvertible {
    /// `POST`, `GET`, ...
    public var method: String
    /// The path without the query, e.g. `/v1/chat/completions`.
    public var path: String
    /// The raw query string without `?`, or nil when there was none.
    public var query: String?
    /// Every header in arrival order; names as sent.
    public var headers: [(name: String, value: String)]
    /// The raw request body.
    public var body: [UInt8]

    public init(method: String, path: String, query: String?, headers: [(name: String, value: String)], body: [UInt8]) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// The first value of header `name` (case-insensitive), or nil.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// The value of query parameter `name`, or nil.
    public func queryItem(_ name: String) -> String? {
        guard let query else { return nil }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.first.map(String.init) == name {
                let raw = parts.count > 1 ? String(parts[1]) : ""
                return raw.removingPercentEncoding ?? raw
            }
        }
        return nil
    }

    /// The body as UTF-8 text.
    public var bodyString: String { String(decoding: body, as: UTF8.self) }

    /// The body parsed as a JSON object, or nil when it is not one.
    public func json() -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
    }

    /// The text of the last `user` message of a chat request body, or nil.
    public var lastUserMessage: String? {
        guard let messages = json()?["messages"] as? [[String: Any]] else { return nil }
        return messages.last { ($0["role"] as? String) == "user" }?["content"] as? String
    }

    public var description: String {
        "\(method) \(path)\(query.map { "?" + $0 } ?? "") (\(body.count) bytes)"
    }
}
