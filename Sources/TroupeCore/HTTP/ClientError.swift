import Foundation

/// What the server said about a failed request (`{"error": {message, type, param, code}}`).
public struct APIErrorDetail: Sendable, Hashable, CustomStringConvertible {
    /// The HTTP status, or nil for an error event inside a stream.
    public var status: Int?
    public var message: String
    public var type: String?
    public var param: String?
    public var code: String?

    public init(status: Int?, message: String, type: String? = nil, param: String? = nil, code: String? = nil) {
        self.status = status
        self.message = message
        self.type = type
        self.param = param
        self.code = code
    }

    public var description: String {
        var extras: [String] = []
        if let param { extras.append("param: \(param)") }
        if let code { extras.append("code: \(code)") }
        let text = message.isEmpty ? "(no message)" : message
        return extras.isEmpty ? text : "\(text) (\(extras.joined(separator: ", ")))"
    }
}

/// Why a model call failed, worded so a user knows what to do next.
///
/// Messages never contain API keys or tokens: server text is scrubbed of the credentials the
/// client holds.
public indirect enum ClientError: Error, Sendable, Hashable {
    /// HTTP 400 or 422: the request was refused as given (a parameter the model rejects, ...).
    case badRequest(APIErrorDetail)
    /// HTTP 401: the key or token is missing, wrong or expired.
    case unauthorized(APIErrorDetail)
    /// HTTP 403: the credentials are valid but not allowed to use this model or resource.
    case forbidden(APIErrorDetail)
    /// HTTP 404: wrong model, Azure deployment, endpoint or base URL.
    case notFound(APIErrorDetail)
    /// The content filter refused the prompt (HTTP 400 with `code: content_filter`).
    case contentFiltered(APIErrorDetail)
    /// HTTP 429: too many requests or tokens; `retryAfter` is what the server asked for.
    case rateLimited(APIErrorDetail, retryAfter: Duration?)
    /// HTTP 5xx.
    case serverError(APIErrorDetail)
    /// Any other unsuccessful status (408, 409, ...).
    case httpError(APIErrorDetail)
    /// No answer within `seconds` (no byte for that long).
    case timeout(seconds: Double)
    /// The server could not be reached.
    case connectionFailed(String)
    /// The connection dropped before the answer was complete.
    case connectionLost(String)
    /// The server's answer could not be understood.
    case malformedResponse(String)
    /// The server sent an error event in the middle of a stream.
    case streamError(APIErrorDetail)
    /// A stream failed after part of the answer was already delivered; not retried, so the
    /// user does not see the answer twice.
    case streamInterrupted(ClientError)
    /// Every attempt failed; `last` is the last failure.
    case retriesExhausted(attempts: Int, last: ClientError)
    /// The client cannot be used as configured (bad URL, missing endpoint).
    case invalidConfiguration(String)
    /// The official OpenAI API was chosen and `setting` (OPENAI_API_KEY) holds no key.
    case missingKey(setting: String)
}

extension ClientError: CustomStringConvertible, LocalizedError {
    public var description: String {
        switch self {
        case .badRequest(let detail):
            return "The server refused the request (HTTP \(detail.status ?? 400)): \(detail). Check the model and parameters."
        case .unauthorized(let detail):
            return "The server rejected the credentials (HTTP 401): \(detail). Check OPENAI_API_KEY for openai, or AZURE_OPENAI_KEY / AZURE_OPENAI_AD_TOKEN for azure."
        case .forbidden(let detail):
            return "Access denied (HTTP 403): \(detail). The credentials are valid but may not use this model or resource."
        case .notFound(let detail):
            return "Not found (HTTP 404): \(detail). Check the model name (for azure: the deployment name and AZURE_OPENAI_ENDPOINT) and the base URL."
        case .contentFiltered(let detail):
            return "The content filter refused the prompt: \(detail). Rephrase the request."
        case .rateLimited(let detail, let retryAfter):
            let wait = retryAfter.map { " The server asks to wait \(Self.format($0))." } ?? ""
            return "Rate limited (HTTP 429): \(detail).\(wait) Wait and try again, or lower the request rate (MAX_CONCURRENT_MODEL_CALLS)."
        case .serverError(let detail):
            return "The server failed (HTTP \(detail.status ?? 500)): \(detail). Try again later."
        case .httpError(let detail):
            return "The request failed (HTTP \(detail.status.map(String.init) ?? "?")): \(detail)."
        case .timeout(let seconds):
            return "No complete answer within \(Self.format(.saturating(seconds: seconds))). Raise TIMEOUT or try again."
        case .connectionFailed(let reason):
            return "Could not connect to the server: \(reason). Check the base URL or endpoint and the network."
        case .connectionLost(let reason):
            return "The connection was lost before the answer was complete: \(reason)."
        case .malformedResponse(let reason):
            return "The server's answer could not be read: \(reason). Check that the base URL points to an OpenAI-compatible API."
        case .streamError(let detail):
            return "The server reported an error during the streamed answer: \(detail)."
        case .streamInterrupted(let underlying):
            return "The answer stopped part way and was not retried (the part shown is incomplete): \(underlying)"
        case .retriesExhausted(let attempts, let last):
            return "Gave up after \(attempts) attempts. Last error: \(last)"
        case .invalidConfiguration(let reason):
            return "The client is not configured correctly: \(reason)."
        case .missingKey(let setting):
            return "The client is not configured correctly: \(setting) is not set (needed for the OpenAI API; set BASE_URL for another OpenAI-compatible server)."
        }
    }

