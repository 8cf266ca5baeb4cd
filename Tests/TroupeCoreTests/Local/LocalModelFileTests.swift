import Foundation
import Testing
@testable import TroupeCore

@Suite("Model file checks")
struct LocalModelFileTests {
    /// sha256 of "GGUF" 03 00 00 00 "pinned test model" (25 bytes), computed with Python's hashlib.
    static let payloadSHA = "b87d648dd362a0a1d8a35d257c966738d1ed1d98ed93a554c87d94fd3e357cd1"
    static let otherSHA = String(repeating: "ab", count: 32)

    @Test func missingFileSaysWhichSettingNamedIt() throws {
        let scratch = try LocalScratch()
        let named = LocalModelFile.resolve("absent.gguf", paths: scratch.paths())
        #expect(throws: LocalModelError.missing(source: .setting("LOCAL_MODEL"), path: named.path)) { try named.verify() }
        let installed = LocalModelFile.resolve(nil, paths: scratch.paths())
        let error = #expect(throws: LocalModelError.self) { try installed.verify() }
        #expect(error == .missing(source: .installedDefault, path: installed.path))
        #expect(error?.description.contains("not installed") == true)
    }

    @Test func badMagicIsNotGGUF() throws {
        let scratch = try LocalScratch()
        let path = try scratch.write(Array("<html>oops".utf8), to: "page.gguf")
        let file = LocalModelFile(path: path, source: .setting("LOCAL_MODEL"), pin: nil)
        #expect(throws: LocalModelError.notGGUF(path: path, found: "3c68746d")) { try file.verify() }
        let empty = try scratch.write([], to: "empty.gguf")
        #expect(throws: LocalModelError.notGGUF(path: empty, found: "")) {
            try LocalModelFile(path: empty, source: .setting("LOCAL_MODEL"), pin: nil).verify()
        }
    }

    @Test func folderIsNotAFile() throws {
        let scratch = try LocalScratch()
        try FileManager.default.createDirectory(atPath: scratch.file("dir.gguf"), withIntermediateDirectories: true)
        #expect(throws: LocalModelError.notAFile(source: .setting("LOCAL_MODEL"), path: scratch.file("dir.gguf"))) {
            try LocalModelFile(path: scratch.file("dir.gguf"), source: .setting("LOCAL_MODEL"), pin: nil).verify()
        }
    }

    @Test func unpinnedGGUFNeedsOnlyTheMagic() throws {
        let scratch = try LocalScratch()
        let path = try scratch.fakeGGUF("user.gguf")
        #expect(try LocalModelFile(path: path, source: .setting("LOCAL_MODEL"), pin: nil).verify() == .unpinned)
    }

    @Test func matchingStampIsTrustedWithoutReadingTheFile() throws {
        let scratch = try LocalScratch()
        // The content hashes to payloadSHA, but the stamp claims otherSHA: trusting the stamp
        // (no re-hash) is the only way to get a mismatch naming otherSHA.
        let path = try scratch.fakeGGUF("m.gguf", payload: "pinned test model")
        setModificationTime(path, 1_700_000_000)
        try LocalModelStamp(size: 25, mtime: 1_700_000_000, sha256: Self.otherSHA).text.write(toFile: path + ".stamp", atomically: true, encoding: .utf8)
        let pinnedToOther = LocalModelFile(path: path, source: .installedDefault, pin: LocalModelPin(size: 25, sha256: Self.otherSHA))
        #expect(try pinnedToOther.verify() == .trustedStamp)
        let pinnedToReal = LocalModelFile(path: path, source: .installedDefault, pin: LocalModelPin(size: 25, sha256: Self.payloadSHA))
        #expect(throws: LocalModelError.hashMismatch(path: path, expected: Self.payloadSHA, found: Self.otherSHA)) { try pinnedToReal.verify() }
    }

    @Test func changedFileIsRehashedAndTheStampRenewed() throws {
        let scratch = try LocalScratch()
        let path = try scratch.fakeGGUF("m.gguf", payload: "pinned test model")
        setModificationTime(path, 1_700_000_500)
        try LocalModelStamp(size: 25, mtime: 1_700_000_000, sha256: Self.otherSHA).text.write(toFile: path + ".stamp", atomically: true, encoding: .utf8)
        let file = LocalModelFile(path: path, source: .installedDefault, pin: LocalModelPin(size: 25, sha256: Self.payloadSHA))
        #expect(try file.verify() == .rehashed)
        let renewed = try String(contentsOfFile: path + ".stamp", encoding: .utf8)
        #expect(renewed == "25 1700000500 \(Self.payloadSHA)\n")
        #expect(try file.verify() == .trustedStamp)
    }

    @Test func rehashMismatchNamesBothHashes() throws {
        let scratch = try LocalScratch()
        let path = try scratch.fakeGGUF("m.gguf", payload: "pinned test model")
        let file = LocalModelFile(path: path, source: .installedDefault, pin: LocalModelPin(size: 25, sha256: Self.otherSHA))
        let error = #expect(throws: LocalModelError.self) { try file.verify() }
        #expect(error == .hashMismatch(path: path, expected: Self.otherSHA, found: Self.payloadSHA))
        #expect(!FileManager.default.fileExists(atPath: path + ".stamp"))
    }

    @Test func wrongSizeFailsBeforeHashing() throws {
        let scratch = try LocalScratch()
        let path = try scratch.fakeGGUF("m.gguf", payload: "pinned test model")
        let file = LocalModelFile(path: path, source: .installedDefault, pin: LocalModelPin(size: 491_400_064, sha256: Self.payloadSHA))
        #expect(throws: LocalModelError.sizeMismatch(path: path, expected: 491_400_064, found: 25)) { try file.verify() }
    }

    @Test func hashIsStreamedOverLargeFiles() throws {
        // 3 MiB + 5 bytes: several 1 MiB reads and a short last one.
        let scratch = try LocalScratch()
        let bytes = Array("GGUF".utf8) + [UInt8](repeating: 0x61, count: 3 << 20 + 1)
        let path = try scratch.write(bytes, to: "big.gguf")
        // python3 -c "import hashlib; print(hashlib.sha256(b'GGUF' + b'a' * (3*2**20+1)).hexdigest())"
        #expect(try LocalModelFile(path: path, source: .installedDefault, pin: nil).sha256() == "639cc83b984d4ff4a6bb706fc5b7efd4d623c84ed109b77f18e7d7dfb4158dfe")
    }

    @Test func listsTheGGUFFilesOfTheModelsFolder() throws {
        let scratch = try LocalScratch()
        try scratch.fakeGGUF("models/b.gguf", payload: "12345")
        try scratch.fakeGGUF("models/A.GGUF", payload: "")
        try scratch.write(Array("x".utf8), to: "models/b.gguf.stamp")
        try FileManager.default.createDirectory(atPath: scratch.file("models/folder.gguf"), withIntermediateDirectories: true)
        #expect(LocalModelFile.list(in: scratch.file("models")) == [
            LocalModelListing(name: "A.GGUF", size: 8), LocalModelListing(name: "b.gguf", size: 13),
        ])
        #expect(LocalModelFile.list(in: scratch.file("absent")) == [])
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: LocalPaths().defaultModel + ".stamp"), "the installed model is absent (Scripts/install-local-model.sh installs it)"))
    func installedModelChecksInUnderFiveMilliseconds() throws {
        let file = LocalModelFile.resolve(nil, paths: LocalPaths())
        let clock = ContinuousClock()
        var best = Duration.seconds(1)
        var outcome: LocalModelVerification?
        for _ in 0..<5 {
            let start = clock.now
            outcome = try file.verify()
            best = min(best, clock.now - start)
        }
        #expect(outcome == .trustedStamp)
        #expect(best < .milliseconds(5), "took \(best)")
    }
}
