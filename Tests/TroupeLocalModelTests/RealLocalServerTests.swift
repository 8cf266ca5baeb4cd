import AsyncHTTPClient
import Foundation
import NIOCore
import Testing
@testable import TroupeCore

#if canImport(Glibc)
import Glibc
#endif

/// Against the real llama-server and Qwen2.5-Coder-0.5B, one server shared by every test,
/// tiny requests only (max_tokens ≤ 16).
@Suite("Real local server", .serialized, .enabled(if: RealServer.isInstalled, RealServer.skipMessage), .sharedLocalServer)
struct RealLocalServerTests {
    static let france = "What is the capital of France? Answer with one word."

    @Test func startsAndAnswersHealth() async throws {
        let fixture = try RealServerFixture.get()
        let endpoint = try await fixture.owner.endpoint()
        #expect(await fixture.owner.status == .running(endpoint))
        let health = try await fixture.http.get(endpoint.baseURL + "/health", headers: [], timeout: .seconds(2))
        #expect(health.status == 200)
        let reports = fixture.progress.all
        #expect(reports.first == .starting)
        #expect(reports.contains { if case .ready(endpoint.port, _) = $0 { true } else { false } })
        let api = try await fixture.owner.api()
        let props = try await api.props()
        #expect(props.contextSize == 2048)
        #expect(props.modelPath == RealServer.paths.defaultModel)
        #expect(try await api.models() == [LocalModelFile.defaultModelName])
    }

    @Test func answersTheFranceQuestion() async throws {
        let fixture = try RealServerFixture.get()
        let (status, json) = try await fixture.post("/v1/chat/completions", [
            "messages": [["role": "user", "content": Self.france]], "temperature": 0, "max_tokens": 8,
        ])
        #expect(status == 200)
        let choices = try #require(json["choices"] as? [[String: Any]])
        let content = try #require((choices.first?["message"] as? [String: Any])?["content"] as? String)
        #expect(content.contains("Paris"))
    }

    @Test func answersEmbeddings() async throws {
        let fixture = try RealServerFixture.get()
        let (status, json) = try await fixture.post("/v1/embeddings", ["input": "hello world"])
        #expect(status == 200)
        let data = try #require(json["data"] as? [[String: Any]])
        let vector = try #require(data.first?["embedding"] as? [Double])
        #expect(vector.count == 896)
        #expect(vector.allSatisfy { $0.isFinite })
        #expect(vector.contains { $0 != 0 })
    }

    @Test func templateAndTokenizeCountEqualsTheServersUsage() async throws {
        let fixture = try RealServerFixture.get()
        let api = try await fixture.owner.api()
        let conversations: [[ChatMessage]] = [
            [.user(Self.france)],
            [.system("You are terse."), .user("Hi"), .assistant("Hello."), .user("Name a colour, with <b>tags</b> & ünïcödé.")],
        ]
        for messages in conversations {
            let counted = try await api.promptTokenCount(of: messages)
            let (status, json) = try await fixture.post("/v1/chat/completions", [
                "messages": messages.map { ["role": $0.role.rawValue, "content": $0.content] }, "temperature": 0, "max_tokens": 1,
            ])
            #expect(status == 200)
            let usage = try #require(json["usage"] as? [String: Any])
            #expect(counted == usage["prompt_tokens"] as? Int, "\(messages.count) messages")
        }
        #expect(try await api.promptTokenCount(of: conversations[0]) == 41)
    }

    @Test func cancelledStreamLeavesTheSlotIdle() async throws {
        let fixture = try RealServerFixture.get()
        let endpoint = try await fixture.owner.endpoint()
        let api = try await fixture.owner.api()
        let firstDelta = AsyncStream<Void>.makeStream()
        let stream = Task {
            var request = HTTPClientRequest(url: endpoint.openAIBaseURL + "/chat/completions")
            request.method = .POST
            request.headers.add(name: "Authorization", value: "Bearer \(endpoint.apiKey)")
            request.headers.add(name: "Content-Type", value: "application/json")
            let body: [String: any Sendable] = [
                "messages": [["role": "user", "content": "Count slowly from 1 to 100, one number per line."]], "max_tokens": 16, "stream": true,
            ]
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
            let response = try await fixture.client.execute(request, timeout: .seconds(60))
            var seen = ""
            for try await buffer in response.body {
                seen += String(buffer: buffer)
                if seen.contains("\"content\"") { firstDelta.continuation.yield() }
            }
            return seen
        }
        for await _ in firstDelta.stream { break }
        stream.cancel()
        let finished = await stream.result
        // The stream was cut, not finished by the server.
        if case .success(let seen) = finished { #expect(!seen.contains("[DONE]")) }
        let deadline = ContinuousClock.now + .seconds(10)
        var slots = try await api.slots()
        while slots.contains(where: \.isProcessing), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            slots = try await api.slots()
        }
        #expect(slots.count == 1)
        #expect(slots.allSatisfy { !$0.isProcessing })
    }