    public var errorDescription: String? { description }

    /// A few words for a status line: `HTTP 503`, `timed out`, `connection lost`.
    public var shortReason: String {
        switch self {
        case .badRequest(let detail), .unauthorized(let detail), .forbidden(let detail), .notFound(let detail),
             .contentFiltered(let detail), .rateLimited(let detail, _), .serverError(let detail), .httpError(let detail):
            return detail.status.map { "HTTP \($0)" } ?? "error"
        case .timeout: return "timed out"
        case .connectionFailed: return "no connection"
        case .connectionLost: return "connection lost"
        case .malformedResponse: return "unreadable answer"
        case .streamError: return "error in the stream"
        case .streamInterrupted(let underlying), .retriesExhausted(_, let underlying): return underlying.shortReason
        case .invalidConfiguration, .missingKey: return "not configured"
        }
    }

    /// Whether another attempt may succeed.
    var isRetryable: Bool {
        switch self {
        case .timeout, .connectionLost, .connectionFailed, .rateLimited, .serverError: return true
        case .httpError(let detail): return detail.status.map { $0 == 408 || $0 == 409 } ?? false
        default: return false
        }
    }

    private static func format(_ duration: Duration) -> String {
        let seconds = duration.seconds
        if seconds < 1 { return "\(Int((seconds * 1000).rounded())) ms" }
        if seconds == seconds.rounded() { return "\(Int(seconds)) s" }
        return String(format: "%.1f s", seconds)
    }
}

extension ClientError {
    /// The error for an unsuccessful HTTP response.
    /// - Parameters:
    ///   - body: the response body (an OpenAI-style error object, or anything else).
    ///   - redact: scrubs secrets from server-provided text.
    static func from(
        status: Int,
        body: [UInt8],
        retryAfter: Duration?,
        redact: (String) -> String
    ) -> ClientError {
        let detail = APIErrorDetail.parse(status: status, body: body, redact: redact)
        switch status {
        case 400 where detail.code == "content_filter", 400 where detail.code == "content_policy_violation":
            return .contentFiltered(detail)
        case 400, 422: return .badRequest(detail)
        case 401: return .unauthorized(detail)
        case 403: return .forbidden(detail)
        case 404: return .notFound(detail)
        case 429: return .rateLimited(detail, retryAfter: retryAfter)
        case 500...: return .serverError(detail)
        default: return .httpError(detail)
        }
    }

    /// A transport or decoding failure as a ``ClientError`` (cancellation is passed through).
    static func wrap(_ error: any Error, timeout: Duration) -> any Error {
        switch error {
        case let error as ClientError: return error
        case let error as StatusFailure: return error.error
        case is CancellationError: return error
        case let error as TransportError:
            switch error {
            case .timedOut: return ClientError.timeout(seconds: timeout.seconds)
            case .connectTimedOut(let target): return ClientError.connectionFailed("no connection to \(target) within the connect timeout")
            case .refused(let target): return ClientError.connectionFailed("connection refused by \(target)")
            case .unknownHost(let target): return ClientError.connectionFailed("unknown host \(target)")
            case .connectionFailed(let reason): return ClientError.connectionFailed(reason)
            case .closedBeforeResponse(let reason), .connectionLost(let reason): return ClientError.connectionLost(reason)
            case .invalidURL(let reason): return ClientError.invalidConfiguration("bad URL: \(reason)")
            }
        default: return ClientError.connectionLost(String(describing: error))
        }
    }
}

extension APIErrorDetail {
    /// Reads `{"error": {...}}`, falling back to the body itself as the object, then as text.
    static func parse(status: Int?, body: [UInt8], redact: (String) -> String) -> APIErrorDetail {
        let object = try? JSONSerialization.jsonObject(with: Data(body))
        if let root = object as? [String: Any] {
            let error = (root["error"] as? [String: Any]) ?? root
            if let message = error["message"] as? String ?? (root["error"] as? String) {
                return APIErrorDetail(
                    status: status,
                    message: redact(message),
                    type: (error["type"] as? String).map(redact),
                    param: (error["param"] as? String).map(redact),
                    code: Self.string(error["code"]).map(redact)
                )
            }
        }
        var text = String(decoding: body.prefix(500), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if body.count > 500 { text += "…" }
        return APIErrorDetail(status: status, message: redact(text))
    }

    private static func string(_ value: Any?) -> String? {
        switch value {
        case let value as String: return value
        case let value as Int: return String(value)
        default: return nil
        }
    }
}
