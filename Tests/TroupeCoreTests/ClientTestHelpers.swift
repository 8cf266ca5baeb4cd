import Foundation
import Synchronization
import Testing
import TroupeCore
import TroupeTestSupport

/// Records the waits a client asks for instead of sleeping (the clock seam of the retry loop).
final class SleepRecorder: Sendable {
    private let waits = Mutex<[Duration]>([])

    var recorded: [Duration] { waits.withLock { $0 } }

    func sleep(_ duration: Duration) async throws {
        waits.withLock { $0.append(duration) }
        try Task.checkCancellation()
    }
}

/// Collects what a handler is told, from any task.
final class EventLog: Sendable {
    private let events = Mutex<[ChatEvent]>([])

    var all: [ChatEvent] { events.withLock { $0 } }
    var deltas: [String] { all.compactMap { if case .delta(let text) = $0 { text } else { nil } } }
    var retries: [RetryNotice] { all.compactMap { if case .retrying(let notice) = $0 { notice } else { nil } } }
    var warnings: [String] { all.compactMap { if case .warning(let text) = $0 { text } else { nil } } }

    var handler: ChatEventHandler {
        { event in self.events.withLock { $0.append(event) } }
    }
}

/// The fake key used in tests; no error message may contain it.
let testKey = "sk-test-SECRET-0123456789"

/// Starts a test server, runs `body`, and shuts the server down.
func withServer<T>(
    defaults: TestServer.Defaults = .init(),
    _ body: (TestServer) async throws -> T
) async throws -> T {
    let server = try await TestServer.start(defaults: defaults)
    do {
        let result = try await body(server)
        try await server.shutdown()
        return result
    } catch {
        try? await server.shutdown()
        throw error
    }
}

/// A retry policy for tests: no jitter, tiny waits (the recorder does not sleep anyway).
func testPolicy(attempts: Int = 3) -> RetryPolicy {
    RetryPolicy(maxAttempts: attempts, initialWait: .milliseconds(100), backoffFactor: 2, jitter: 0, maxWait: .seconds(8))
}

func openAIClient(
    _ server: TestServer,
    attempts: Int = 3,
    timeout: Duration = .seconds(60),
    sleeper: SleepRecorder = SleepRecorder()
) throws -> OpenAIClient {
    var configuration = ClientConfiguration.openAI(apiKey: testKey, baseURL: server.baseURL, retryPolicy: testPolicy(attempts: attempts), timeout: timeout)
    configuration.sleep = { try await sleeper.sleep($0) }
    configuration.logger.logLevel = .error  // retries are expected here; keep test output quiet
    return try OpenAIClient(configuration: configuration)
}

/// The request the service would build for `parameters` (no REASONING_MODEL beyond the families).
func request(_ messages: [ChatMessage], _ parameters: ChatParameters, reasoning: Bool? = nil, timeout: Double? = nil) -> ChatRequest {
    ChatRequest(
        messages: messages, parameters: parameters,
        reasoning: reasoning ?? ModelCatalog.builtIn.isReasoningModel(parameters.model), defaultTimeout: timeout)
}

extension LLMClient {
    /// Sends without streaming (tests).
    func complete(_ messages: [ChatMessage], parameters: ChatParameters) async throws -> ChatCompletion {
        try await send(request(messages, parameters), stream: false, onEvent: { _ in })
    }

    /// Streams and collects the deltas and the result (tests).
    func streamed(_ messages: [ChatMessage], parameters: ChatParameters) async throws -> (deltas: [String], completion: ChatCompletion) {
        let log = EventLog()
        let completion = try await send(request(messages, parameters), stream: true, onEvent: log.handler)
        return (log.deltas, completion)
    }
}

extension LLMService {
    /// Streams and collects the deltas and the result (tests).
    func streamed(_ messages: [ChatMessage], parameters: ChatParameters? = nil, sample: CacheSample = .first) async throws -> (deltas: [String], completion: ChatCompletion) {
        let log = EventLog()
        let completion = try await stream(messages, parameters: parameters, sample: sample, onEvent: log.handler)
        return (log.deltas, completion)
    }
}

/// Runs `operation` and returns the error it throws (nil when it succeeds).
func caught(_ operation: () async throws -> Void) async -> (any Error)? {
    do {
        try await operation()
        return nil
    } catch {
        return error
    }
}

let hello: [ChatMessage] = [.system("You are terse."), .user("hello there")]
let gpt = ChatParameters(model: "gpt-4o-mini")

/// A loader that reads `home` as the home directory (nil: none) and only `environment`.
func testLoader(home: String?, currentDirectory: String, environment: [String: String] = [:]) -> ConfigLoader {
    var variables = environment
    if let home { variables["HOME"] = home }
    return ConfigLoader(paths: TroupePaths(environment: variables), currentDirectory: currentDirectory)
}
