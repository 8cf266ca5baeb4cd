import Foundation
import Testing

/// Runs the built `troupe tokens` binary (located by `TroupeBinary`).
@Suite("troupe tokens (end to end)")
struct TokensCommandTests {
    /// Runs `troupe arguments` in a scratch directory with `stdin` as input.
    func troupe(_ arguments: [String], stdin: String = "", in directory: String? = nil) async throws -> TroupeBinary.Result {
        let scratch = try directory ?? TroupeBinary.scratchDirectory()
        defer { if directory == nil { try? FileManager.default.removeItem(atPath: scratch) } }
        return try await TroupeBinary.run(arguments, in: scratch, input: stdin)
    }

    @Test("counts stdin and files; --ids prints ids", .timeLimit(.minutes(1)))
    func countsAndIDs() async throws {
        let counted = try await troupe(["tokens", "--encoding", "cl100k_base"], stdin: "Hello, world!")
        #expect(counted.status == 0)
        #expect(counted.out == "4\n")
        let ids = try await troupe(["tokens", "--model", "gpt-4", "--ids"], stdin: "Hello, world!")
        #expect(ids.out == "9906 11 1917 0\n")

        let directory = try TroupeBinary.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let a = directory + "/a.txt", b = directory + "/b.txt"
        try Data("Hello, world!".utf8).write(to: URL(fileURLWithPath: a))
        try Data([0xFF, 0xFE] + Array("abc".utf8)).write(to: URL(fileURLWithPath: b))  // invalid UTF-8 is accepted
        let files = try await troupe(["tokens", "--encoding", "cl100k_base", a, b], in: directory)
        #expect(files.status == 0)
        // tiktoken: [10178, 13997] for "\u{FFFD}\u{FFFD}abc"
        #expect(files.out == "4 \(a)\n2 \(b)\n6 total\n")
    }

    @Test("--jsonl writes one count or id array per line", .timeLimit(.minutes(1)))
    func jsonLines() async throws {
        let input = "{\"text\": \"Hello, world!\"}\n{\"text\": \"\\ud800 lone\"}\n"
        let counts = try await troupe(["tokens", "--jsonl", "--encoding", "cl100k_base"], stdin: input)
        #expect(counts.status == 0)
        #expect(counts.out.split(separator: "\n").count == 2)
        #expect(counts.out.hasPrefix("4\n"))
        let ids = try await troupe(["tokens", "--jsonl", "--ids", "--model", "gpt-4o"], stdin: "{\"text\": \"hi\"}\n")
        #expect(ids.out == "[3686]\n")
    }

    @Test("unknown models fall back with a note; bad input is reported", .timeLimit(.minutes(1)))
    func errors() async throws {
        let fallback = try await troupe(["tokens", "--model", "my-local-model"], stdin: "hi")
        #expect(fallback.status == 0)
        #expect(fallback.out == "1\n")
        #expect(fallback.err.contains("o200k_base"))
        let badEncoding = try await troupe(["tokens", "--encoding", "p50k_base"], stdin: "hi")
        #expect(badEncoding.status != 0)
        #expect(badEncoding.err.contains("cl100k_base or o200k_base"))
        let badLine = try await troupe(["tokens", "--jsonl"], stdin: "{\"text\": 1}\n")
        #expect(badLine.status != 0)
        #expect(badLine.err.contains("line 1"))
    }
}
