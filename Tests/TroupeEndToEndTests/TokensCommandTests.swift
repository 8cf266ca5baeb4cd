import Foundation
import Testing

/// Runs the built `troupe tokens` binary (from the build products directory next to the tests).
@Suite("troupe tokens (end to end)")
struct TokensCommandTests {
    static func troupeBinary() -> URL? {
        var candidates = [Bundle.main.bundleURL.appendingPathComponent("troupe")]
        if let executable = Bundle.main.executableURL {
            candidates.append(executable.deletingLastPathComponent().appendingPathComponent("troupe"))
        }
        candidates.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/troupe"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    func troupe(_ arguments: [String], stdin: String = "") throws -> Result {
        guard let binary = Self.troupeBinary() else {
            Issue.record("the troupe binary is not in the build products directory; run swift build first")
            return Result(status: -1, stdout: "", stderr: "")
        }
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let writer = input.fileHandleForWriting
        let data = Data(stdin.utf8)
        Thread.detachNewThread { writer.write(data); try? writer.close() }
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                      stderr: String(decoding: err, as: UTF8.self))
    }

    @Test("counts stdin and files; --ids prints ids", .timeLimit(.minutes(1)))
    func countsAndIDs() throws {
        let counted = try troupe(["tokens", "--encoding", "cl100k_base"], stdin: "Hello, world!")
        #expect(counted.status == 0)
        #expect(counted.stdout == "4\n")
        let ids = try troupe(["tokens", "--model", "gpt-4", "--ids"], stdin: "Hello, world!")
        #expect(ids.stdout == "9906 11 1917 0\n")

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("troupe-tokens-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let a = directory.appendingPathComponent("a.txt"), b = directory.appendingPathComponent("b.txt")
        try Data("Hello, world!".utf8).write(to: a)
        try Data([0xFF, 0xFE] + Array("abc".utf8)).write(to: b)  // invalid UTF-8 is accepted
        let files = try troupe(["tokens", "--encoding", "cl100k_base", a.path, b.path])
        #expect(files.status == 0)
        #expect(files.stdout == "4 \(a.path)\n3 \(b.path)\n7 total\n")
    }

    @Test("--jsonl writes one count or id array per line", .timeLimit(.minutes(1)))
    func jsonLines() throws {
        let input = "{\"text\": \"Hello, world!\"}\n{\"text\": \"\\ud800 lone\"}\n"
        let counts = try troupe(["tokens", "--jsonl", "--encoding", "cl100k_base"], stdin: input)
        #expect(counts.status == 0)
        #expect(counts.stdout.split(separator: "\n").count == 2)
        #expect(counts.stdout.hasPrefix("4\n"))
        let ids = try troupe(["tokens", "--jsonl", "--ids", "--model", "gpt-4o"], stdin: "{\"text\": \"hi\"}\n")
        #expect(ids.stdout == "[3686]\n")
    }

    @Test("unknown models fall back with a note; bad input is reported", .timeLimit(.minutes(1)))
    func errors() throws {
        let fallback = try troupe(["tokens", "--model", "my-local-model"], stdin: "hi")
        #expect(fallback.status == 0)
        #expect(fallback.stdout == "1\n")
        #expect(fallback.stderr.contains("o200k_base"))
        let badEncoding = try troupe(["tokens", "--encoding", "p50k_base"], stdin: "hi")
        #expect(badEncoding.status != 0)
        #expect(badEncoding.stderr.contains("cl100k_base or o200k_base"))
        let badLine = try troupe(["tokens", "--jsonl"], stdin: "{\"text\": 1}\n")
        #expect(badLine.status != 0)
        #expect(badLine.stderr.contains("line 1"))
    }
}
