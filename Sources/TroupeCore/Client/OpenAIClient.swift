/// A client for the OpenAI Chat Completions API, or any OpenAI-compatible server.
///
/// Sends `POST {baseURL}/chat/completions` and `POST {baseURL}/embeddings` with
/// `Authorization: Bearer <key>`.
public struct OpenAIClient: LLMClient {
    public let apiType: String
    public let configuration: ClientConfiguration
    private let api: ChatAPI

    /// - Parameter apiType: the API type it serves (`openai`; `local` for the local server).
    /// - Throws: ``ClientError/invalidConfiguration(_:)`` when the base URL is not http(s).
    public init(configuration: ClientConfiguration, apiType: String = "openai") throws {
        let base = configuration.baseURL.withoutTrailingSlash
        guard base.hasPrefix("http://") || base.hasPrefix("https://") else {
            throw ClientError.invalidConfiguration("the base URL must start with http:// or https:// (got \"\(URLRedaction.redacted(base))\")")
        }
        self.apiType = apiType
        self.configuration = configuration
        api = ChatAPI(
            configuration: configuration,
            chatURL: { _ in base + "/chat/completions" },
            embeddingsURL: { _ in base + "/embeddings" }
        )
    }

    public var endpointIdentity: String { AsyncHTTPTransport.target(of: configuration.baseURL) }

    public func send(_ request: ChatRequest, stream: Bool, onEvent: @escaping ChatEventHandler) async throws -> ChatCompletion {
        try await api.send(request, stream: stream, onEvent: onEvent)
    }

    public func embedding(of text: String, model: String) async throws -> [Double] {
        try await api.embedding(of: text, model: model)
    }

    /// `GET {baseURL}/models`: the ids the server lists (OpenAI, llama.cpp, vLLM, Ollama, ...).
    public func models() async throws -> [String] {
        try await api.models(url: configuration.baseURL.withoutTrailingSlash + "/models")
    }
}
