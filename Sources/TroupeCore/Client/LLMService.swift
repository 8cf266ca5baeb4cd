import Foundation
import Logging
import Synchronization

/// What the shell and the CLI call: picks the client from the registry, answers from the
/// response cache when it is on, stores fresh answers, and bounds the model calls in flight
/// (MAX_CONCURRENT_MODEL_CALLS) across every task that uses it.
public actor LLMService {
    /// The configuration requests are made with.
    public private(set) var config: TroupeConfig
    /// The clients by API type (force an API type through it or ``force(apiType:)``).
    public nonisolated let registry: ClientRegistry
    /// Where troupe's files live (the cache folder among them).
    public nonisolated let paths: TroupePaths
    /// The model facts requests are shaped by (reasoning, output limits, context) and costs
    /// are computed from: the one given, else the built-in table, parsed at its first use
    /// (so starting the shell does not pay for it).
    public nonisolated var catalog: ModelCatalog { givenCatalog ?? .builtIn }
    /// The catalog given at init (the user's `models.yaml` applied), or nil for the built-in one.
    public nonisolated let givenCatalog: ModelCatalog?

    let currentDirectory: String
    nonisolated private let slots: AsyncSemaphore
    /// TinyTroupe's `force_api_cache`: wins over the configuration while set.
    var forcedCache: (enabled: Bool, fileName: String)?
    var openCache: ResponseCache?
    /// Cache files that could not be used, already warned about (once per file).
    var unusableCaches: Set<String> = []
    /// The client for the current API type and connection settings, made once and reused:
    /// changing a request parameter (temperature, say) does not make a new one.
    private var currentClient: (identity: ClientIdentity, client: any LLMClient)?
    let logger = Logger(label: "troupe.core")

    /// - Parameter config: the settings (see ``ConfigLoader``).
    /// - Parameter registry: the clients; the built-in ones by default.
    /// - Parameter paths: where the cache folder is.
    /// - Parameter currentDirectory: where a CACHE_FILE_NAME path such as `./x` is taken from.
    /// - Parameter catalog: the model facts; nil: the built-in table (the CLI passes the
    ///   user's `models.yaml` applied to it when there is one, see ``ModelCatalog/loading(userFile:)``).
    public init(
        config: TroupeConfig,
        registry: ClientRegistry = ClientRegistry(),
        paths: TroupePaths = TroupePaths(),
        currentDirectory: String = FileManager.default.currentDirectoryPath,
        catalog: ModelCatalog? = nil
    ) {
        self.config = config
        self.registry = registry
        self.paths = paths
        self.givenCatalog = catalog
        self.currentDirectory = currentDirectory
        self.slots = AsyncSemaphore(limit: config.maxConcurrentModelCalls ?? Int.max)
    }

    private init(config: TroupeConfig, sharing other: LLMService) {
        self.config = config
        self.registry = other.registry
        self.paths = other.paths
        self.givenCatalog = other.givenCatalog
        self.currentDirectory = other.currentDirectory
        self.slots = other.slots
    }

    /// A service with another configuration (another model, server or API type) that shares
    /// this one's MAX_CONCURRENT_MODEL_CALLS bound, registry and paths: the calls of both
    /// count against one limit, as an eval's providers do. The limit stays this service's.
    public nonisolated func sibling(with config: TroupeConfig) -> LLMService {
        LLMService(config: config, sharing: self)
    }

    /// Replaces the whole configuration (a replay's, a loaded session's).
    public func update(_ config: TroupeConfig) async {
        self.config = config
        await configurationChanged()
    }

    /// Changes one setting for the rest of the session, validated like config files; API_TYPE
    /// may name any registered client.
    /// - Throws: ``ConfigError`` naming the setting and what it accepts.
    public func set(_ setting: Setting, to text: String) async throws {
        try config.set(setting, to: text, source: .session, knownAPITypes: Set(registry.knownAPITypes))
        await configurationChanged()
    }

    /// Changes one setting to a typed value (nil unsets it) for the rest of the session.
    /// - Throws: ``ConfigError`` naming the setting and what it accepts.
    public func set(_ setting: Setting, value: JSONValue?) async throws {
        try config.set(setting, value: value, source: .session, knownAPITypes: Set(registry.knownAPITypes))
        await configurationChanged()
    }

    private func configurationChanged() async {
        if cachePath != openCache?.path { openCache = nil }
        await slots.setLimit(config.maxConcurrentModelCalls ?? Int.max)
    }

    /// Uses `apiType` whatever the configuration says (nil: back to API_TYPE).
    /// - Throws: ``ClientRegistryError/unknownAPIType(_:known:)``.
    public func force(apiType: String?) throws {
        try registry.force(apiType: apiType)
    }

    // MARK: - Requests

    /// Sends a chat request and waits for the whole answer (from the cache when it has it).
    /// - Parameters:
    ///   - parameters: nil uses ``TroupeConfig/chatParameters()``.
    ///   - sample: which cached answer to give or keep (see ``CacheSample``).
    ///   - onEvent: told of retries and warnings.
    public func complete(
        _ messages: [ChatMessage], parameters: ChatParameters? = nil, sample: CacheSample = .first,
        onEvent: @escaping ChatEventHandler = { _ in }
    ) async throws -> ChatCompletion {
        try await run(messages, parameters: parameters, sample: sample, stream: false, onEvent: onEvent)
    }

    /// Sends a chat request and streams the answer: each text delta goes to `onEvent` as it
    /// arrives (awaited, so nothing piles up between the socket and the reader), and the
    /// whole answer is returned. A cached answer arrives as one delta and is marked
    /// ``ChatCompletion/fromCache``. Cancelling the calling task cancels the request.
    public func stream(
        _ messages: [ChatMessage], parameters: ChatParameters? = nil, sample: CacheSample = .first,
        onEvent: @escaping ChatEventHandler
    ) async throws -> ChatCompletion {
        try await run(messages, parameters: parameters, sample: sample, stream: true, onEvent: onEvent)
    }

    /// The embedding vector of `text`; `model` defaults to EMBEDDING_MODEL. Not cached.
    public func embedding(of text: String, model: String? = nil) async throws -> [Double] {
        let model = model ?? config.embeddingModel
        let (_, client) = try resolveClient()
        return try await withSlot {
            try await client.embedding(of: text, model: model)
        }
    }

    /// The model names the current endpoint offers, for completion; empty when it cannot say
    /// within `limit` (never an error: completion uses what has arrived).
    public func availableModels(within limit: Duration = .seconds(2)) async -> [String] {
        guard let (_, client) = try? resolveClient() else { return [] }
        return (try? await RequestExecutor.withDeadline(limit) { try await client.models() }) ?? []
    }

    /// The request `messages` and `parameters` make for the current client (what is sent):
    /// MAX_TOKENS and MAX_COMPLETION_TOKENS are lowered to the catalog's maximum output of
    /// the model, so a request never asks for more than the model allows.
    public func request(for messages: [ChatMessage], parameters: ChatParameters? = nil) -> ChatRequest {
        var parameters = parameters ?? config.chatParameters()
        for setting in [Setting.maxTokens, .maxCompletionTokens] {
            guard let requested = parameters[setting]?.numberValue.map({ Int($0) }) else { continue }
            let clamped = catalog.clampedMaxTokens(requested: requested, model: parameters.model)
            if clamped != requested { parameters[setting] = clamped.map { .number(Double($0)) } }
        }
        return ChatRequest(
            messages: messages, parameters: parameters, reasoning: isReasoning(parameters.model),
            defaultTimeout: config.timeout)
    }

    private func run(
        _ messages: [ChatMessage], parameters: ChatParameters?, sample: CacheSample, stream: Bool,
        onEvent: @escaping ChatEventHandler
    ) async throws -> ChatCompletion {
        let (apiType, client) = try resolveClient()
        let request = client.adapt(request(for: messages, parameters: parameters))
        try checkContext(request, apiType: apiType)
        var storeAs: (cache: ResponseCache, key: CacheKey, sample: Int)?
        if let cache = await cacheIfEnabled(onEvent: onEvent) {
            let key = try CacheKey(apiType: apiType, endpoint: client.endpointIdentity, request: request)
            switch sample {
            case .index(let index):
                if let hit = lookup(key, sample: index, in: cache) {
                    if stream, !hit.content.isEmpty { await onEvent(.delta(hit.content)) }
                    return hit
                }
                storeAs = (cache, key, index)
            case .fresh:
                storeAs = (cache, key, (try? cache.nextSample(for: key)) ?? 0)
            }
        }
        logRequest(request, apiType: apiType, stream: stream)
        let clock = ContinuousClock()
        let start = clock.now
        let firstDelta = Mutex<ContinuousClock.Instant?>(nil)
        var completion = try await withSlot {
            try await client.send(request, stream: stream) { event in
                if case .delta = event {
                    firstDelta.withLock { if $0 == nil { $0 = clock.now } }
                }
                await onEvent(event)
            }
        }
        let end = clock.now
        completion.latency = ResponseLatency(
            firstTokenSeconds: stream ? firstDelta.withLock { $0 }.map { ($0 - start).seconds } : nil,
            totalSeconds: (end - start).seconds)
        if let storeAs, !completion.timedOut {
            await store(completion, for: storeAs.key, sample: storeAs.sample, in: storeAs.cache, onEvent: onEvent)
        }
        return completion
    }

    /// The model name requests go out with on the current API type: MODEL, or the local
    /// model's file name on `local`.
    public func modelInUse(_ parameters: ChatParameters? = nil) -> String {
        // Only the model is wanted: no catalog lookup (the banner asks before anything else).
        let request = ChatRequest(model: (parameters ?? config.chatParameters()).model, messages: [])
        return (try? resolveClient().1.adapt(request).model) ?? request.model
    }

    /// Whether `model` is sent as a reasoning model: REASONING_MODEL, or a reasoning family.
    func isReasoning(_ model: String) -> Bool {
        model == config.reasoningModel || catalog.isReasoningModel(model)
    }

    /// Logs a request about to be sent at debug level, with its prompt tokens counted locally
    /// as TinyTroupe does before each call; nothing is counted when debug logging is off.
    private func logRequest(_ request: ChatRequest, apiType: String, stream: Bool) {
        guard logger.logLevel <= .debug else { return }
        var metadata: Logger.Metadata = [
            "api": "\(apiType)", "model": "\(request.model)", "stream": "\(stream)", "messages": "\(request.messages.count)",
        ]
        // tiktoken does not count a local GGUF model's tokens; its own count comes back as usage.
        if apiType != LocalClient.apiTypeName {
            metadata["prompt_tokens"] = "\(ChatTokenCount.promptTokens(request.messages, model: request.model))"
        }
        logger.debug("chat request", metadata: metadata)
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

    func resolveClient() throws -> (String, any LLMClient) {
        let apiType = registry.apiType(for: config)
        let identity = ClientIdentity(apiType: apiType, config: config)
        if let current = currentClient, current.identity == identity {
            return (apiType, current.client)
        }
        var effective = config
        if effective.apiType != apiType {
            try effective.set(.apiType, to: apiType, source: .session, knownAPITypes: Set(registry.knownAPITypes))
        }
        let client = try registry.client(for: effective)
        currentClient = (identity, client)
        return (apiType, client)
    }
}

/// What a client is made from: the API type, the connection settings and the credentials.
/// Request parameters are not part of it, so changing one reuses the client.
struct ClientIdentity: Hashable {
    var apiType: String
    var settings: [JSONValue?]
    var credentials: Credentials

    init(apiType: String, config: TroupeConfig) {
        self.apiType = apiType
        settings = Setting.all.filter { $0.placement == .client || $0.placement == .requestTimeout }.map { config[$0] }
        credentials = config.credentials
    }
}
