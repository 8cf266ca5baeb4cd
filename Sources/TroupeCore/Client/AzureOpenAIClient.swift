import Foundation

/// A client for Azure OpenAI. The model name is the deployment name.
///
/// Sends `POST {endpoint}/openai/deployments/{deployment}/chat/completions?api-version=V`
/// (and `/embeddings`) with the `api-key` header, or `Authorization: Bearer` with an Entra ID
/// token when no key is set. With `apiVersion` nil or `v1` it uses Azure's v1 API:
/// `{endpoint}/openai/v1/chat/completions`, no dated version.
public struct AzureOpenAIClient: LLMClient {
    public let apiType = "azure"
    public let configuration: ClientConfiguration
    private let api: ChatAPI

    /// - Throws: ``ClientError/invalidConfiguration(_:)`` when the endpoint is not http(s).
    public init(configuration: ClientConfiguration) throws {
        var endpoint = configuration.baseURL.withoutTrailingSlash
        guard endpoint.hasPrefix("http://") || endpoint.hasPrefix("https://") else {
            throw ClientError.invalidConfiguration(
                "the Azure endpoint (AZURE_OPENAI_ENDPOINT) must start with https:// (got \"\(URLRedaction.redacted(endpoint))\")"
            )
        }
        self.configuration = configuration
        let version = configuration.apiVersion.flatMap { $0.isEmpty ? nil : $0 }
        if version == nil || version == "v1" || endpoint.hasSuffix("/openai/v1") {
            if !endpoint.hasSuffix("/openai/v1") { endpoint += "/openai/v1" }
            let base = endpoint
            api = ChatAPI(
                configuration: configuration,
                chatURL: { _ in base + "/chat/completions" },
                embeddingsURL: { _ in base + "/embeddings" }
            )
        } else {
            let query = "?api-version=" + Self.escape(version ?? "")
            let base = endpoint
            api = ChatAPI(
                configuration: configuration,
                chatURL: { base + "/openai/deployments/" + Self.escape($0) + "/chat/completions" + query },
                embeddingsURL: { base + "/openai/deployments/" + Self.escape($0) + "/embeddings" + query }
            )
        }
    }

    private static func escape(_ component: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return component.addingPercentEncoding(withAllowedCharacters: allowed) ?? component
    }

    public var endpointIdentity: String { AsyncHTTPTransport.target(of: configuration.baseURL) }

    public func send(_ request: ChatRequest, stream: Bool, onEvent: @escaping ChatEventHandler) async throws -> ChatCompletion {
        try await api.send(request, stream: stream, onEvent: onEvent)
    }

    public func embedding(of text: String, model: String) async throws -> [Double] {
        try await api.embedding(of: text, model: model)
    }
}
