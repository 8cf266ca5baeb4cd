import Foundation
import NIOCore
import TroupeCore

/// A request of the Batch API that failed.
public enum EvalBatchError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The server answered `status` with `message`.
    case http(status: Int, message: String)
    /// The answer is not what the Batch API returns.
    case malformed(String)
    /// The batch ended without results.
    case ended(String)
    /// The provider cannot be batched (no key, a local model).
    case unavailable(String)

    public var description: String {
        switch self {
        case .http(let status, let message): return "batch request failed: HTTP \(status): \(message)"
        case .malformed(let what): return "unexpected batch answer: \(what)"
        case .ended(let why): return why
        case .unavailable(let why): return why
        }
    }
}

/// The Batch API of OpenAI (`/v1/files`, `/v1/batches`) or of an Azure resource
/// (`/openai/files`, `/openai/batches` with `api-version`).
struct OpenAIBatchClient: Sendable {
    let transport: any HTTPTransport
    /// `https://api.openai.com/v1`, or `https://NAME.openai.azure.com/openai`.
    let base: String
    let query: String
    let headers: [(name: String, value: String)]
    /// The `url` each JSONL line names.
    let lineURL: String
    let timeout: Duration

    /// The client for `config` (OpenAI or Azure, as its API type says).
    /// - Throws: ``EvalBatchError/unavailable(_:)`` without a key or for another API type.
    init(config: TroupeConfig, transport: any HTTPTransport = AsyncHTTPTransport.shared) throws {
        self.transport = transport
        timeout = .seconds(Int64(max(10, config.timeout)))
        switch config.apiType {
        case "openai":
            base = Self.trimmed(config.baseURL ?? "https://api.openai.com/v1")
            query = ""
            var headers: [(name: String, value: String)] = []
            if let key = config.credentials.openAIKey { headers.append(("authorization", "Bearer \(key.value)")) }
            if headers.isEmpty, config.baseURL == nil { throw EvalBatchError.unavailable("--batch needs OPENAI_API_KEY") }
            self.headers = headers
            lineURL = "/v1/chat/completions"
        case "azure":
            guard let endpoint = config.credentials.azureEndpoint, !endpoint.isEmpty else {
                throw EvalBatchError.unavailable("--batch on Azure needs AZURE_OPENAI_ENDPOINT")
            }
            base = Self.trimmed(endpoint) + "/openai"
            query = "?api-version=\(config.azureAPIVersion)"
            if let key = config.credentials.azureKey {
                headers = [("api-key", key.value)]
            } else if let token = config.credentials.azureADToken {
                headers = [("authorization", "Bearer \(token.value)")]
            } else {
                throw EvalBatchError.unavailable("--batch on Azure needs AZURE_OPENAI_API_KEY or AZURE_OPENAI_AD_TOKEN")
            }
            lineURL = "/chat/completions"
        default:
            throw EvalBatchError.unavailable("the \(config.apiType) API has no batch endpoint; its cells run one by one")
        }
    }

    /// Whether the API type has a Batch API troupe can use (OpenAI and Azure).
    static func hasBatchAPI(apiType: String) -> Bool {
        apiType == "openai" || apiType == "azure"
    }

    static func trimmed(_ url: String) -> String {
        var url = url
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }

    /// Uploads `jsonl` as a batch input file; returns its id.
    func upload(_ jsonl: [UInt8]) async throws -> String {
        let boundary = "troupe-\(UUID().uuidString)"
        var body = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n".utf8)
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cells.jsonl\"\r\nContent-Type: application/jsonl\r\n\r\n".utf8)
        body += jsonl
        body += Array("\r\n--\(boundary)--\r\n".utf8)
        let reply = try await call("POST", "/files", body: body, contentType: "multipart/form-data; boundary=\(boundary)")
        guard let id = reply["id"] as? String else { throw EvalBatchError.malformed("the upload gave no file id") }
        return id
    }

    /// Creates a batch over an uploaded file; returns its id.
    func create(inputFile: String) async throws -> String {
        let body = try JSONSerialization.data(withJSONObject: [
            "input_file_id": inputFile, "endpoint": lineURL, "completion_window": "24h",
        ], options: [.sortedKeys])
        let reply = try await call("POST", "/batches", body: Array(body), contentType: "application/json")
        guard let id = reply["id"] as? String else { throw EvalBatchError.malformed("the batch has no id") }
        return id
    }

    /// Where batch `id` is.
    func status(_ id: String) async throws -> BatchPoller.Reply {
        let reply = try await call("GET", "/batches/\(id)", body: [], contentType: nil)
        guard let status = reply["status"] as? String else { throw EvalBatchError.malformed("the batch has no status") }
        let counts = reply["request_counts"] as? [String: Any] ?? [:]
        let errors = ((reply["errors"] as? [String: Any])?["data"] as? [[String: Any]])?
            .compactMap { $0["message"] as? String }.joined(separator: "; ")
        return BatchPoller.Reply(
            status: status, outputFile: reply["output_file_id"] as? String, errorFile: reply["error_file_id"] as? String,
            completed: counts["completed"] as? Int ?? 0, total: counts["total"] as? Int ?? 0,
            errors: errors?.isEmpty == false ? errors : nil)
    }

    /// The content of file `id`.
    func content(_ id: String) async throws -> [UInt8] {
        let (status, bytes) = try await raw("GET", "/files/\(id)/content", body: [], contentType: nil)
        guard status < 400 else { throw EvalBatchError.http(status: status, message: Self.message(bytes)) }
        return bytes
    }

    private func call(_ method: String, _ path: String, body: [UInt8], contentType: String?) async throws -> [String: Any] {
        let (status, bytes) = try await raw(method, path, body: body, contentType: contentType)
        guard status < 400 else { throw EvalBatchError.http(status: status, message: Self.message(bytes)) }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] else {
            throw EvalBatchError.malformed("\(method) \(path) did not answer JSON")
        }
        return object
    }

    private func raw(_ method: String, _ path: String, body: [UInt8], contentType: String?) async throws -> (Int, [UInt8]) {
        var headers = self.headers
        if let contentType { headers.append(("content-type", contentType)) }
        let request = TransportRequest(method: method, url: base + path + query, headers: headers, body: body, timeout: timeout)
        let response = try await transport.send(request)
        var bytes: [UInt8] = []
        for try await buffer in response.body { bytes += buffer.readableBytesView }
        return (response.status, bytes)
    }

    static func message(_ bytes: [UInt8]) -> String {
        let object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any]
        return (object?["error"] as? [String: Any])?["message"] as? String ?? String(decoding: bytes.prefix(200), as: UTF8.self)
    }
}
