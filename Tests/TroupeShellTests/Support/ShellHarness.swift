import Foundation
import Synchronization
import TroupeCore
import TroupeTestSupport
@testable import TroupeShell

/// Collects everything the engine prints.
final class OutputRecorder: Sendable {
    private let text = Mutex("")

    func append(_ piece: String) {
        text.withLock { $0 += piece }
    }

    /// Everything printed so far.
    var all: String { text.withLock { $0 } }

    /// What was printed since the last call, and forgets it.
    func take() -> String {
        text.withLock { text in
            defer { text = "" }
            return text
        }
    }
}

/// Lines fed to the read loop as if typed; `.endOfInput` when they run out.
final class ScriptedLineReader: LineReader, @unchecked Sendable {
    private let lock = NSLock()
    private var inputs: [LineInput]
    private(set) var history: [String] = []
    var showsPrompts: Bool { false }

    init(_ inputs: [LineInput]) {
        self.inputs = inputs
    }

    convenience init(lines: [String]) {
        self.init(lines.map { .line($0) })
    }

    func readLine(prompt: String) async -> LineInput {
        lock.withLock { inputs.isEmpty ? .endOfInput : inputs.removeFirst() }
    }

    func addToHistory(_ line: String) {
        lock.withLock { history.append(line) }
    }

    func close() {}
}

/// A shell engine wired to a real local test server (real HTTP on 127.0.0.1).
struct ShellHarness {
    let server: TestServer
    let engine: ShellEngine
    let recorder: OutputRecorder
    let directory: String

    /// - Parameters:
    ///   - interactive: the output counts as a terminal (``ShellOutput/isInteractive``).
    ///   - configure: changes to the test configuration (OpenAI at the test server,
    ///     one attempt, no waiting, cache off in a temporary file).
    static func start(
        interactive: Bool = false,
        defaults: TestServer.Defaults = TestServer.Defaults(),
        messages: [ChatMessage] = [],
        extraCommands: [SlashCommand] = [],
        configure: (inout TroupeConfig) throws -> Void = { _ in }
    ) async throws -> ShellHarness {
        let server = try await TestServer.start(defaults: defaults)
        let directory = NSTemporaryDirectory() + "troupe-shell-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var config = TroupeConfig()
        try config.set(.baseURL, to: server.baseURL, source: .flag)
        try config.set(.model, to: "gpt-4o-mini", source: .flag)
        try config.set(.maxAttempts, to: "1", source: .flag)
        try config.set(.waitingTime, to: "0", source: .flag)
        try config.set(.cacheFileName, to: directory + "/cache.sqlite", source: .flag)
        config.credentials = Credentials(
            openAIKey: Secret("sk-test-key"), azureKey: Secret("azure-test-key"), azureADToken: nil,
            azureEndpoint: server.endpoint, azureAPIVersion: nil)
        try configure(&config)
        let service = LLMService(config: config, currentDirectory: directory)
        let recorder = OutputRecorder()
        let output = ShellOutput(sink: { recorder.append($0) }, colors: false, isInteractive: interactive)
        let engine = await ShellEngine(
            service: service, output: output,
            registry: .standard(extra: extraCommands), messages: messages)
        return ShellHarness(server: server, engine: engine, recorder: recorder, directory: directory)
    }

    /// Runs each input through the engine, as the read loop would.
    func type(_ inputs: String...) async {
        for input in inputs {
            await engine.handle(input)
        }
    }

    /// Runs inputs and returns what they printed.
    func output(of inputs: String...) async -> String {
        _ = recorder.take()
        for input in inputs {
            await engine.handle(input)
        }
        return recorder.take()
    }

    var messages: [ChatMessage] {
        get async { await engine.messages }
    }

    /// The chat requests' bodies as JSON, in order.
    var chatRequests: [[String: Any]] {
        server.requests.filter { $0.path.hasSuffix("/chat/completions") }.compactMap { $0.json() }
    }

    /// The `messages` of a request body as (role, content) pairs.
    static func sentMessages(_ body: [String: Any]) -> [[String]] {
        (body["messages"] as? [[String: Any]] ?? []).map {
            [$0["role"] as? String ?? "", $0["content"] as? String ?? ""]
        }
    }

    func shutdown() async throws {
        try await server.shutdown()
        try? FileManager.default.removeItem(atPath: directory)
    }
}
