import Foundation
import Synchronization
import Testing
@testable import TroupeCore

/// The launcher against stand-in server scripts: every failure path, no real llama-server.
@Suite("Launcher with stand-in servers")
struct LocalServerLauncherTests {
    let scratch: LocalScratch
    let model: String

    init() throws {
        scratch = try LocalScratch()
        model = try scratch.fakeGGUF("models/tiny.gguf")
    }

    func configuration(server: String?, model: String? = nil, limit: Duration = .seconds(5), guard lifetimeGuard: LocalServerLifetimeGuard? = .watcher(shell: "/bin/sh")) -> LocalServerConfiguration {
        LocalServerConfiguration(
            model: model ?? self.model, server: server, contextSize: 512, threads: 1, startupLimit: limit,
            lifetimeGuard: lifetimeGuard, paths: scratch.paths(), environment: ["PATH": "/usr/bin:/bin", "LLAMA_ARG_HOST": "0.0.0.0"])
    }

    func launch(_ configuration: LocalServerConfiguration, progress: @escaping @Sendable (LocalServerProgress) -> Void = { _ in }) async throws -> LocalServerProcess {
        try await LocalServerLauncher(configuration: configuration, http: ScriptedLocalServerHTTP.refusing()).launch(progress: progress)
    }

    @Test func missingModelIsReportedBeforeAnythingStarts() async throws {
        let before = childPIDs(mentioning: scratch.path)
        let config = configuration(server: "/nonexistent/llama-server", model: scratch.file("models/absent.gguf"))
        // The server does not exist either: the model error shows the model is checked first.
        await #expect(throws: LocalModelError.missing(source: .setting("LOCAL_MODEL"), path: scratch.file("models/absent.gguf"))) {
            _ = try await launch(config)
        }
        #expect(childPIDs(mentioning: scratch.path).subtracting(before).isEmpty)
    }

    @Test func corruptModelIsReportedBeforeAnythingStarts() async throws {
        let corrupt = try scratch.write(Array("PK\u{3}\u{4}zipped".utf8), to: "models/corrupt.gguf")
        await #expect(throws: LocalModelError.notGGUF(path: corrupt, found: "504b0304")) {
            _ = try await launch(configuration(server: "/nonexistent/llama-server", model: corrupt))
        }
    }

    @Test func missingOrNonExecutableServer() async throws {
        let path = scratch.file("bin/llama-server")
        await #expect(throws: LocalServerError.serverMissing(source: .setting("LOCAL_SERVER"), path: path)) {
            _ = try await launch(configuration(server: path))
        }
        try scratch.write(Array("#!/bin/sh\n".utf8), to: "bin/llama-server")
        await #expect(throws: LocalServerError.serverNotExecutable(source: .setting("LOCAL_SERVER"), path: path)) {
            _ = try await launch(configuration(server: path))
        }
        let installed = configuration(server: nil)
        await #expect(throws: LocalServerError.serverMissing(source: .installedDefault, path: scratch.paths().defaultServer)) {
            _ = try await launch(installed)
        }
    }

    @Test(arguments: [LocalServerLifetimeGuard.watcher(shell: "/bin/sh"), .setpriv(path: "/usr/bin/setpriv")])
    func exitDuringStartShowsStatusAndTail(_ lifetimeGuard: LocalServerLifetimeGuard) async throws {
        if case .setpriv(let path) = lifetimeGuard, !FileManager.default.isExecutableFile(atPath: path) { return }
        let server = try scratch.script("bin/crashing-server", """
            echo "loading model $2"
            echo "llama_model_load: error loading model: tensor data is not within file bounds" >&2
            exit 3
            """)
        let error = await #expect(throws: LocalServerError.self) { _ = try await launch(configuration(server: server, guard: lifetimeGuard)) }
        guard case .exitedDuringStartup(let exit, let tail) = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
        #expect(exit == .exited(3))
        #expect(tail == ["loading model \(model)", "llama_model_load: error loading model: tensor data is not within file bounds"])
        #expect(error?.description.contains("exited with status 3 while starting") == true)
    }

    @Test func takenFreePortsAreRetriedThenReported() async throws {
        let log = scratch.file("ports.log")
        // Arguments: -m M --host H --port P ...
        let server = try scratch.script("bin/unlucky-server", """
            echo "$8" >> '\(log)'
            echo "0.00.003.615 E srv         start: couldn't bind HTTP server socket, hostname: 127.0.0.1, port: $8" >&2
            exit 1
            """)
        let error = await #expect(throws: LocalServerError.self) { _ = try await launch(configuration(server: server)) }
        let ports = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").compactMap { Int($0) }
        #expect(ports.count == 3)
        guard case .portInUse(let port, let attempts, _) = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
        #expect(attempts == 3)
        #expect(port == ports.last)
    }

    @Test func takenFixedPortIsReportedAtOnce() async throws {
        let server = try scratch.script("bin/unlucky-server", """
            echo "couldn't bind HTTP server socket, hostname: 127.0.0.1, port: $8" >&2
            exit 1
            """)
        var config = configuration(server: server)
        config.port = 18_999
        let error = await #expect(throws: LocalServerError.self) { _ = try await launch(config) }
        #expect(error.map { if case .portInUse(18_999, 1, _) = $0 { true } else { false } } == true)
        #expect(error?.description.contains("port 18999 on 127.0.0.1 is already in use") == true)
    }

    @Test func keyTravelsInTheEnvironmentAndSlowStartsTimeOut() async throws {
        let record = scratch.file("seen.txt")
        let server = try scratch.script("bin/slow-server", """
            printf '%s\\n%s\\n%s\\n%s\\n%s\\n' "$$" "$LLAMA_API_KEY" "$LD_LIBRARY_PATH" "${LLAMA_ARG_HOST:-unset}" "$*" > '\(record)'
            exec sleep 30
            """)
        let reports = Recorder<LocalServerProgress>()
        let error = await #expect(throws: LocalServerError.self) {
            _ = try await launch(configuration(server: server, limit: .milliseconds(600))) { reports.append($0) }
        }
        #expect(error.map { if case .startTimedOut(0.6, _) = $0 { true } else { false } } == true)
        let seen = try String(contentsOfFile: record, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let pid = try #require(Int32(seen[0]))
        #expect(seen[1].count == 64 && seen[1].allSatisfy(\.isHexDigit))
        #expect(seen[2] == scratch.file("bin"))
        #expect(seen[3] == "unset")
        #expect(!seen[4].contains(seen[1]))
        #expect(seen[4].contains("--port"))
        #expect(await waitUntilGone(pid, within: .seconds(3)))
        #expect(reports.all == [.starting])
    }
}
