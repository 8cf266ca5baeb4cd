import Foundation

/// The `local` API type: llama.cpp's server on this machine, started on first use by the
/// process's ``LocalServer`` (in the background, while the shell is already at its prompt)
/// and spoken to with the OpenAI protocol: streaming, usage, retries and Ctrl-C as for any
/// server.
///
/// Requests name the model by its file name; the fresh key of each server is sent as a
/// Bearer token. Answers cost nothing.
public struct LocalClient: LLMClient {
    /// The API type's name in API_TYPE.
    public static let apiTypeName = "local"
    public let apiType = LocalClient.apiTypeName
    /// The process's local server.
    public let server: LocalServer
    /// What the server is to run with (a change restarts it before the next request).
    public let serverConfiguration: LocalServerConfiguration
    /// The model's file name (what requests and answers name).
    public let modelName: String
    /// Retries, timeouts and the transport (the base URL and key come from the server).
    public let configuration: ClientConfiguration

    public init(server: LocalServer, serverConfiguration: LocalServerConfiguration, modelName: String, configuration: ClientConfiguration) {
        self.server = server
        self.serverConfiguration = serverConfiguration
        self.modelName = modelName
        self.configuration = configuration
    }

    /// Answers of different model files are different answers.
    public var endpointIdentity: String { "local/" + modelName }

    public func adapt(_ request: ChatRequest) -> ChatRequest {
        var copy = request
        copy.model = modelName
        return copy
    }

    public func send(_ request: ChatRequest, stream: Bool, onEvent: @escaping ChatEventHandler) async throws -> ChatCompletion {
        let api = try await connect(onEvent: onEvent)
        do {
            return try await api.send(adapt(request), stream: stream, onEvent: onEvent)
        } catch {
            throw await explain(error)
        }
    }

    public func embedding(of text: String, model: String) async throws -> [Double] {
        let api = try await connect(onEvent: { _ in })
        do {
            return try await api.embedding(of: text, model: modelName)
        } catch {
            throw await explain(error)
        }
    }

    /// The GGUF files of the models folder (no server is needed to know them).
    public func models() async throws -> [String] {
        LocalModelFile.list(in: serverConfiguration.paths.modelsFolder).map(\.name)
    }

    /// How long a wait for the server goes unmentioned: a kept-warm server found through the
    /// state file answers its health check within this, and saying "starting" would be wrong.
    static let quietWait: Duration = .milliseconds(300)

    /// Waits for the server (saying so when the wait is noticeable: a start, not a running or
    /// kept-warm one) and makes the protocol client for its endpoint.
    private func connect(onEvent: @escaping ChatEventHandler) async throws -> ChatAPI {
        await server.update(serverConfiguration)
        let (server, modelName) = (self.server, self.modelName)
        let endpoint = try await withThrowingTaskGroup(of: LocalEndpoint?.self) { group in
            group.addTask { try await server.endpoint() }
            group.addTask {
                try await Task.sleep(for: Self.quietWait)
                await onEvent(.waiting("starting the local model (\(modelName))"))
                return nil
            }
            while let next = try await group.next() {
                if let endpoint = next {
                    group.cancelAll()
                    return endpoint
                }
            }
            throw CancellationError()
        }
        var configuration = self.configuration
        configuration.baseURL = endpoint.openAIBaseURL
        configuration.credential = .apiKey(endpoint.apiKey)
        let base = endpoint.openAIBaseURL
        return ChatAPI(configuration: configuration, chatURL: { _ in base + "/chat/completions" }, embeddingsURL: { _ in base + "/embeddings" })
    }

    /// A failure while the server had crashed says so, with its last output; the next request
    /// starts a new server.
    private func explain(_ error: any Error) async -> any Error {
        guard !(error is CancellationError), let crash = await server.lastCrash, !(await server.isRunning) else { return error }
        return LocalServerError.crashed(exit: crash.exit, tail: crash.tail, underlying: "\(error)")
    }
}
