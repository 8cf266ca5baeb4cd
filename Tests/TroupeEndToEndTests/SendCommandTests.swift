import Foundation
import Testing
import TroupeTestSupport

/// `troupe send` and `troupe embed` as the built binary against the local test server.
@Suite("troupe send and embed (binary)")
struct SendCommandTests {
    @Test("streams the reply and sends the system message, model and temperature")
    func streamsReply() async throws {
        let server = try await TestServer.start()
        let directory = try TroupeBinary.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        server.enqueue(.stream(chunks: ["Bon", "jour", " !"], delay: .milliseconds(5)))

        let result = try await TroupeBinary.run(
            ["send", "--base-url", server.baseURL, "--model", "gpt-4o", "--temperature", "0.3",
             "--system", "Be brief.", "Say", "hello"],
            in: directory, environment: ["OPENAI_API_KEY": "sk-e2e-secret"])
        try await server.shutdown()

        #expect(result.status == 0, "\(result.err)")
        #expect(result.out == "Bonjour !\n")
        let request = try #require(server.lastRequest)
        #expect(request.path == "/v1/chat/completions")
        #expect(request.header("authorization") == "Bearer sk-e2e-secret")
        let body = try #require(request.json())
        #expect(body["model"] as? String == "gpt-4o")
        #expect(body["temperature"] as? Double == 0.3)
        #expect(body["stream"] as? Bool == true)
        let messages = try #require(body["messages"] as? [[String: Any]])
        #expect(messages.map { $0["role"] as? String } == ["system", "user"])
        #expect(messages.map { $0["content"] as? String } == ["Be brief.", "Say hello"])
    }

    @Test("--no-stream waits for the whole reply")
    func nonStreaming() async throws {
        let server = try await TestServer.start()
        let directory = try TroupeBinary.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        server.enqueue(.chat(content: "whole answer"))

        let result = try await TroupeBinary.run(["send", "--no-stream", "--base-url", server.baseURL, "hi"], in: directory)
        try await server.shutdown()

        #expect(result.status == 0, "\(result.err)")
        #expect(result.out == "whole answer\n")
        let body = try #require(server.lastRequest?.json())
        #expect(body["stream"] == nil)
    }

    @Test("a failed request prints the server's message to stderr, exits non-zero, and leaks no key")
    func failure() async throws {
        let server = try await TestServer.start()
        let directory = try TroupeBinary.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        server.enqueue(.error(status: 401, message: "Incorrect API key provided"))

        let result = try await TroupeBinary.run(
            ["send", "--base-url", server.baseURL, "hi"], in: directory,
            environment: ["OPENAI_API_KEY": "sk-must-not-leak-123"])
        try await server.shutdown()

        #expect(result.status != 0)
        #expect(result.out.isEmpty)
        #expect(result.err.contains("Incorrect API key provided"), "\(result.err)")
        #expect(!result.err.contains("sk-must-not-leak-123"))
        #expect(server.requests.count == 1, "401 is not retried")
    }

    @Test("--cache answers a repeated prompt from the SQLite cache without a request")
    func cache() async throws {
        let server = try await TestServer.start()
        let directory = try TroupeBinary.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        server.enqueue(.chat(content: "first answer"), .chat(content: "second answer"))

        let arguments = ["send", "--cache", "--no-stream", "--base-url", server.baseURL, "same", "prompt"]
        let first = try await TroupeBinary.run(arguments, in: directory)
        let second = try await TroupeBinary.run(arguments, in: directory)
        try await server.shutdown()

        #expect(first.out == "first answer\n", "\(first.err)")
        #expect(second.out == "first answer\n", "\(second.err)")
        #expect(server.requests.count == 1)
        // CACHE_FILE_NAME without '/' lives in ${XDG_CACHE_HOME:-~/.cache}/troupe/, not the working directory.
        #expect(FileManager.default.fileExists(atPath: directory + "/.cache/troupe/troupe_api_cache.sqlite"))
        #expect(!FileManager.default.fileExists(atPath: directory + "/troupe_api_cache.sqlite"))
    }

    @Test("--api azure builds the deployment URL with the api-key header")
    func azure() async throws {
        let server = try await TestServer.start()
        let directory = try TroupeBinary.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        server.enqueue(.chat(content: "from azure"))

        let result = try await TroupeBinary.run(
            ["send", "--no-stream", "--api", "azure", "--model", "my-deployment", "hi"], in: directory,
            environment: ["AZURE_OPENAI_ENDPOINT": server.endpoint, "AZURE_OPENAI_KEY": "azure-secret"])
        try await server.shutdown()

        #expect(result.status == 0, "\(result.err)")
        #expect(result.out == "from azure\n")
        let request = try #require(server.lastRequest)
        #expect(request.path == "/openai/deployments/my-deployment/chat/completions")
        #expect(request.queryItem("api-version") == "2024-12-01-preview")
        #expect(request.header("api-key") == "azure-secret")
    }

    @Test("--template renders the system message and sends the prompt after it")
    func template() async throws {
        let server = try await TestServer.start()
        let directory = try TroupeBinary.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory + "/Templates", withIntermediateDirectories: true)
        try "You are {{name}}.".write(toFile: directory + "/Templates/greeter.mustache", atomically: true, encoding: .utf8)
        server.enqueue(.chat(content: "ok"))

        let result = try await TroupeBinary.run(
            ["send", "--no-stream", "--base-url", server.baseURL, "--template", "greeter", "--var", "name=Ana", "Hi"],
            in: directory)
        try await server.shutdown()

        #expect(result.status == 0, "\(result.err)")
        let body = try #require(server.lastRequest?.json())
        let messages = try #require(body["messages"] as? [[String: Any]])
        #expect(messages.map { $0["content"] as? String } == ["You are Ana.", "Hi"])
    }

    @Test("embed prints the vector as a JSON array")
    func embed() async throws {
        let server = try await TestServer.start()
        let directory = try TroupeBinary.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        server.enqueue(.embedding([0.25, -1, 3]))

        let result = try await TroupeBinary.run(["embed", "--base-url", server.baseURL, "some text"], in: directory)
        try await server.shutdown()

        #expect(result.status == 0, "\(result.err)")
        let vector = try JSONDecoder().decode([Double].self, from: Data(result.out.utf8))
        #expect(vector == [0.25, -1, 3])
        let body = try #require(server.lastRequest?.json())
        #expect(server.lastRequest?.path == "/v1/embeddings")
        #expect(body["model"] as? String == "text-embedding-3-small")
        #expect(body["input"] as? String == "some text")
    }

    @Test("--version and a bad config value")
    func versionAndBadConfig() async throws {
        let directory = try TroupeBinary.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let version = try await TroupeBinary.run(["--version"], in: directory)
        #expect(version.status == 0)
        #expect(version.out.range(of: #"^\d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil)

        try "[OpenAI]\nTEMPERATURE = warm\n".write(toFile: directory + "/config.ini", atomically: true, encoding: .utf8)
        let bad = try await TroupeBinary.run(["send", "hi"], in: directory)
        #expect(bad.status != 0)
        #expect(bad.err.contains(directory), "\(bad.err)")
        #expect(bad.err.contains("config.ini:2:"), "\(bad.err)")
        #expect(bad.err.contains("TEMPERATURE"), "\(bad.err)")
    }
}
