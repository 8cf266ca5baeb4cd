import Foundation
import Testing
import TroupeCore
import TroupeTestSupport

/// LLMService with the real clients against the local HTTP server: the cache and the
/// concurrency bound seen from the server's side.
@Suite("LLMService over HTTP: cache and bound")
struct LLMServiceServerTests {
    let scratch: ScratchDirectory
    init() throws { scratch = try ScratchDirectory() }

    func config(_ server: TestServer, apiType: String = "openai", cache: Bool = true, limit: String = "4") throws -> TroupeConfig {
        try testLoader(home: nil, currentDirectory: scratch.path, environment: [
            "OPENAI_API_KEY": testKey,
            "AZURE_OPENAI_KEY": testKey,
            "AZURE_OPENAI_ENDPOINT": server.endpoint,
        ]).load(flags: [
            "API_TYPE": apiType, "BASE_URL": server.baseURL, "CACHE_API_CALLS": cache ? "yes" : "no",
            "CACHE_FILE_NAME": "./answers.sqlite", "MAX_CONCURRENT_MODEL_CALLS": limit, "MAX_ATTEMPTS": "1",
            "TIMEOUT": "10", "MODEL": "gpt-4o-mini",
        ])
    }

    @Test func aCachedAnswerMakesNoRequestInThisRunOrTheNext() async throws {
        try await withServer { server in
            let service = LLMService(config: try config(server), currentDirectory: scratch.path)
            let first = try await service.complete([.user("cache me")])
            #expect(first.content == "Echo: cache me" && !first.fromCache)
            #expect(server.requests.count == 1)

            let again = try await service.complete([.user("cache me")])
            #expect(again.fromCache && again.content == first.content)
            let replay = try await service.streamed([.user("cache me")])
            #expect(replay.deltas == ["Echo: cache me"])
            #expect(replay.completion.fromCache == true)
            #expect(server.requests.count == 1)

            // A later run (a new service, a new connection to the file) answers from the file.
            let nextRun = LLMService(config: try config(server), currentDirectory: scratch.path)
            #expect(try await nextRun.complete([.user("cache me")]).fromCache)
            #expect(server.requests.count == 1)

            // A streamed answer is stored too, and the key never lands in the file.
            let streamed = try await nextRun.streamed([.user("stream and cache")])
            #expect(streamed.deltas.joined() == "Echo: stream and cache")
            #expect(try await nextRun.complete([.user("stream and cache")]).fromCache)
            #expect(server.requests.count == 2)
            #expect(try await nextRun.cacheStatus.entries == 2)
            for file in ["answers.sqlite", "answers.sqlite-wal"] where FileManager.default.fileExists(atPath: scratch.file(file)) {
                let bytes = try Data(contentsOf: URL(fileURLWithPath: scratch.file(file)))
                #expect(bytes.range(of: Data(testKey.utf8)) == nil)
            }
        }
    }

    @Test func theAPITypeIsPartOfTheKey() async throws {
        try await withServer { server in
            let service = LLMService(config: try config(server), currentDirectory: scratch.path)
            _ = try await service.complete([.user("same words")])
            try await service.force(apiType: "azure")
            let azure = try await service.complete([.user("same words")])
            #expect(!azure.fromCache)
            #expect(server.requests.last?.path.hasPrefix("/openai/") == true)
            #expect(try await service.complete([.user("same words")]).fromCache)
            #expect(server.requests.count == 2)
        }
    }

    @Test func anAnswerCutByAnErrorIsNotStored() async throws {
        try await withServer { server in
            let service = LLMService(config: try config(server), currentDirectory: scratch.path)
            server.enqueue(.streamThenError(chunks: ["partial"], message: "the model broke"))
            await #expect(throws: (any Error).self) { try await service.streamed([.user("fragile")]) }
            #expect(try await service.cacheStatus.entries == 0)
            let retried = try await service.complete([.user("fragile")])
            #expect(!retried.fromCache && retried.content == "Echo: fragile")
            #expect(server.requests.count == 2)
        }
    }

    @Test func aFilteredAnswerIsNotStored() async throws {
        try await withServer { server in
            let service = LLMService(config: try config(server), currentDirectory: scratch.path)
            server.enqueue(.chat(content: "partial", finishReason: "content_filter"))
            let filtered = try await service.complete([.user("edgy")])
            #expect(filtered.finishReason == "content_filter")
            #expect(try await service.cacheStatus.entries == 0)
            #expect(try await !service.complete([.user("edgy")]).fromCache)
            #expect(server.requests.count == 2)
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func theBoundHoldsCallsBackFromTheServer() async throws {
        try await withServer { server in
            for _ in 0..<6 { server.enqueue(.slow(.milliseconds(200), then: .chat(content: "slow"))) }
            let service = LLMService(config: try config(server, cache: false, limit: "2"), currentDirectory: scratch.path)
            let clock = ContinuousClock()
            let elapsed = try await clock.measure {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for index in 0..<6 { group.addTask { _ = try await service.complete([.user("\(index)")]) } }
                    try await group.waitForAll()
                }
            }
            // Three waves of two 200 ms answers; without the bound all six overlap (~200 ms).
            #expect(elapsed >= .milliseconds(580))
            #expect(server.requests.count == 6)
        }
    }
}
