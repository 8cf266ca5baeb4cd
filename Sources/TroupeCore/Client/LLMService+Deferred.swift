import Foundation

/// A chat request made ready to go out some other way than this service's client (a line of a
/// Batch API file), with what is needed to take its answer back: the cache entry it fills.
public struct DeferredChatRequest: Sendable {
    /// The API type it was made for (`openai`, `azure`).
    public let apiType: String
    /// The body's `model` (the deployment on Azure).
    public let model: String
    /// The JSON body, exactly as the client would send it unstreamed.
    public let body: [UInt8]
    /// The cache entry the answer goes to (nil when the cache is off).
    let cacheKey: CacheKey?
    let sample: Int
}

/// What ``LLMService/prepareDeferred(_:parameters:sample:)`` gives: the answer the cache already
/// has, or the request to send.
public enum DeferredPreparation: Sendable {
    case cached(ChatCompletion)
    case send(DeferredChatRequest)
}

extension LLMService {
    /// Prepares a request to be sent elsewhere (the Batch API) the way ``complete(_:parameters:sample:onEvent:)``
    /// would send it: the same body (clamped limits, the model's parameter rules), the same
    /// context check, and the same cache entry, so a batched answer is found by a later direct
    /// run and the other way round.
    /// - Throws: ``ContextWindowError``, ``ClientRegistryError``, ``ClientError`` (a client that
    ///   cannot be made from the configuration).
    public func prepareDeferred(
        _ messages: [ChatMessage], parameters: ChatParameters? = nil, sample: CacheSample = .first
    ) async throws -> DeferredPreparation {
        let (apiType, client) = try resolveClient()
        let request = client.adapt(request(for: messages, parameters: parameters))
        try checkContext(request, apiType: apiType)
        var key: CacheKey?
        var index = 0
        if let cache = await cacheIfEnabled(onEvent: { _ in }) {
            let cacheKey = try CacheKey(apiType: apiType, endpoint: client.endpointIdentity, request: request)
            switch sample {
            case .index(let wanted):
                if let hit = lookup(cacheKey, sample: wanted, in: cache) { return .cached(hit) }
                index = wanted
            case .fresh:
                index = (try? cache.nextSample(for: cacheKey)) ?? 0
            }
            key = cacheKey
        }
        return .send(DeferredChatRequest(
            apiType: apiType, model: request.model, body: try request.body(stream: false), cacheKey: key, sample: index))
    }

    /// The answer `body` (a chat completion, as a batch output line's `response.body` holds it)
    /// to `request`, stored in the cache as a fresh answer would be.
    /// - Throws: ``ClientError/malformedResponse(_:)`` when `body` is not a chat completion.
    public func receiveDeferred(_ body: [UInt8], for request: DeferredChatRequest) async throws -> ChatCompletion {
        let wire: ChatCompletionWire
        do {
            wire = try JSONDecoder().decode(ChatCompletionWire.self, from: Data(body))
        } catch {
            throw ClientError.malformedResponse("a batch answer is not a chat completion")
        }
        var completion = try wire.completion()
        completion.batched = true
        if let key = request.cacheKey, let cache = await cacheIfEnabled(onEvent: { _ in }) {
            await store(completion, for: key, sample: request.sample, in: cache, onEvent: { _ in })
        }
        return completion
    }
}
