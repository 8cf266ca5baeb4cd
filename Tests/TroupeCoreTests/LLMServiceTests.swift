import Foundation
import Synchronization
import Testing
@testable import TroupeCore

@Suite("LLMService: cache, streaming replay, concurrency bound, routing")
struct LLMServiceTests {
    let scratch: ScratchDirectory
    let client: ScriptedClient
    let registry: ClientRegistry

    init() throws {
        scratch = try ScratchDirectory()
        let client = ScriptedClient(delay: .milliseconds(5))
        self.client = client
        registry = ClientRegistry(factories: ["openai": { _ in client }])
    }

    func service(cache: Bool = false, limit: String = "4", _ more: [String: String] = [:]) throws -> LLMService {
        var config = TroupeConfig()
        try config.set(.cacheAPICalls, to: cache ? "true" : "false", source: .flag)
        try config.set(.cacheFileName, to: "./cache.sqlite", source: .flag)
        try config.set(.maxConcurrentModelCalls, to: limit, source: .flag)
        for (key, value) in more { try config.set(key, to: value, source: .flag) }
        return LLMService(config: config, registry: registry, currentDirectory: scratch.path)
    }

    @Test func withoutCacheEveryCallReachesTheClient() async throws {
        let service = try service()
        let first = try await service.complete([.user("hi")])
        let second = try await service.complete([.user("hi")])
        #expect(first.content == "reply to hi" && !first.fromCache && !second.fromCache)
        #expect(client.calls.count == 2)
        #expect(client.calls[0].request == request([.user("hi")], TroupeConfig().chatParameters(), timeout: 480))
        #expect(!FileManager.default.fileExists(atPath: scratch.file("cache.sqlite")))
    }

    @Test func aCacheHitMakesNoRequest() async throws {
        let service = try service(cache: true)
        let first = try await service.complete([.user("hi")])
        let second = try await service.complete([.user("hi")])
        #expect(!first.fromCache)
        #expect(second.fromCache)
        #expect(second.content == first.content && second.usage == first.usage)
        #expect(client.calls.count == 1)

        // The timeout is not part of the key; the temperature is.
        var parameters = await service.config.chatParameters()
        parameters[.timeout] = 1
        #expect(try await service.complete([.user("hi")], parameters: parameters).fromCache)
        parameters[.temperature] = 0.1
        #expect(try await !service.complete([.user("hi")], parameters: parameters).fromCache)
        #expect(client.calls.count == 2)

        let status = await service.cacheStatus
        #expect(status == CacheStatus(enabled: true, path: scratch.file("cache.sqlite"), entries: 2, forced: false))
    }

    @Test func aStreamedAnswerIsStoredAndReplayedAsAStream() async throws {
        let service = try service(cache: true)
        let live = try await service.streamed([.user("tell me more")])
        #expect(live.deltas == ["reply", " to", " tell", " me", " more"])
        #expect(live.completion.content == "reply to tell me more" && !live.completion.fromCache)
        let original = try #require(live.completion.latency)
        let replay = try await service.streamed([.user("tell me more")])
        #expect(replay.deltas == ["reply to tell me more"])
        #expect(replay.completion.fromCache && replay.completion.content == live.completion.content)
        // A cached answer keeps the latency it had when it was made.
        #expect(replay.completion.latency == original)
        // The non-streamed call shares the key.
        #expect(try await service.complete([.user("tell me more")]).fromCache)
        #expect(client.calls.count == 1)
        #expect(client.calls[0].streamed)
    }

    @Test func failuresAreNotCachedAndReleaseTheirSlot() async throws {
        let service = try service(cache: true, limit: "1")
        client.failNext(2)
        await #expect(throws: ScriptedClient.Failure.self) { try await service.complete([.user("x")]) }
        await #expect(throws: ScriptedClient.Failure.self) { try await service.streamed([.user("x")]) }
        #expect(await service.cacheStatus.entries == 0)
        let answer = try await service.complete([.user("x")])
        #expect(!answer.fromCache)
        #expect(client.calls.count == 3)
    }

