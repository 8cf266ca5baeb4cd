import Foundation
import Testing
@testable import TroupeCore

#if canImport(Glibc)
import Glibc
#endif

@Suite("Kept-warm server state file")
struct LocalServerStateTests {
    func state(pid: Int32 = getpid(), model: String = "/m/q.gguf", port: Int = 4321) -> LocalServerState {
        LocalServerState(port: port, apiKey: String(repeating: "ab", count: 32), pid: pid, modelPath: model, contextSize: 4096, startedAt: Date(timeIntervalSince1970: 1_800_000_000))
    }

    @Test func writesPrivatelyAndReadsBack() throws {
        let scratch = try LocalScratch()
        let path = scratch.file("run/troupe/local-server.json")
        try state().write(to: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let folder = try FileManager.default.attributesOfItem(atPath: scratch.file("run/troupe"))
        #expect((folder[.posixPermissions] as? NSNumber)?.intValue == 0o700)
        #expect(LocalServerState.read(from: path) == state())
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("\"startedAt\" : 1800000000"))
        // Overwriting leaves no temporary files behind.
        try state(port: 5555).write(to: path)
        #expect(LocalServerState.read(from: path)?.port == 5555)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.file("run/troupe")) == ["local-server.json"])
    }

    @Test func corruptOrNewerFilesAreIgnored() throws {
        let scratch = try LocalScratch()
        let corrupt = try scratch.write(Array("{\"port\": ".utf8), to: "a.json")
        #expect(LocalServerState.read(from: corrupt) == nil)
        var newer = state()
        newer.version = 99
        try newer.write(to: scratch.file("b.json"))
        #expect(LocalServerState.read(from: scratch.file("b.json")) == nil)
        #expect(LocalServerState.read(from: scratch.file("absent.json")) == nil)
    }

    @Test func removeOnlyTheFileOfThisServer() throws {
        let scratch = try LocalScratch()
        let path = scratch.file("s.json")
        try state(pid: 1234).write(to: path)
        LocalServerState.remove(at: path, ifPID: 999)
        #expect(FileManager.default.fileExists(atPath: path))
        LocalServerState.remove(at: path, ifPID: 1234)
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func staleFilesAreIgnoredWithAReason() async throws {
        let scratch = try LocalScratch()
        let path = scratch.file("s.json")
        let healthy = ScriptedLocalServerHTTP { _ in LocalHTTPResponse(status: 200, body: Array("{\"status\":\"ok\"}".utf8)) }
        #expect(await LocalServerState.check(at: path, modelPath: "/m/q.gguf", http: healthy) == .absent)

        // A pid that has exited (a child we started and reaped).
        let gone = try await ChildProcess.spawn("/bin/sh", arguments: ["-c", "exit 0"], environment: [:])
        _ = await gone.waitForExit()
        try state(pid: gone.pid).write(to: path)
        #expect(await LocalServerState.check(at: path, modelPath: "/m/q.gguf", http: healthy) == .stale(.processGone(pid: gone.pid)))

        try state().write(to: path)
        #expect(await LocalServerState.check(at: path, modelPath: "/m/other.gguf", http: healthy) == .stale(.otherModel("/m/q.gguf")))
        let loading = ScriptedLocalServerHTTP { _ in LocalHTTPResponse(status: 503, body: []) }
        #expect(await LocalServerState.check(at: path, modelPath: "/m/q.gguf", http: loading) == .stale(.notHealthy(status: 503)))
        #expect(await LocalServerState.check(at: path, modelPath: "/m/q.gguf", http: ScriptedLocalServerHTTP.refusing()) == .stale(.notHealthy(status: nil)))
        #expect(await LocalServerState.check(at: path, modelPath: "/m/./q.gguf", http: healthy) == .live(state()))
        #expect(healthy.requests.last?.url == "http://127.0.0.1:4321/health")
    }
}
