import Foundation
import Testing
@testable import TroupeTokenizer

@Suite("Vocabulary resources")
struct VocabularyTests {
    static let resources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/TroupeTokenizer/Resources")

    /// Runs a tool from PATH with `input` on stdin and returns its stdout.
    func run(_ tool: String, _ arguments: [String], input: Data? = nil) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let output = Pipe(), stdin = Pipe()
        process.standardOutput = output
        if input != nil { process.standardInput = stdin }
        try process.run()
        if let input {
            // Write on another thread so a full pipe cannot deadlock with the read below.
            let writer = stdin.fileHandleForWriting
            Thread.detachNewThread { writer.write(input); try? writer.close() }
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data
    }

    @Test("the .gz files match SHA256SUMS and the compact .bpe files reproduce them exactly",
          .timeLimit(.minutes(2)), arguments: ["cl100k_base", "o200k_base"])
    func reproducesTiktokenFile(name: String) throws {
        let gz = Self.resources.appendingPathComponent("\(name).tiktoken.gz")
        let original = try run("gzip", ["-dc", gz.path])
        #expect(original.count > 1_000_000)
        if let sums = SharedFiles.url("vocab/SHA256SUMS") {
            let expected = try String(contentsOf: sums, encoding: .utf8).split(separator: "\n")
                .first { $0.hasSuffix(" \(name).tiktoken") }?.split(separator: " ").first.map(String.init)
            let actual = String(decoding: try run("sha256sum", [], input: original), as: UTF8.self)
                .split(separator: " ").first.map(String.init)
            #expect(expected != nil)
            #expect(actual == expected)
        } else {
            print("skipping the SHA256SUMS comparison: ../shared/vocab/SHA256SUMS is absent")
        }
        // Rebuild the tiktoken text file from the vocabulary as loaded from the bundle.
        let encoding = try Encoding.named(name)
        let vocabulary = try encoding.loadedVocabulary().get()
        var rebuilt = Data()
        rebuilt.reserveCapacity(original.count)
        for rank in 0..<vocabulary.count {
            let token = vocabulary.withTokenBytes(rank) { Data($0) }
            rebuilt.append(contentsOf: token.base64EncodedString().utf8)
            rebuilt.append(contentsOf: " \(rank)\n".utf8)
        }
        #expect(rebuilt == original)
        // Every token must be found by its own bytes.
        for rank in stride(from: 0, to: vocabulary.count, by: 1) {
            let found = vocabulary.withTokenBytes(rank) { bytes -> UInt32 in
                var padded = Array(bytes) + [UInt8](repeating: 0, count: 16)
                return padded.withUnsafeMutableBufferPointer { vocabulary.rank($0.baseAddress!, bytes.count) }
            }
            if found != UInt32(rank) {
                Issue.record("rank \(rank) looked up as \(found)")
                break
            }
        }
    }

    @Test("loading is fast enough for a first count")
    func loadTime() throws {
        for encoding in Encoding.all {
            let duration = try encoding.preload()
            // 50 ms is the budget in a release build; debug builds are several times slower.
            #expect(duration < .seconds(1), "\(encoding.name) took \(duration)")
        }
    }
}