    @Test func theCacheToggleAndTheForcedOverride() async throws {
        let service = try service(cache: false)
        _ = try await service.complete([.user("a")])
        try await service.setCache(enabled: true)
        #expect(await service.config.source(of: .cacheAPICalls) == .session)
        _ = try await service.complete([.user("a")])
        #expect(try await service.complete([.user("a")]).fromCache)
        #expect(client.calls.count == 2)

        try await service.forceCache(true, fileName: "./forced/other.sqlite")
        var status = await service.cacheStatus
        #expect(status.forced && status.enabled && status.entries == 0 && status.path == scratch.file("forced/other.sqlite"))
        #expect(try await !service.complete([.user("a")]).fromCache)
        try await service.forceCache(false)
        #expect(try await !service.complete([.user("a")]).fromCache)
        try await service.forceCache(nil)
        status = await service.cacheStatus
        #expect(!status.forced && status.enabled && status.path == scratch.file("cache.sqlite") && status.entries == 1)
        try await service.clearCache()
        #expect(await service.cacheStatus.entries == 0)
        #expect(client.calls.count == 4)
    }

    /// A cache that cannot be used is a warning: the request still goes (uncached), and the
    /// status still shows, with the problem.
    @Test func aBrokenCacheFileIsAWarningNotABlock() async throws {
        try scratch.write(String(repeating: "garbage ", count: 1000), to: "cache.sqlite")
        let service = try service(cache: false)
        await #expect(throws: ResponseCacheError.self) { try await service.setCache(enabled: true) }
        let log = EventLog()
        let answer = try await service.complete([.user("a")], onEvent: log.handler)
        #expect(answer.content == "reply to a" && !answer.fromCache)
        #expect(log.warnings.count == 1 && log.warnings[0].contains("cache"))
        _ = try await service.complete([.user("a")], onEvent: log.handler)
        #expect(log.warnings.count == 1, "warned once per file")
        let status = await service.cacheStatus
        #expect(status.enabled && status.problem != nil)
        #expect(try String(contentsOfFile: scratch.file("cache.sqlite"), encoding: .utf8).hasPrefix("garbage"), "left as it was")
    }

