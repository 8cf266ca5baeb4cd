import Foundation
import Synchronization

/// The OpenAI Batch API as the test server plays it (under `/v1` or Azure's `/openai`): `POST /v1/files` (multipart, purpose
/// `batch`), `POST /v1/batches`, `GET /v1/batches/{id}` (in progress for
/// ``TestServer/Defaults/batchPollsBeforeDone`` polls, then completed), and
/// `GET /v1/files/{id}/content`. Each line of a batch is answered as an unscripted chat request
/// is (`Echo: <last user message>`); a line whose last user message is `TROUPE_TEST_FAIL` gets a
/// 500 error in the output.
final class TestBatchState: Sendable {
    private struct Batch {
        var inputFile: String
        var polls = 0
        var outputFile: String?
    }

    private struct State {
        var files: [String: [UInt8]] = [:]
        var batches: [String: Batch] = [:]
        var next = 0
    }

    private let state = Mutex(State())
    let pollsBeforeDone: Int

    init(pollsBeforeDone: Int) {
        self.pollsBeforeDone = pollsBeforeDone
    }

    /// The answer to a Batch API request, or nil when `request` is not one.
    func response(for request: RecordedRequest) -> TestResponse? {
        // OpenAI's /v1/… and an Azure resource's /openai/… (api-version in the query).
        let path = request.path.hasPrefix("/v1/") ? String(request.path.dropFirst(3))
            : request.path.hasPrefix("/openai/") ? String(request.path.dropFirst(7)) : request.path
        switch (request.method, path) {
        case ("POST", "/files"):
            guard let content = Self.multipartFile(request) else {
                return .error(status: 400, message: "no file part in the upload")
            }
            let id = newID("file")
            state.withLock { $0.files[id] = content }
            return .json(body: #"{"id": "\#(id)", "object": "file", "purpose": "batch", "bytes": \#(content.count)}"#)
        case ("POST", "/batches"):
            guard let body = request.json(), let input = body["input_file_id"] as? String else {
                return .error(status: 400, message: "input_file_id is required")
            }
            guard state.withLock({ $0.files[input] != nil }) else { return .error(status: 404, message: "no file \(input)") }
            let id = newID("batch")
            state.withLock { $0.batches[id] = Batch(inputFile: input) }
            return .json(body: Self.batchJSON(id: id, status: "validating", input: input, output: nil, total: 0, done: 0))
        case ("GET", _) where path.hasPrefix("/batches/"):
            let id = String(path.dropFirst("/batches/".count))
            return poll(id)
        case ("GET", _) where path.hasPrefix("/files/") && path.hasSuffix("/content"):
            let id = String(path.dropFirst("/files/".count).dropLast("/content".count))
            guard let content = state.withLock({ $0.files[id] }) else { return .error(status: 404, message: "no file \(id)") }
            return .body(status: 200, contentType: "application/jsonl", text: String(decoding: content, as: UTF8.self))
        default:
            return nil
        }
    }

    private func newID(_ prefix: String) -> String {
        state.withLock { state in
            state.next += 1
            return "\(prefix)-\(state.next)"
        }
    }

    private func poll(_ id: String) -> TestResponse {
        let outcome: (Batch, [UInt8])? = state.withLock { state in
            guard var batch = state.batches[id], let input = state.files[batch.inputFile] else { return nil }
            batch.polls += 1
            state.batches[id] = batch
            return (batch, input)
        }
        guard let (batch, input) = outcome else { return .error(status: 404, message: "no batch \(id)") }
        let lines = String(decoding: input, as: UTF8.self).split(separator: "\n").map(String.init)
        guard batch.polls > pollsBeforeDone else {
            return .json(body: Self.batchJSON(id: id, status: "in_progress", input: batch.inputFile, output: nil, total: lines.count, done: lines.count / 2))
        }
        var output = batch.outputFile
        if output == nil {
            let results = lines.map(Self.answer).joined(separator: "\n") + "\n"
            let file = newID("file")
            state.withLock { state in
                state.files[file] = Array(results.utf8)
                state.batches[id]?.outputFile = file
            }
            output = file
        }
        return .json(body: Self.batchJSON(id: id, status: "completed", input: batch.inputFile, output: output, total: lines.count, done: lines.count))
    }

    /// One output line for one input line.
    static func answer(_ line: String) -> String {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any],
              let customID = object["custom_id"] as? String else {
            return #"{"id": "bad", "custom_id": null, "response": null, "error": {"code": "invalid_json", "message": "a line is not JSON"}}"#
        }
        let body = object["body"] as? [String: Any] ?? [:]
        let messages = body["messages"] as? [[String: Any]] ?? []
        let last = messages.last { $0["role"] as? String == "user" }?["content"] as? String ?? ""
        if last == "TROUPE_TEST_FAIL" {
            let error = TestJSON.error(message: "the model failed", type: "server_error", param: nil, code: nil)
            return #"{"id": "req-\#(customID)", "custom_id": \#(TestJSON.quote(customID)), "response": {"status_code": 500, "body": \#(error)}, "error": null}"#
        }
        let model = body["model"] as? String ?? "test-model"
        let reply = "Echo: " + last
        let completion = TestJSON.completion(
            content: reply, model: model, finishReason: "stop",
            usage: TestUsage(promptTokens: TestServer.words(of: last).count + 8, completionTokens: TestServer.words(of: reply).count))
        return #"{"id": "req-\#(customID)", "custom_id": \#(TestJSON.quote(customID)), "response": {"status_code": 200, "body": \#(completion)}, "error": null}"#
    }

    static func batchJSON(id: String, status: String, input: String, output: String?, total: Int, done: Int) -> String {
        #"{"id": "\#(id)", "object": "batch", "endpoint": "/v1/chat/completions", "status": "\#(status)", "input_file_id": "\#(input)", "output_file_id": \#(TestJSON.optional(output)), "error_file_id": null, "request_counts": {"total": \#(total), "completed": \#(done), "failed": 0}}"#
    }

    /// The content of the `file` part of a multipart/form-data body.
    static func multipartFile(_ request: RecordedRequest) -> [UInt8]? {
        guard let type = request.header("content-type"), let range = type.range(of: "boundary=") else { return nil }
        var boundary = String(type[range.upperBound...])
        if boundary.hasPrefix("\"") { boundary = String(boundary.dropFirst().dropLast()) }
        let text = String(decoding: request.body, as: UTF8.self)
        for part in text.components(separatedBy: "--" + boundary) {
            guard part.contains("name=\"file\""), let split = part.range(of: "\r\n\r\n") else { continue }
            var content = String(part[split.upperBound...])
            if content.hasSuffix("\r\n") { content.removeLast(2) }
            return Array(content.utf8)
        }
        return nil
    }
}
