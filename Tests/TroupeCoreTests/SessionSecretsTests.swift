import Foundation
import Testing
@testable import TroupeCore

@Suite("No secret in session files")
struct SessionSecretsTests {
    static let secrets = [
        "sk-test-OPENAI-3f9a7c1e5b2d4a6c8e0f",
        "azure-key-77aa55bb33cc11dd99ee",
        "eyJhbGciOiJSUzI1NiJ9.ad-token-payload.signature",
    ]

    /// A configuration loaded the real way with every credential set in the environment.
    private func configWithSecrets(home: URL) throws -> TroupeConfig {
        let loader = testLoader(
            home: home.path, currentDirectory: home.path,
            environment: [
                "OPENAI_API_KEY": Self.secrets[0],
                "AZURE_OPENAI_KEY": Self.secrets[1],
                "AZURE_OPENAI_AD_TOKEN": Self.secrets[2],
                "AZURE_OPENAI_ENDPOINT": "https://example-resource.openai.azure.com",
            ])
        var config = try loader.load()
        #expect(config.credentials.openAIKey?.value == Self.secrets[0])
        #expect(config.credentials.azureADToken?.value == Self.secrets[2])
        try config.set(.cacheFileName, to: home.appendingPathComponent("cache.sqlite").path, source: .flag)
        try config.set(.cacheAPICalls, to: "true", source: .flag)
        return config
    }

    private func assertNoSecret(in url: URL) throws {
        let bytes = try Data(contentsOf: url)
        #expect(!bytes.isEmpty)
        for secret in Self.secrets {
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(url.lastPathComponent) holds a secret")
            // Not even a recognisable piece of one.
            #expect(bytes.range(of: Data(secret.prefix(12).utf8)) == nil, "\(url.lastPathComponent) holds part of a secret")
        }
    }

    @Test("a session saved and replayed while keys and tokens are configured holds none of them")
    func noSecretsWritten() async throws {
        let home = try TemporaryDirectory()
        defer { home.remove() }
        let config = try configWithSecrets(home: home.url)
        let store = SessionStore(paths: TroupePaths(environment: ["HOME": home.url.path]))

        // What the shell saves: the settings in force from this configuration, and turns.
        var session = SessionReplayerTests.recorded(["hello", "again"])
        session.settings = SessionSettings(config: config, apiType: "scripted")
        let saved = try store.save(session, to: "with-secrets")
        try assertNoSecret(in: saved)

        // A replay through the service with the same configuration, saved as a new session,
        // and its JSON report.
        let client = ReplayClient(reply: ReplayClient.echo)
        let (replayConfig, options) = try SessionReplayer.prepare(session, config: config, changes: changes("temperature=0.3"))
        let result = try await SessionReplayer(service: LLMService(config: replayConfig, registry: client.registry()))
            .replay(session, name: "with-secrets", options: options)
        let replayed = try store.save(result.session, to: home.file("out/replayed.json").path)
        try assertNoSecret(in: replayed)
        let report = home.file("report.json")
        try result.report.jsonData().write(to: report)
        try assertNoSecret(in: report)
        // The response cache the replay wrote to.
        try assertNoSecret(in: home.file("cache.sqlite"))

        // Every file written anywhere under the temporary home.
        let files = FileManager.default.enumerator(at: home.url, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { !$0.hasDirectoryPath } ?? []
        #expect(files.count >= 4)
        for file in files where (try? file.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) != true {
            try assertNoSecret(in: file)
        }
    }

    @Test("the session format has no field a credential could go in")
    func noCredentialField() throws {
        let text = try #require(String(data: SessionFixtures.fullSession().jsonData(), encoding: .utf8)).lowercased()
        for word in ["key", "token\"", "secret", "password", "endpoint", "authorization", "baseurl"] {
            #expect(!text.contains("\"\(word.replacingOccurrences(of: "\"", with: ""))"), "a field named like \(word)")
        }
    }
}
