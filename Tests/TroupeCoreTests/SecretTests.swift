import Testing
@testable import TroupeCore

@Suite("Secrets never print")
struct SecretTests {
    @Test func secretRedactsItselfEverywhere() {
        let secret = Secret("sk-very-secret")
        #expect(secret.value == "sk-very-secret")
        #expect(!"\(secret)".contains("very"))
        #expect(!String(describing: secret).contains("very"))
        #expect(!String(reflecting: secret).contains("very"))
        var dumped = ""
        dump(secret, to: &dumped)
        #expect(!dumped.contains("very"))
    }

    @Test func credentialsAndConfigDoNotLeakKeys() throws {
        let loader = testLoader(home: nil, currentDirectory: "/nonexistent-dir", environment: [
            "OPENAI_API_KEY": "sk-very-secret", "AZURE_OPENAI_KEY": "az-very-secret", "AZURE_OPENAI_AD_TOKEN": "ad-very-secret",
        ])
        let config = try loader.load()
        var dumped = ""
        dump(config, to: &dumped)
        for text in ["\(config.credentials)", String(reflecting: config.credentials), "\(config)", String(reflecting: config), dumped] {
            #expect(!text.contains("very-secret"))
        }
    }
}
