import Foundation
import Testing
@testable import TroupeCore

@Suite("Session store")
struct SessionStoreTests {
    private func permissions(_ url: URL) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        return try #require(attributes[.posixPermissions] as? Int) & 0o777
    }

    @Test("a name saves under ~/.local/share/troupe/sessions with private permissions")
    func saveByName() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let store = SessionStore(paths: TroupePaths(environment: ["HOME": home.url.path]))
        let session = SessionFixtures.fullSession()

        let url = try store.save(session, to: "demo")
        let directory = home.url.appendingPathComponent(".local/share/troupe/sessions")
        #expect(url.path == directory.appendingPathComponent("demo.json").path)
        #expect(try permissions(url) == 0o600)
        #expect(try permissions(directory) == 0o700)
        #expect(try store.load("demo") == session)
        // Nothing else is left in the directory (no temporary file).
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["demo.json"])
    }

    @Test("a path is used as given; names and paths are told apart")
    func saveByPath() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let store = SessionStore(paths: TroupePaths(environment: ["HOME": home.url.path]))
        let target = home.file("elsewhere/nested/run.json")

        let url = try store.save(SessionFixtures.fullSession(), to: target.path)
        #expect(url.path == target.path)
        #expect(try permissions(target) == 0o600)
        #expect(try store.load(target.path) == SessionFixtures.fullSession())
        #expect(!FileManager.default.fileExists(atPath: store.directory.path))

        #expect(SessionStore.isPath("a/b"))
        #expect(SessionStore.isPath("run.json"))
        #expect(SessionStore.isPath("~/x"))
        #expect(!SessionStore.isPath("run"))
        #expect(!SessionStore.isPath("run.v2"))
        #expect(try store.url(for: "run.v2").lastPathComponent == "run.v2.json")
        #expect(try store.url(for: "~/s.json").path == home.url.appendingPathComponent("s.json").path)
        #expect(throws: SessionError.self) { try store.save(SessionFixtures.fullSession(), to: ".hidden") }
        #expect(throws: SessionError.self) { try store.save(SessionFixtures.fullSession(), to: "") }
    }

    @Test("saving over a file replaces it and keeps mode 0600 even if it was wider")
    func overwrite() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let store = SessionStore(paths: TroupePaths(environment: ["HOME": home.url.path]))
        let url = try store.save(SessionFixtures.fullSession(), to: "s")
        chmod(url.path, 0o644)
        var changed = SessionFixtures.fullSession()
        changed.turns.removeLast()
        try store.save(changed, to: "s")
        #expect(try store.load("s") == changed)
        #expect(try permissions(url) == 0o600)
    }

    @Test("a save that fails before the rename leaves the old file intact and no temporary file")
    func crashBeforeRename() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let store = SessionStore(paths: TroupePaths(environment: ["HOME": home.url.path]))
        let original = SessionFixtures.fullSession()
        let url = try store.save(original, to: "keep")
        let before = try Data(contentsOf: url)

        struct PowerCut: Error {}
        var changed = original
        changed.messages.append(.user("this must not land"))
        var sawTemporary = false
        #expect(throws: SessionError.self) {
            try store.save(changed, to: "keep", beforeRename: { temporary in
                // The new bytes are fully on disk in the temporary file, in the same directory.
                sawTemporary = FileManager.default.fileExists(atPath: temporary.path)
                    && temporary.deletingLastPathComponent().path == url.deletingLastPathComponent().path
                throw PowerCut()
            })
        }
        #expect(sawTemporary)
        #expect(try Data(contentsOf: url) == before)
        #expect(try store.load("keep") == original)
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.directory.path) == ["keep.json"])
    }

    @Test("a temporary file left by a killed save is ignored by load, list and the next save")
    func leftoverTemporary() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let store = SessionStore(paths: TroupePaths(environment: ["HOME": home.url.path]))
        try store.save(SessionFixtures.fullSession(), to: "keep")
        // What a process killed between write and rename leaves: a half-written temporary file.
        let half = try SessionFixtures.fullSession().jsonData().prefix(100)
        let leftover = store.directory.appendingPathComponent("\(AtomicFile.temporaryPrefix)keep.json.DEADBEEF")
        try half.write(to: leftover)

        #expect(try store.load("keep") == SessionFixtures.fullSession())
        #expect(try store.list().map(\.name) == ["keep"])
        try store.save(SessionFixtures.fullSession(), to: "keep")
        #expect(try store.load("keep") == SessionFixtures.fullSession())
    }

    @Test("a failed load changes nothing and says why")
    func failedLoads() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let store = SessionStore(paths: TroupePaths(environment: ["HOME": home.url.path]))
        try store.save(SessionFixtures.fullSession(), to: "demo-run")
        try store.save(SessionFixtures.fullSession(), to: "other")

        do {
            _ = try store.load("demo-rnu")
            Issue.record("loaded a missing session")
        } catch let SessionError.notFound(reference, path, suggestions) {
            #expect(reference == "demo-rnu")
            #expect(path.hasSuffix("/demo-rnu.json"))
            #expect(suggestions == ["demo-run"])
        }

        let truncatedURL = store.directory.appendingPathComponent("cut.json")
        let full = try SessionFixtures.fullSession().jsonData()
        try full.prefix(full.count / 2).write(to: truncatedURL)
        let before = try FileManager.default.contentsOfDirectory(atPath: store.directory.path).sorted()
        #expect {
            try store.load("cut")
        } throws: { error in
            guard case SessionError.truncated(let path, _) = error else { return false }
            return path == truncatedURL.path
        }
        let future = store.directory.appendingPathComponent("future.json")
        try Data(#"{"formatVersion": 99}"#.utf8).write(to: future)
        #expect(throws: SessionError.newerFormat(path: future.path, version: 99, supported: Session.currentFormatVersion)) {
            try store.load(future.path)
        }
        // The files are as they were.
        #expect(try Data(contentsOf: truncatedURL) == full.prefix(full.count / 2))
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.directory.path).sorted() == (before + ["future.json"]).sorted())
        #expect(throws: SessionError.self) { try store.load(store.directory.path + "/") }
    }

    @Test("list shows date, model and turn count, newest first, and flags broken files")
    func list() throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let store = SessionStore(paths: TroupePaths(environment: ["HOME": home.url.path]))
        #expect(try store.list().isEmpty)

        var old = SessionFixtures.fullSession()
        old.updated = SessionFixtures.date(10)
        old.settings.parameters.model = "gpt-4o"
        var new = SessionFixtures.fullSession()
        new.updated = SessionFixtures.date(20)
        new.turns.removeLast()
        try store.save(old, to: "old")
        try store.save(new, to: "new")
        try Data("{".utf8).write(to: store.directory.appendingPathComponent("broken.json"))
        try Data("notes".utf8).write(to: store.directory.appendingPathComponent("readme.txt"))

        let listed = try store.list()
        #expect(listed.map(\.name) == ["new", "old", "broken"])
        #expect(listed[0].model == "gpt-4.1-mini")
        #expect(listed[0].turnCount == 1)
        #expect(listed[0].updated == SessionFixtures.date(20))
        #expect(listed[1].model == "gpt-4o")
        #expect(listed[1].turnCount == 2)
        #expect(listed[1].apiType == "azure")
        #expect(listed[2].problem?.contains("truncated") == true)
    }
}