    @Test func keyIsRequiredAndNotOnTheCommandLine() async throws {
        let fixture = try RealServerFixture.get()
        let endpoint = try await fixture.owner.endpoint()
        let none = try await fixture.http.get(endpoint.baseURL + "/v1/models", headers: [], timeout: .seconds(2))
        #expect(none.status == 401)
        let wrong = try await fixture.http.get(endpoint.baseURL + "/v1/models", headers: [("Authorization", "Bearer nope")], timeout: .seconds(2))
        #expect(wrong.status == 401)
        let right = try await fixture.http.get(endpoint.baseURL + "/v1/models", headers: [endpoint.authorization], timeout: .seconds(2))
        #expect(right.status == 200)
        let (chatStatus, _) = try await fixture.post("/v1/chat/completions", ["messages": [["role": "user", "content": "hi"]], "max_tokens": 1], key: "wrong")
        #expect(chatStatus == 401)

        let cmdline = try #require(readSmallFile("/proc/\(endpoint.pid)/cmdline", limit: 1 << 16))
        let arguments = cmdline.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        #expect(arguments.first == RealServer.paths.defaultServer)
        #expect(arguments.contains("--port") && arguments.contains(String(endpoint.port)))
        #expect(!arguments.contains { $0.contains(endpoint.apiKey) })
        let environ = try #require(readSmallFile("/proc/\(endpoint.pid)/environ", limit: 1 << 20))
        #expect(environ.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }.contains("LLAMA_API_KEY=\(endpoint.apiKey)"))
    }

    @Test(arguments: ["setpriv", "watcher"])
    func killedOwnerTakesItsServerAlong(_ lifetimeGuard: String) async throws {
        if lifetimeGuard == "setpriv", !FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") { return }
        let products = try #require(RealServer.productsDirectory, "troupe-local-holder is not built")
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: products + "/troupe-local-holder")
        // Killed while the model loads: the guard does not depend on readiness, and it is quicker.
        holder.arguments = ["--guard", lifetimeGuard, "--context", "512", "--wait", "started"]
        let output = Pipe()
        holder.standardOutput = output
        try holder.run()
        let line = await readLine(from: output.fileHandleForReading, within: .seconds(30))
        let fields = try #require(line, "the holder did not report a ready server").split(separator: " ")
        try #require(fields.count == 4 && fields[0] == "started", "\(line ?? "")")
        let server = try #require(Int32(fields[1]))
        let watcher = try #require(Int32(fields[3]))
        #expect(server > 0 && processIsAlive(server))
        #expect(lifetimeGuard == "setpriv" ? watcher == 0 : processIsAlive(watcher))
        // setpriv sets the signal within a millisecond of starting; kill an owner whose server is
        // loading, not one caught inside that first millisecond.
        try await Task.sleep(for: .milliseconds(100))

        kill(holder.processIdentifier, SIGKILL)
        #expect(await waitUntilGone(server, within: .seconds(2)), "the server outlived its owner (\(lifetimeGuard))")
        if watcher != 0 { #expect(await waitUntilGone(watcher, within: .seconds(2))) }
        holder.waitUntilExit()
        #expect(holder.terminationReason == .uncaughtSignal)
    }

    @Test func staleStateFileIsIgnoredAndALiveOneUsed() async throws {
        let fixture = try RealServerFixture.get()
        let endpoint = try await fixture.owner.endpoint()
        let scratch = try LocalScratch()
        let paths = LocalPaths(environment: ProcessInfo.processInfo.environment.merging(["XDG_RUNTIME_DIR": scratch.path]) { $1 })
        let model = RealServer.paths.defaultModel
        func state(pid: Int32, port: Int, model: String = model) -> LocalServerState {
            LocalServerState(port: port, apiKey: endpoint.apiKey, pid: pid, modelPath: model, contextSize: 2048, startedAt: Date())
        }
        let gone = try await ChildProcess.spawn("/bin/sh", arguments: ["-c", "exit 0"], environment: [:])
        _ = await gone.waitForExit()
        try state(pid: gone.pid, port: endpoint.port).write(to: paths.stateFile)
        #expect(await LocalServerState.check(at: paths.stateFile, modelPath: model, http: fixture.http) == .stale(.processGone(pid: gone.pid)))
        try state(pid: endpoint.pid, port: endpoint.port, model: "/elsewhere/other.gguf").write(to: paths.stateFile)
        #expect(await LocalServerState.check(at: paths.stateFile, modelPath: model, http: fixture.http) == .stale(.otherModel("/elsewhere/other.gguf")))
        let closedPort = try LocalServerLaunchParts.freePort()
        try state(pid: endpoint.pid, port: closedPort).write(to: paths.stateFile)
        #expect(await LocalServerState.check(at: paths.stateFile, modelPath: model, http: fixture.http) == .stale(.notHealthy(status: nil)))

        // A live file: a client-role owner uses that server and starts nothing.
        try state(pid: endpoint.pid, port: endpoint.port).write(to: paths.stateFile)
        let client = LocalServer(configuration: LocalServerConfiguration(contextSize: 2048, paths: paths), http: fixture.http, role: .client)
        let before = childPIDs(mentioning: "llama-server")
        let shared = try await client.endpoint()
        #expect(shared.pid == endpoint.pid)
        #expect(await client.status == .shared(shared))
        #expect(childPIDs(mentioning: "llama-server").subtracting(before).isEmpty)
        await client.shutdown()
        #expect(processIsAlive(endpoint.pid), "a client must not stop a shared server")
    }

