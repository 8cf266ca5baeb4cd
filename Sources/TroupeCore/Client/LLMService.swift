import Foundation
import Logging

/// What the shell and the CLI call: picks the client from the registry, answers from the
/// response cache when it is on, stores fresh answers, and bounds the model calls in flight
/// (MAX_CONCURRENT_MODEL_CALLS) across every task that uses it.
public actor LLMService {
    /// The configuration requests are made with.
    public internal(set) var config: TroupeConfig
    /// The clients by API type (force an API type through it or ``force(apiType:)``).
    public nonisolated let registry: ClientRegistry

    let currentDirectory: String
    private let slots: AsyncSemaphore
    /// TinyTroupe's `force_api_cache`: wins over the configuration while set.
    var forcedCache: (enabled: Bool, fileName: String)?
    var openCache: ResponseCache?
    /// The client for the current API type and configuration, made once and reused.
    private var currentClient: (apiType: String, config: TroupeConfig, client: any LLMClient)?
    let logger = Logger(label: "troupe.core")

    /// - Parameter config: the settings (see ``ConfigLoader``).
    /// - Parameter registry: the clients; the built-in ones by default.
    /// - Parameter currentDirectory: where a relative CACHE_FILE_NAME is found.
    public init(
        config: TroupeConfig,
        registry: ClientRegistry = ClientRegistry(),
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) {
        self.config = config
        self.registry = registry
        self.currentDirectory = currentDirectory
        self.slots = AsyncSemaphore(limit: Self.slotCount(config))
    }

    /// Replaces the configuration (the concurrency bound and cache settings follow it).
    public func update(_ config: TroupeConfig) async {
        self.config = config
        if cachePath != openCache?.path { openCache = nil }
        await slots.setLimit(Self.slotCount(config))
    }

    /// Changes one setting for the rest of the session (the shell's `/set`), validated like
    /// config files; `API_TYPE` may name any registered client.
    /// - Throws: ``ConfigError`` naming the key and what it accepts.
    public func set(_ key: String, to value: String) async throws {
        var changed = config
        try changed.set(key, to: value, source: .session, knownAPITypes: Set(registry.knownAPITypes))
        await update(changed)
    }

    /// Uses `apiType` whatever the configuration says (nil: back to API_TYPE).
    /// - Throws: ``ClientRegistryError/unknownAPIType(_:known:)``.
    public func force(apiType: String?) throws {
        try registry.force(apiType: apiType)
    }

    // MARK: - Requests

    /// Sends a chat request and waits for the whole answer (from the cache when it has it).
    /// - Parameter parameters: nil uses ``TroupeConfig/chatParameters()``.
    public func complete(_ messages: [ChatMessage], parameters: ChatParameters? = nil) async throws -> ChatCompletion {
        let parameters = parameters ?? config.chatParameters()
        let (apiType, client) = try resolveClient()
        let messages = Self.prepared(messages, parameters)
        let key = try cacheIfEnabled().map { ($0, CacheKey(apiType: apiType, messages: messages, parameters: parameters)) }
        if let (cache, key) = key, let hit = lookup(key, in: cache) {
            return hit
        }
        logRequest(messages, parameters: parameters, apiType: apiType, stream: false)
        let completion = try await withSlot {
            try await client.complete(messages, parameters: parameters)
        }
        if let (cache, key) = key { store(completion, for: key, in: cache) }
        return completion
    }

    /// Sends a chat request and streams the answer. A cached answer is replayed as one
    /// `.delta` with its text and a `.completed` marked ``ChatCompletion/fromCache``.
    /// Cancelling the consuming task cancels the request.
    public func stream(_ messages: [ChatMessage], parameters: ChatParameters? = nil) -> AsyncThrowingStream<ChatStreamEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: ChatStreamEvent.self)
        let task = Task {
            await self.runStream(messages, parameters: parameters, into: continuation)
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// The embedding vector of `text`; `model` defaults to EMBEDDING_MODEL. Not cached.
    public func embedding(of text: String, model: String? = nil) async throws -> [Double] {
        let model = model ?? config.embeddingModel
        let (_, client) = try resolveClient()
        return try await withSlot {
            try await client.embedding(of: text, model: model)
        }
    }

    /// Logs a request about to be sent at debug level, with its prompt tokens counted locally
    /// as TinyTroupe does before each call; nothing is counted when debug logging is off.
    private func logRequest(_ messages: [ChatMessage], parameters: ChatParameters, apiType: String, stream: Bool) {
        guard logger.logLevel <= .debug else { return }
        let tokens = ChatTokenCount.promptTokens(messages, model: parameters.model)
        logger.debug("chat request", metadata: [
            "api": "\(apiType)", "model": "\(parameters.model)", "stream": "\(stream)",
            "prompt_tokens": "\(tokens)", "messages": "\(messages.count)",
        ])
    }

    private func runStream(
        _ messages: [ChatMessage],
        parameters: ChatParameters?,
        into continuation: AsyncThrowingStream<ChatStreamEvent, any Error>.Continuation
    ) async {
        do {
            let parameters = parameters ?? config.chatParameters()
            let (apiType, client) = try resolveClient()
            let messages = Self.prepared(messages, parameters)
            let key = try cacheIfEnabled().map { ($0, CacheKey(apiType: apiType, messages: messages, parameters: parameters)) }
            if let (cache, key) = key, let hit = lookup(key, in: cache) {
                if !hit.content.isEmpty { continuation.yield(.delta(hit.content)) }
                continuation.yield(.completed(hit))
                continuation.finish()
                return
            }
            logRequest(messages, parameters: parameters, apiType: apiType, stream: true)
            let completed = try await withSlot { () async throws -> ChatCompletion? in
                var completed: ChatCompletion?
                for try await event in client.stream(messages, parameters: parameters) {
                    continuation.yield(event)
                    if case .completed(let completion) = event { completed = completion }
                }
                return completed
            }
            if let completed, let (cache, key) = key { store(completed, for: key, in: cache) }
            continuation.finish()
        } catch {
            continuation.finish(throwing: error)
        }
    }

    /// Runs `body` holding one of the MAX_CONCURRENT_MODEL_CALLS slots.
    private func withSlot<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await slots.acquire()
        do {
            let result = try await body()
            await slots.release()
            return result
        } catch {
            await slots.release()
            throw error
        }
    }

    private func resolveClient() throws -> (String, any LLMClient) {
        let apiType = registry.apiType(for: config)
        if let current = currentClient, current.apiType == apiType, current.config == config {
            return (apiType, current.client)
        }
        var effective = config
        effective.apiType = apiType
        let client = try registry.client(for: effective)
        currentClient = (apiType, config, client)
        return (apiType, client)
    }

    /// Messages as sent: dedented when the parameters ask for it.
    static func prepared(_ messages: [ChatMessage], _ parameters: ChatParameters) -> [ChatMessage] {
        guard parameters.dedent else { return messages }
        return messages.map { message in
            var copy = message
            copy.content = message.content.dedented()
            return copy
        }
    }

    private static func slotCount(_ config: TroupeConfig) -> Int {
        config.maxConcurrentModelCalls ?? Int.max
    }
}
