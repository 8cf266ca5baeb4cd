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
}
