import Foundation
import Testing
@testable import TroupeTokenizer

/// Locates `<repo>/../shared` from this file's path (or one level further up, when the repo is a
/// git worktree such as `/work/wt/<name>` next to `/work/shared`).
enum SharedFiles {
    static let directory: URL = {
        var directory = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for _ in 0..<2 {
            directory = directory.deletingLastPathComponent()
            let candidate = directory.appendingPathComponent("shared")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
        }
        return directory.appendingPathComponent("shared")
    }()

    static func url(_ relative: String) -> URL? {
        let url = directory.appendingPathComponent(relative)
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }
}

@Suite("Reference vectors from ../shared/tokenizer/vectors.jsonl")
struct VectorTests {
    struct Vector: Decodable {
        let encoding: String
        let text: String
        let ids: [Int]
    }

    @Test("every vector encodes to tiktoken's ids")
    func everyVector() throws {
        guard let url = SharedFiles.url("tokenizer/vectors.jsonl") else {
            print("skipping: \(SharedFiles.directory.path)/tokenizer/vectors.jsonl is absent")
            return
        }
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        var checked = 0
        for line in lines {
            let vector = try JSONDecoder().decode(Vector.self, from: Data(line.utf8))
            let encoding = try Encoding.named(vector.encoding)
            let ids = encoding.encode(vector.text)
            #expect(ids == vector.ids, "\(vector.encoding) \(vector.text.debugDescription)")
            #expect(encoding.count(vector.text) == vector.ids.count)
            #expect(try encoding.decodeText(ids) == vector.text)
            checked += 1
        }
        #expect(checked == lines.count)
        #expect(checked > 1000)
    }
}