    func peakConcurrency(limit: String, calls: Int = 8) async throws -> Int {
        let slow = ScriptedClient(delay: .milliseconds(40))
        let registry = ClientRegistry(factories: ["openai": { _ in slow }])
        var config = TroupeConfig()
        try config.set(.maxConcurrentModelCalls, to: limit, source: .flag)
        let service = LLMService(config: config, registry: registry, currentDirectory: scratch.path)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<calls {
                group.addTask {
                    if index % 2 == 0 {
                        _ = try await service.complete([.user("\(index)")])
                    } else {
                        _ = try await service.streamed([.user("\(index)")])
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(slow.calls.count == calls)
        return slow.maxInFlight
    }

    @Test(.timeLimit(.minutes(1)))
    func maxConcurrentModelCallsBoundsCallsAcrossTasks() async throws {
        #expect(try await peakConcurrency(limit: "2") == 2)
        #expect(try await peakConcurrency(limit: "1") == 1)
        #expect(try await peakConcurrency(limit: "none") == 8)
    }

    @Test(.timeLimit(.minutes(1)))
    func updatingTheConfigChangesTheBound() async throws {
        let slow = ScriptedClient(delay: .milliseconds(40))
        let service = LLMService(config: try {
            var config = TroupeConfig()
            try config.set(.maxConcurrentModelCalls, to: "1", source: .flag)
            return config
        }(), registry: ClientRegistry(factories: ["openai": { _ in slow }]), currentDirectory: scratch.path)
        var config = await service.config
        try config.set(.maxConcurrentModelCalls, to: "3", source: .session)
        await service.update(config)
        #expect(await service.config.maxConcurrentModelCalls == 3)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<6 { group.addTask { _ = try await service.complete([.user("\(index)")]) } }
            try await group.waitForAll()
        }
        #expect(slow.maxInFlight == 3)
    }

    @Test func setChangesTheSessionAndAcceptsRegisteredTypes() async throws {
        let service = try service(cache: false, limit: "1")
        try await service.set(.temperature, to: "0.25")
        #expect(await service.config[.temperature] == 0.25)
        #expect(await service.config.source(of: "TEMPERATURE") == .session)
        await #expect(throws: ConfigError.self) { try await service.set(.temperature, to: "hot") }
        await #expect(throws: ConfigError.self) { try await service.set(.apiType, to: "custom") }
        registry.register("custom") { _ in ScriptedClient(apiType: "custom") }
        try await service.set(.apiType, to: "custom")
        #expect(await service.config.apiType == "custom")
        _ = try await service.complete([.user("x")])
        #expect(client.calls.isEmpty)
    }

    @Test func messagesAreDedentedWhenAsked() async throws {
        let service = try service()
        let text = "\n    Hello\n      world\n    "
        _ = try await service.complete([.user(text)], parameters: ChatParameters(model: "m", [.dedent: true]))
        _ = try await service.complete([.user(text)], parameters: ChatParameters(model: "m", [.dedent: false]))
        #expect(client.calls.map { $0.request.messages[0].content } == ["\nHello\n  world\n", text])
        // The configuration's default is TinyTroupe's: dedent on.
        _ = try await service.complete([.user(text)])
        #expect(client.calls[2].request.messages[0].content == "\nHello\n  world\n")
    }

    @Test func embeddingsUseTheConfiguredModelByDefault() async throws {
        let service = try service(["embedding_model": "emb-1"])
        #expect(try await service.embedding(of: "abcd") == [4, 1, 2])
        _ = try await service.embedding(of: "abcd", model: "emb-2")
        #expect(client.embeddingModels == ["emb-1", "emb-2"])
    }

    @Test func forcingTheAPITypeRoutesAndKeysTheCacheByType() async throws {
        let azure = ScriptedClient(apiType: "azure")
        registry.register("azure") { _ in azure }
        let service = try service(cache: true)
        _ = try await service.complete([.user("q")])
        try await service.force(apiType: "azure")
        let fromAzure = try await service.complete([.user("q")])
        #expect(!fromAzure.fromCache)
        #expect(azure.calls.count == 1 && client.calls.count == 1)
        await #expect(throws: ClientRegistryError.self) { try await service.force(apiType: "nope") }
    }

    @Test(.timeLimit(.minutes(1)))
    func stoppingAStreamCancelsTheRequestAndFreesTheSlot() async throws {
        let slow = ScriptedClient(delay: .milliseconds(30))
        var config = TroupeConfig()
        try config.set(.maxConcurrentModelCalls, to: "1", source: .flag)
        let service = LLMService(config: config, registry: ClientRegistry(factories: ["openai": { _ in slow }]),
                                 currentDirectory: scratch.path)
        let firstDelta = AsyncStream<Void>.makeStream()
        let reading = Task {
            try await service.stream([.user("a long answer with many words")]) { event in
                if case .delta = event { firstDelta.continuation.yield() }
            }
        }
        for await _ in firstDelta.stream { break }
        reading.cancel()
        _ = await reading.result
        // The slot must come back: the next call would hang otherwise.
        let next = try await service.complete([.user("b")])
        #expect(next.content == "reply to b")
        let deadline = ContinuousClock.now + .seconds(5)
        while slow.cancelledStreams == 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(slow.cancelledStreams == 1)
    }
}

extension LLMServiceTests {
    /// Changing a request parameter reuses the client; changing how it connects makes a new one.
    @Test func changingTemperatureDoesNotMakeANewClient() async throws {
        let made = Mutex(0)
        let client = self.client
        let registry = ClientRegistry(factories: ["openai": { _ in made.withLock { $0 += 1 }; return client }])
        let service = LLMService(config: TroupeConfig(), registry: registry, currentDirectory: scratch.path)
        _ = try await service.complete([.user("a")])
        try await service.set(.temperature, to: "0.2")
        try await service.set(.maxTokens, to: "12")
        _ = try await service.complete([.user("b")])
        #expect(made.withLock { $0 } == 1)
        #expect(client.calls.last?.request.fields["temperature"] == 0.2)
        try await service.set(.maxAttempts, to: "2")
        _ = try await service.complete([.user("c")])
        #expect(made.withLock { $0 } == 2)
    }

    /// A fresh sample skips the lookup and is stored beside the first answer; both stay.
    @Test func freshSamplesAreNewAnswersStoredBesideTheOldOnes() async throws {
        let service = try service(cache: true)
        _ = try await service.complete([.user("q")])
        let fresh = try await service.complete([.user("q")], sample: .fresh)
        #expect(!fresh.fromCache)
        #expect(client.calls.count == 2)
        #expect(try await service.complete([.user("q")], sample: .index(0)).fromCache)
        #expect(try await service.complete([.user("q")], sample: .index(1)).fromCache)
        #expect(try await !service.complete([.user("q")], sample: .index(2)).fromCache)
        #expect(client.calls.count == 3)
        #expect(await service.cacheStatus.entries == 3)
    }
}
