import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import TroupeCore

/// The owner actor's background start, failures and shutdown, against stand-in servers.
@Suite("Server owner with stand-in servers")
struct LocalServerOwnerTests {
    let scratch: LocalScratch
    let pidFile: String
    let slowServer: String

    init() throws {
        scratch = try LocalScratch()
        try scratch.fakeGGUF(".local/share/troupe/models/tiny.gguf")
        pidFile = scratch.file("pid")
        slowServer = try scratch.script("bin/slow-server", "echo $$ > '\(scratch.file("pid"))'\nexec sleep 30")
    }

    func configuration(server: String? = nil, model: String = "tiny.gguf", limit: Duration = .seconds(30)) -> LocalServerConfiguration {
        LocalServerConfiguration(
            model: model, server: server ?? slowServer, contextSize: 512, threads: 1, startupLimit: limit,
            lifetimeGuard: .watcher(shell: "/bin/sh"), paths: scratch.paths(), environment: ["PATH": "/usr/bin:/bin"])
    }

    func serverPID() async throws -> Int32 {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let text = try? String(contentsOfFile: pidFile, encoding: .utf8), let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                return pid
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw StandInNotStarted()
    }

    /// The stand-in server wrote no PID file within 30 s (it was never spawned, or very late).
    struct StandInNotStarted: Error, CustomStringConvertible {
        var description: String { "the stand-in server did not write its PID file within 30 s" }
    }

    @Test func prepareReturnsAtOnceAndShutdownStopsTheStart() async throws {
        let owner = LocalServer(configuration: configuration(), http: ScriptedLocalServerHTTP.refusing(), role: .standalone)
        let clock = ContinuousClock()
        let start = clock.now
        await owner.prepare()
        #expect(clock.now - start < .seconds(2))
        #expect(await owner.status == .starting)
        let pid = try await serverPID()
        #expect(processIsAlive(pid))
        await owner.shutdown()
        #expect(await waitUntilGone(pid, within: .seconds(3)))
        #expect(await owner.status == .shutDown)
        await #expect(throws: LocalServerError.shutDown) { _ = try await owner.endpoint() }
    }

    @Test func cancelledWaitReturnsPromptlyWhileTheStartGoesOn() async throws {
        let owner = LocalServer(configuration: configuration(), http: ScriptedLocalServerHTTP.refusing(), role: .standalone)
        let waiter = Task { try await owner.endpoint() }
        _ = try await serverPID()
        let clock = ContinuousClock()
        let start = clock.now
        waiter.cancel()
        await #expect(throws: CancellationError.self) { _ = try await waiter.value }
        #expect(clock.now - start < .seconds(5))
        #expect(await owner.status == .starting)
        await owner.shutdown()
    }

    @Test func backgroundFailureIsThrownOnceThenRetried() async throws {
        let owner = LocalServer(configuration: configuration(model: "absent.gguf"), http: ScriptedLocalServerHTTP.refusing(), role: .standalone)
        await owner.prepare()
        while await owner.status == .starting { try await Task.sleep(for: .milliseconds(5)) }
        let missing = scratch.paths().modelsFolder + "/absent.gguf"
        await #expect(throws: LocalModelError.missing(source: .setting("LOCAL_MODEL"), path: missing)) { _ = try await owner.endpoint() }
        // The next call starts again: with the model now present the failure moves on to the server.
        try scratch.fakeGGUF(".local/share/troupe/models/absent.gguf")
        await owner.update(configuration(server: scratch.file("bin/none"), model: "absent.gguf"))
        await #expect(throws: LocalServerError.serverMissing(source: .setting("LOCAL_SERVER"), path: scratch.file("bin/none"))) {
            _ = try await owner.endpoint()
        }
        await owner.shutdown()
    }

    @Test func changedSettingsRestartAStartUnderWay() async throws {
        let owner = LocalServer(configuration: configuration(), http: ScriptedLocalServerHTTP.refusing(), role: .standalone)
        await owner.prepare()
        let first = try await serverPID()
        try FileManager.default.removeItem(atPath: pidFile)
        var changed = configuration()
        changed.contextSize = 1024
        await owner.update(changed)
        let second = try await serverPID()
        #expect(second != first)
        #expect(await waitUntilGone(first, within: .seconds(3)))
        #expect(processIsAlive(second))
        await owner.shutdown()
        #expect(await waitUntilGone(second, within: .seconds(3)))
    }

    @Test func startTimeoutReachesTheWaiter() async throws {
        let owner = LocalServer(configuration: configuration(limit: .milliseconds(400)), http: ScriptedLocalServerHTTP.refusing(), role: .standalone)
        let error = await #expect(throws: LocalServerError.self) { _ = try await owner.endpoint() }
        #expect(error.map { if case .startTimedOut = $0 { true } else { false } } == true)
        #expect(await owner.status == .idle)
        await owner.shutdown()
    }

    /// A stand-in that counts as ready: /health answers 200.
    static let healthy = ScriptedLocalServerHTTP { _ in LocalHTTPResponse(status: 200, body: Array(#"{"status":"ok"}"#.utf8)) }

    @Test func crashIsNoticedAndReplacedOnTheNextRequest() async throws {
        let owner = LocalServer(configuration: configuration(), http: Self.healthy, role: .standalone)
        let first = try await owner.endpoint()
        #expect(await owner.status == .running(first))
        #expect(try await owner.endpoint() == first)
        kill(first.pid, SIGKILL)
        let deadline = ContinuousClock.now + .seconds(3)
        while await owner.status != .idle, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(await owner.lastCrash?.exit == .signalled(SIGKILL))
        #expect(await owner.lastCrash?.pid == first.pid)
        let second = try await owner.endpoint()
        #expect(second.pid != first.pid)
        await owner.shutdown()
        #expect(await waitUntilGone(second.pid, within: .seconds(3)))
    }

    @Test func releasedOwnerStopsItsServer() async throws {
        var owner: LocalServer? = LocalServer(configuration: configuration(), http: Self.healthy, role: .standalone)
        let endpoint = try await #require(owner).endpoint()
        #expect(processIsAlive(endpoint.pid))
        owner = nil
        #expect(await waitUntilGone(endpoint.pid, within: .seconds(3)))
    }
}
