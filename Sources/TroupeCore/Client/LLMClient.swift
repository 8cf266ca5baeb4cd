/// A chat model provider (OpenAI, Azure OpenAI, a local server, or a custom one registered
/// by a user).
///
/// Clients speak to the network and retry; caching and the concurrency bound live in
/// ``LLMService`` so that every client gets them. The service builds the ``ChatRequest``
/// (the body fields this model takes), so the cache key is made from what is sent.
public protocol LLMClient: Sendable {
    /// The API type this client serves (`openai`, `azure`, ...).
    var apiType: String { get }

    /// What identifies the endpoint in cache keys: its host (and port), never a credential.
    var endpointIdentity: String { get }

    /// The request as this client sends it (the local client names its model file here), so
    /// the cache key is made from what is sent. The default sends it unchanged.
    func adapt(_ request: ChatRequest) -> ChatRequest

    /// Sends a chat request. With `stream` the answer is requested as server-sent events and
    /// each text delta goes to `onEvent` as it arrives; retries are reported there too.
    func send(_ request: ChatRequest, stream: Bool, onEvent: @escaping ChatEventHandler) async throws -> ChatCompletion

    /// The embedding vector of `text`.
    func embedding(of text: String, model: String) async throws -> [Double]

    /// The model names the endpoint offers (for completion); empty when it cannot say.
    func models() async throws -> [String]
}

extension LLMClient {
    public var endpointIdentity: String { "" }

    public func adapt(_ request: ChatRequest) -> ChatRequest { request }

    public func models() async throws -> [String] { [] }
}
