import AsyncHTTPClient
import Foundation
import NIOCore
import Synchronization
import Testing
@testable import TroupeCore

/// Whether the real llama-server and model are installed (else the real-server suite skips).
enum RealServer {
    static let paths = LocalPaths()
    static var isInstalled: Bool {
        FileManager.default.isExecutableFile(atPath: paths.defaultServer) && FileManager.default.fileExists(atPath: paths.defaultModel)
    }
    static let skipMessage: Comment = "llama-server or the model is not installed under ~/.local/share/troupe (Scripts/install-local-model.sh installs them)"

    /// The folder with the built products (the holder executable).
    static let productsDirectory: String? = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path, root.appendingPathComponent(".build/debug").path]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0 + "/troupe-local-holder") }
    }()
}

/// One real server shared by the tests of a suite, with the HTTP clients to talk to it; started
/// before the suite's first test and shut down (clients too) after its last.
///
/// It is kept warm as `troupe serve-local` keeps one: its state file is in ``runtime``, so a
/// `troupe` binary run with `XDG_RUNTIME_DIR` there uses it instead of loading the model again.
final class RealServerFixture: Sendable {
    @TaskLocal static var current: RealServerFixture?

    let http: TransportLocalServerHTTP
    let client: HTTPClient
    let owner: LocalServer
    let configuration: LocalServerConfiguration
    let progress: Recorder<LocalServerProgress>
    /// The XDG_RUNTIME_DIR holding the server's state file.
    let runtime: LocalScratch

    private init(
        http: TransportLocalServerHTTP, client: HTTPClient, owner: LocalServer, configuration: LocalServerConfiguration,
        progress: Recorder<LocalServerProgress>, runtime: LocalScratch
    ) {
        self.runtime = runtime
        self.http = http
        self.client = client
        self.owner = owner
        self.configuration = configuration
        self.progress = progress
    }

    static func start() async throws -> RealServerFixture {
        let http = TransportLocalServerHTTP()
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup)
        let runtime = try LocalScratch()
        var paths = LocalPaths()
        paths.stateFile = runtime.path + "/troupe/local-server.json"
        let configuration = LocalServerConfiguration(contextSize: 2048, paths: paths)
        let reports = Recorder<LocalServerProgress>()
        let owner = LocalServer(configuration: configuration, http: http, role: .serveLocal) { reports.append($0) }
        await owner.prepare()
        return RealServerFixture(http: http, client: client, owner: owner, configuration: configuration, progress: reports, runtime: runtime)
    }

    func stop() async {
        await owner.shutdown()
        try? await client.shutdown()
    }

    static func get() throws -> RealServerFixture {
        try #require(current, "the suite needs the .sharedLocalServer trait")
    }

    /// POSTs JSON to the server and returns the status and the decoded answer.
    func post(_ path: String, _ body: [String: any Sendable], key: String? = nil) async throws -> (status: Int, json: [String: Any]) {
        let endpoint = try await owner.endpoint()
        var request = HTTPClientRequest(url: endpoint.baseURL + path)
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(key ?? endpoint.apiKey)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
        let response = try await client.execute(request, timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: 8 << 20)
        let json = (try? JSONSerialization.jsonObject(with: Data(bytes.readableBytesView))) as? [String: Any] ?? [:]
        return (Int(response.status.code), json)
    }
}

/// Starts the shared real server around a suite.
struct SharedLocalServerTrait: SuiteTrait, TestScoping {
    var isRecursive: Bool { false }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let fixture = try await RealServerFixture.start()
        do {
            try await RealServerFixture.$current.withValue(fixture) { try await function() }
        } catch {
            await fixture.stop()
            throw error
        }
        await fixture.stop()
    }
}

extension Trait where Self == SharedLocalServerTrait {
    /// One real llama-server for all the tests of the suite.
    static var sharedLocalServer: Self { Self() }
}

/// Reads one line from `fd` on a thread of its own (a child's stdout), up to `timeout`.
func readLine(from handle: FileHandle, within timeout: Duration) async -> String? {
    await withCheckedContinuation { continuation in
        let once = Mutex(false)
        let finish: @Sendable (String?) -> Void = { line in
            let first = once.withLock { done in
                defer { done = true }
                return !done
            }
            if first { continuation.resume(returning: line) }
        }
        let reader = Thread {
            var line: [UInt8] = []
            while true {
                let data = handle.readData(ofLength: 1)
                guard let byte = data.first else { break }
                if byte == UInt8(ascii: "\n") { break }
                line.append(byte)
            }
            finish(line.isEmpty ? nil : String(decoding: line, as: UTF8.self))
        }
        reader.start()
        Task {
            try? await Task.sleep(for: timeout)
            finish(nil)
        }
    }
}
