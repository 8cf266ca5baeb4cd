/// A chat model provider (OpenAI, Azure OpenAI, or a custom one registered by a user).
///
/// Clients speak to the network and retry; caching and the concurrency bound live in
/// ``LLMService`` so that every client gets them.
public protocol LLMClient: Sendable {
    /// The API type this client serves (`openai`, `azure`, ...).
    var apiType: String { get }

    /// Sends a chat request and waits for the whole answer.
    func complete(_ messages: [ChatMessage], parameters: ChatParameters) async throws -> ChatCompletion

    /// Sends a chat request with `stream: true`; the stream ends with `.completed`.
    func stream(_ messages: [ChatMessage], parameters: ChatParameters) -> AsyncThrowingStream<ChatStreamEvent, any Error>

    /// The embedding vector of `text`.
    func embedding(of text: String, model: String) async throws -> [Double]
}
