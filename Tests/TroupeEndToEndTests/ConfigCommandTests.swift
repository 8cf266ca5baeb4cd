import Foundation
import Testing
import TroupeTestSupport

/// `troupe config` and `troupe cache`, run as the built binary in a scratch directory that is
/// also HOME, so the lookup chain and the cache file are the test's own.
@Suite("troupe config and troupe cache (binary)")
struct ConfigCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    let directory: String

    init() throws {
        directory = try TroupeBinary.scratchDirectory()
    }

    func write(_ text: String, to name: String) throws {
        let path = directory + "/" + name
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// Runs troupe in the scratch directory (also HOME) with `environment` added.
    func troupe(_ arguments: [String], environment: [String: String] = [:]) async throws -> TroupeBinary.Result {
        try await TroupeBinary.run(arguments, in: directory, environment: environment)
    }

    /// The line of `key` in `troupe config` output.
    func line(_ key: String, in output: String) -> String {
        output.split(separator: "\n").first { $0.hasPrefix(key + " = ") }.map(String.init) ?? ""
    }

    @Test
    func showsEveryLayerOfTheLookupChain() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try write("[OpenAI]\nMODEL = from-user-file\nSEED = 7\n", to: ".config/troupe/config.ini")
        try write("[OpenAI]\nTEMPERATURE = 0.3\nMODEL = from-local-file\n", to: "config.ini")
        try write("[OpenAI]\nTOP_P: 0.5\n", to: "extra.ini")
        let result = try await troupe(["config", "--config", "extra.ini", "--model", "from-flag"], environment: [
            "OPENAI_API_KEY": "sk-e2e-do-not-print", "OPENAI_BASE_URL": "http://127.0.0.1:9/v1",
        ])
        #expect(result.status == 0, "\(result.err)")
        #expect(line("MODEL", in: result.out).hasSuffix("# command-line flag"))
        #expect(line("MODEL", in: result.out).hasPrefix("MODEL = from-flag "))
        #expect(line("SEED", in: result.out).hasSuffix("# \(directory)/.config/troupe/config.ini"))
        #expect(line("TEMPERATURE", in: result.out).hasSuffix("# \(directory)/config.ini"))
        #expect(line("TOP_P", in: result.out).hasSuffix("# \(directory)/extra.ini"))
        #expect(line("BASE_URL", in: result.out).hasSuffix("# environment variable OPENAI_BASE_URL"))
        #expect(line("MAX_ATTEMPTS", in: result.out).hasSuffix("# built-in defaults"))
        #expect(result.out.contains("OPENAI_API_KEY: set (environment variable OPENAI_API_KEY)"))
        #expect(!result.out.contains("sk-e2e-do-not-print") && !result.err.contains("sk-e2e-do-not-print"))
    }

    @Test
    func aBadValueFailsNamingFileLineAndKey() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try write("[OpenAI]\n; tuned by hand\nTEMPERATURE = warm\n", to: "config.ini")
        let result = try await troupe(["config"])
        #expect(result.status != 0)
        #expect(result.err.contains("\(directory)/config.ini:3: TEMPERATURE = \"warm\" is not valid"), "\(result.err)")
        try FileManager.default.removeItem(atPath: directory + "/config.ini")
        let missing = try await troupe(["send", "--config", "nope.ini", "hello"])
        #expect(missing.status != 0 && missing.err.contains("nope.ini"), "\(missing.err)")
    }

    @Test
    func defaultsPrintTheShippedFile() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try await troupe(["config", "--defaults"])
        #expect(result.status == 0)
        #expect(Data(result.out.utf8) == (try Data(contentsOf: Self.root.appendingPathComponent("Sources/TroupeCore/Resources/config.ini"))))
    }

    @Test(.timeLimit(.minutes(2)))
    func aCachedAnswerIsReusedByTheNextProcess() async throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = try await TestServer.start()
        do {
            let send = ["send", "--base-url", server.baseURL, "--cache", "--no-stream", "remember", "me"]
            let first = try await troupe(send)
            #expect(first.status == 0, "\(first.err)")
            #expect(first.out == "Echo: remember me\n")
            let second = try await troupe(send)
            #expect(second.out == "Echo: remember me\n")
            let streamed = try await troupe(Array(send.filter { $0 != "--no-stream" }))
            #expect(streamed.out == "Echo: remember me\n")
            #expect(server.requests.count == 1)

            let status = try await troupe(["cache"])
            // A file name without '/' lives in the cache folder (HOME is the scratch directory).
            #expect(status.out == "cache: off\nfile: \(directory)/.cache/troupe/troupe_api_cache.sqlite\nentries: 1\n", "\(status.out)\(status.err)")
            let cleared = try await troupe(["cache", "--clear"])
            #expect(cleared.out.hasSuffix("entries: 0\n"))
            _ = try await troupe(send)
            #expect(server.requests.count == 2)
        } catch {
            try? await server.shutdown()
            throw error
        }
        try await server.shutdown()
    }
}
