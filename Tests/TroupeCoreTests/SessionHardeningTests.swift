import Foundation
import Testing
@testable import TroupeCore

@Suite("Session files a crash or a stranger left behind")
struct SessionHardeningTests {
    /// Random bytes are not a session "cut off while written": they are not a session at all.
    @Test func randomBytesAreCorruptNotTruncated() {
        var generator = SystemRandomNumberGenerator()
        let noise = Data((0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) })
        #expect {
            try Session.decode(noise, path: "noise.json")
        } throws: { error in
            guard case SessionError.corrupt = error else { return false }
            return true
        }
        #expect {
            try Session.decode(Data("not json at all".utf8), path: "text.json")
        } throws: { error in
            guard case SessionError.corrupt = error else { return false }
            return true
        }
    }

    /// A save killed with SIGKILL leaves a temporary file; the next save removes it (its
    /// writer's pid is gone) and keeps a live writer's.
    @Test func temporaryFilesOfDeadWritersAreRemoved() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let store = SessionStore(paths: TroupePaths(environment: ["HOME": home.url.path]))
        try store.save(SessionFixtures.fullSession(), to: "s")
        let directory = store.directory
        // pid 999999 is above Linux's default pid_max, so no process has it.
        let dead = directory.appendingPathComponent("\(AtomicFile.temporaryPrefix)s.json.999999.abcd1234")
        let alive = directory.appendingPathComponent("\(AtomicFile.temporaryPrefix)s.json.\(getpid()).abcd1234")
        FileManager.default.createFile(atPath: dead.path, contents: Data("half".utf8))
        FileManager.default.createFile(atPath: alive.path, contents: Data("busy".utf8))
        try store.save(SessionFixtures.fullSession(), to: "s")
        #expect(!FileManager.default.fileExists(atPath: dead.path))
        #expect(FileManager.default.fileExists(atPath: alive.path))
        try? FileManager.default.removeItem(at: alive)
    }
}
