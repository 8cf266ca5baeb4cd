import Foundation
import Testing
import TroupeTestSupport

/// The binary's output when its reader goes away, with `--verbose`, and with a bad config.
@Suite("troupe output: closed pipes, verbose, warnings (binary)")
struct OutputHardeningTests {
    /// Runs troupe with standard output on a pipe from which only `bytes` bytes are read
    /// before the read end is closed (what `| head -c N` does).
    func runReadingOnly(_ bytes: Int, _ arguments: [String], in directory: String, environment: [String: String] = [:])
        async throws -> (status: Int32, reason: Process.TerminationReason, read: String, err: String)
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try TroupeBinary.troupe())
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ["HOME": directory, "PATH": "/usr/bin:/bin", "NO_COLOR": "1"].merging(environment) { _, new in new }
        let out = Pipe()
        let errPath = directory + "/.stderr-\(UUID().uuidString)"
        FileManager.default.createFile(atPath: errPath, contents: nil)
        process.standardOutput = out
        process.standardError = FileHandle(forWritingAtPath: errPath)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var read = Data()
        while read.count < bytes {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            read += chunk
        }
        try out.fileHandleForReading.close()
        await process.exit(within: .seconds(30))
        let err = String(decoding: FileManager.default.contents(atPath: errPath) ?? Data(), as: UTF8.self)
        return (process.terminationStatus, process.terminationReason, String(decoding: read.prefix(bytes), as: UTF8.self), err)
    }

    /// `troupe send … | head -c 10` ends at once when head goes away: SIGPIPE, nothing on
    /// standard error (it used to die with SIGILL after a long backtrace).
    @Test(arguments: [true, false])
    func aClosedPipeEndsSendQuietly(streamed: Bool) async throws {
        let server = try await TestServer.start()
        let directory = try TroupeBinary.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let prompt = TestServer.largeReplyPrefix + "5000000"
        var arguments = ["send", "--base-url", server.baseURL, prompt]
        if !streamed { arguments.insert("--no-stream", at: 1) }
        let result = try await runReadingOnly(10, arguments, in: directory)
        try await server.shutdown()
        #expect(result.read == "lorem ipsu")
        #expect(result.reason == .uncaughtSignal && result.status == SIGPIPE, "status \(result.status) \(result.reason)")
        #expect(result.err.isEmpty, "\(result.err)")
    }

    /// `--verbose` shows what is sent and received; the key never appears.
    @Test func verboseShowsTheExchangeButNoKey() async throws {
        let server = try await TestServer.start()
        let directory = try TroupeBinary.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        server.enqueue(.error(status: 503, message: "busy"))
        let secret = "sk-verbose-SECRET-123456"
        let result = try await TroupeBinary.run(
            ["send", "--verbose", "--base-url", server.baseURL, "hi"], in: directory,
            environment: ["OPENAI_API_KEY": secret, "AZURE_OPENAI_KEY": "azure-SECRET-654321"])
        let viaEnvironment = try await TroupeBinary.run(
            ["send", "--base-url", server.baseURL, "again"], in: directory,
            environment: ["OPENAI_API_KEY": secret, "TROUPE_VERBOSE": "1"])
        try await server.shutdown()
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out == "Echo: hi\n")
        #expect(result.err.contains("→ POST http://127.0.0.1:\(server.port)/v1/chat/completions"), "\(result.err)")
        #expect(result.err.contains("Authorization: <redacted>"))
        #expect(result.err.contains("← HTTP 503"))
        #expect(result.err.contains("HTTP 503, retrying in"))
        #expect(result.err.contains(#""content":"hi""#))
        #expect(!result.err.contains(secret) && !result.err.contains("SECRET"))
        #expect(viaEnvironment.err.contains("→ POST"))
        #expect(!viaEnvironment.err.contains(secret))
    }

    /// Without --verbose a retry is one plain line on standard error, no log record.
    @Test func aRetryIsOneLine() async throws {
        let server = try await TestServer.start()
        let directory = try TroupeBinary.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        server.enqueue(.error(status: 503, message: "busy", headers: ["retry-after-ms": "10"]))
        let result = try await TroupeBinary.run(["send", "--base-url", server.baseURL, "hi"], in: directory)
        try await server.shutdown()
        #expect(result.out == "Echo: hi\n")
        #expect(result.err == "troupe: HTTP 503, retrying in 10 ms, attempt 2 of 5\n", "\(result.err)")
    }

    /// A config file's unknown key is a warning naming file, line and the nearest key; the
    /// command still runs. `troupe config` hides credentials inside a base URL.
    @Test func configWarningsAndRedaction() async throws {
        let directory = try TroupeBinary.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "[OpenAI]\nMODLE=gpt-4o\nBASE_URL=https://user:hunter2@proxy.example/v1?key=abc\n"
            .write(toFile: directory + "/config.ini", atomically: true, encoding: .utf8)
        let result = try await TroupeBinary.run(["config"], in: directory)
        #expect(result.status == 0, "\(result.err)")
        #expect(result.err == "troupe: warning: \(directory)/config.ini:2: unknown setting MODLE is ignored; did you mean MODEL?\n")
        #expect(result.out.contains("BASE_URL = https://***@proxy.example/v1?key=***"), "\(result.out)")
        #expect(!result.out.contains("hunter2") && !result.out.contains("abc"))
    }
}
