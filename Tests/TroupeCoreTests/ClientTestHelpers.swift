import Foundation
import Testing
import TroupeCore
import TroupeTestSupport

/// Records the waits a client asks for instead of sleeping (the clock seam of the retry loop).
final class SleepRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var waits: [Duration] = []

    var recorded: [Duration] { lock.withLock { waits } }

    func sleep(_ duration: Duration) async throws {
        lock.withLock { waits.append(duration) }
        try Task.checkCancellation()
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

/// Collects a whole stream: its deltas and the final completion.
func collect(_ stream: AsyncThrowingStream<ChatStreamEvent, any Error>) async throws -> (deltas: [String], completion: ChatCompletion?) {
    var deltas: [String] = []
    var completion: ChatCompletion?
    for try await event in stream {
        switch event {
        case .delta(let text): deltas.append(text)
        case .completed(let result): completion = result
        }
    }
    return (deltas, completion)
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
