import Foundation
import Testing
@testable import TroupeCore

@Suite("Launch parts")
struct LocalServerLaunchPartsTests {
    @Test func freePortIsAFreeLoopbackPort() throws {
        let port = try LocalServerLaunchParts.freePort()
        #expect((1024...65535).contains(port))
        #expect(try LocalServerLaunchParts.freePort() != 0)
    }

    @Test func apiKeysAre64HexDigitsAndFresh() {
        let keys = (0..<20).map { _ in LocalServerLaunchParts.newAPIKey() }
        #expect(keys.allSatisfy { $0.count == 64 && $0.allSatisfy(\.isHexDigit) })
        #expect(Set(keys).count == keys.count)
    }

    @Test func argumentsHoldTheSettingsButNoKey() {
        let arguments = LocalServerLaunchParts.serverArguments(model: "/m/q.gguf", port: 4321, contextSize: 2048, threads: 2)
        let text = arguments.joined(separator: " ")
        #expect(text.hasPrefix("-m /m/q.gguf --alias q.gguf --host 127.0.0.1 --port 4321 -c 2048 -t 2 --embeddings --pooling mean"))
        #expect(!text.contains("api-key"))
    }

    @Test func environmentCarriesTheKeyAndLibraryFolder() {
        let base = [
            "PATH": "/bin", "LLAMA_ARG_HOST": "0.0.0.0", "LLAMA_API_KEY": "old", "LD_LIBRARY_PATH": "/opt/lib",
            "OPENAI_API_KEY": "sk-1", "AZURE_OPENAI_AD_TOKEN": "t", "KEYBOARD": "us",
        ]
        let environment = LocalServerLaunchParts.serverEnvironment(base: base, apiKey: "k1", serverFolder: "/srv/llama")
        #expect(environment == ["PATH": "/bin", "LLAMA_API_KEY": "k1", "LD_LIBRARY_PATH": "/srv/llama:/opt/lib", "KEYBOARD": "us"])
        #expect(LocalServerLaunchParts.serverEnvironment(base: [:], apiKey: "k", serverFolder: "/s")["LD_LIBRARY_PATH"] == "/s")
    }
}
