import TroupeCore
import TroupeTestSupport

extension TroupeConfig {
    /// A configuration for the eval tests: requests go to `server` with `key`, fail fast (one
    /// attempt, no wait) and the cache lives in `folder`.
    static func pointing(at server: TestServer, cacheIn folder: ScratchDirectory, key: String = "sk-test") throws -> TroupeConfig {
        var config = TroupeConfig()
        try config.set(.baseURL, to: server.baseURL, source: .flag)
        try config.set(.maxAttempts, to: "1", source: .flag)
        try config.set(.waitingTime, to: "0", source: .flag)
        try config.set(.cacheFileName, to: folder.file("cache.sqlite"), source: .flag)
        config.credentials.openAIKey = Secret(key)
        return config
    }

    /// This configuration with an Azure resource at `server` (key `azure-key`), for the suite
    /// ``azureSuite``.
    func withAzure(at server: TestServer) -> TroupeConfig {
        var config = self
        config.credentials.azureEndpoint = server.endpoint
        config.credentials.azureKey = Secret("azure-key")
        return config
    }

    /// A published-style Azure suite: a placeholder apiHost that AZURE_OPENAI_ENDPOINT wins
    /// over, an apiVersion, the deployment `my-deployment`, one check of the test server's echo.
    static let azureSuite = """
        prompts: [hello]
        providers:
          - id: azureopenai:chat:my-deployment
            config: {apiHost: 'your-org.openai.azure.com', apiVersion: '2024-10-21'}
        tests:
          - assert: [{type: equals, value: 'Echo: hello'}]
        """
}