    @Test func takenPortIsReported() async throws {
        let fixture = try RealServerFixture.get()
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        #expect(listen(listener, 1) == 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
        let port = Int(UInt16(bigEndian: address.sin_port))

        var configuration = LocalServerConfiguration(contextSize: 512)
        configuration.port = port
        let error = await #expect(throws: LocalServerError.self) {
            _ = try await LocalServerLauncher(configuration: configuration, http: fixture.http).launch()
        }
        guard case .portInUse(port, 1, let tail) = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
        #expect(tail.contains { $0.contains("couldn't bind") })
        #expect(error?.description.contains("port \(port) on 127.0.0.1 is already in use") == true)
    }

    @Test func badModelFilesGiveTheirErrors() async throws {
        let fixture = try RealServerFixture.get()
        let scratch = try LocalScratch()
        let launcher = { (model: String) in LocalServerLauncher(configuration: LocalServerConfiguration(model: model, contextSize: 512), http: fixture.http) }
        let before = childPIDs(mentioning: scratch.path)
        let missing = scratch.file("absent.gguf")
        await #expect(throws: LocalModelError.missing(source: .setting("LOCAL_MODEL"), path: missing)) { _ = try await launcher(missing).launch() }
        let corrupt = try scratch.write(Array("GGML this is not it".utf8), to: "corrupt.gguf")
        await #expect(throws: LocalModelError.notGGUF(path: corrupt, found: "47474d4c")) { _ = try await launcher(corrupt).launch() }
        #expect(childPIDs(mentioning: scratch.path).subtracting(before).isEmpty, "nothing may be started for a bad model")

        // Right magic, broken body: the server itself fails, fast, and its words are shown.
        let broken = try scratch.fakeGGUF("broken.gguf")
        let error = await #expect(throws: LocalServerError.self) { _ = try await launcher(broken).launch() }
        guard case .exitedDuringStartup(let exit, let tail) = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
        #expect(exit == .exited(1))
        #expect(tail.contains { $0.contains("failed to load model") || $0.contains("error loading model") })
    }

    @Test func crashIsNoticedAndTheNextRequestGetsANewServer() async throws {
        let fixture = try RealServerFixture.get()
        let first = try await fixture.owner.endpoint()
        kill(first.pid, SIGKILL)
        let deadline = ContinuousClock.now + .seconds(5)
        while await fixture.owner.lastCrash == nil, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(await fixture.owner.lastCrash?.exit == .signalled(SIGKILL))
        // A kept-warm (serve-local) server is started again at once; others at the next request.
        #expect(await fixture.owner.status != .running(first))
        let second = try await fixture.owner.endpoint()
        #expect(second.pid != first.pid)
        #expect(second.apiKey != first.apiKey)
        #expect(LocalServerState.read(from: fixture.configuration.paths.stateFile)?.pid == second.pid, "the state file names the new server")
        #expect(try await fixture.http.get(second.baseURL + "/health", headers: [], timeout: .seconds(2)).status == 200)
    }

    @Test func serveLocalKeepsTheStateFileAndRestartsForANewContext() async throws {
        let fixture = try RealServerFixture.get()
        let scratch = try LocalScratch()
        let paths = LocalPaths(environment: ProcessInfo.processInfo.environment.merging(["XDG_RUNTIME_DIR": scratch.path]) { $1 })
        var configuration = LocalServerConfiguration(contextSize: 1024, paths: paths)
        let owner = LocalServer(configuration: configuration, http: fixture.http, role: .serveLocal)
        let first = try await owner.endpoint()
        let written = try #require(LocalServerState.read(from: paths.stateFile))
        #expect(written.pid == first.pid && written.port == first.port && written.apiKey == first.apiKey && written.contextSize == 1024)
        let mode = try FileManager.default.attributesOfItem(atPath: paths.stateFile)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)

        configuration.contextSize = 768
        await owner.update(configuration)
        let second = try await owner.endpoint()
        #expect(second.pid != first.pid)
        #expect(try await LocalServerAPI(endpoint: second, http: fixture.http).props().contextSize == 768)
        #expect(await waitUntilGone(first.pid, within: .seconds(3)))
        #expect(LocalServerState.read(from: paths.stateFile)?.pid == second.pid)

        await owner.shutdown()
        #expect(!FileManager.default.fileExists(atPath: paths.stateFile))
        #expect(await waitUntilGone(second.pid, within: .seconds(3)))
    }
}
