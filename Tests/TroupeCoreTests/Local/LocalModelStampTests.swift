import Testing
@testable import TroupeCore

@Suite("Model stamp")
struct LocalModelStampTests {
    let sha = "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"

    @Test func parsesTheSetUpScriptsFormat() throws {
        let stamp = try #require(LocalModelStamp(text: "491400064 1796159365 \(sha)\n"))
        #expect(stamp == LocalModelStamp(size: 491_400_064, mtime: 1_796_159_365, sha256: sha))
        #expect(stamp.text == "491400064 1796159365 \(sha)\n")
        #expect(LocalModelStamp(text: "491400064 1796159365 \(sha.uppercased())")?.sha256 == sha)
    }

    @Test(arguments: ["", "491400064 1796159365", "a b \(String(repeating: "0", count: 64))", "1 2 xyz", "1 2 \(String(repeating: "g", count: 64))", "1 2 3 4"])
    func rejectsMalformedStamps(_ text: String) {
        #expect(LocalModelStamp(text: text) == nil)
    }

    @Test func trustsOnlyWhenSizeAndMtimeMatch() {
        let stamp = LocalModelStamp(size: 10, mtime: 100, sha256: sha)
        #expect(LocalModelStamp.decide(stamp: stamp, size: 10, mtime: 100) == .trust(sha256: sha))
        #expect(LocalModelStamp.decide(stamp: stamp, size: 11, mtime: 100) == .rehash)
        #expect(LocalModelStamp.decide(stamp: stamp, size: 10, mtime: 101) == .rehash)
        #expect(LocalModelStamp.decide(stamp: nil, size: 10, mtime: 100) == .rehash)
    }
}
