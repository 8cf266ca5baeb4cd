/// A client for the OpenAI Chat Completions API, or any OpenAI-compatible server.
///
/// Sends `POST {baseURL}/chat/completions` and `POST {baseURL}/embeddings` with
/// `Authorization: Bearer <key>`.
public struct OpenAIClient: LLMClient {
    public let apiType = "openai"
    public let configuration: ClientConfiguration
    private let api: ChatAPI

    /// - Throws: ``ClientError/invalidConfiguration(_:)`` when the base URL is not http(s).
    public init(configuration: ClientConfiguration) throws {
        let base = configuration.baseURL.withoutTrailingSlash
        guard base.hasPrefix("http://") || base.hasPrefix("https://") else {
            throw ClientError.invalidConfiguration("the base URL must start with http:// or https:// (got \"\(base)\")")
        }
        self.configuration = configuration
        api = ChatAPI(
            configuration: configuration,
            chatURL: { _ in base + "/chat/completions" },
            embeddingsURL: { _ in base + "/embeddings" }
        )
    }

    public func complete(_ messages: [ChatMessage], parameters: ChatParameters) async throws -> ChatCompletion {
        try await api.complete(messages, parameters: parameters)
    }

    public func stream(_ messages: [ChatMessage], parameters: ChatParameters) -> AsyncThrowingStream<ChatStreamEvent, any Error> {
        api.stream(messages, parameters: parameters)
    }

    public func embedding(of text: String, model: String) async throws -> [Double] {
        try await api.embedding(of: text, model: model)
    }
}
