import Foundation

extension TroupeConfig {
    /// Why the local model answers when nothing else was configured.
    public static let localDefaultReason = "no OPENAI_API_KEY or BASE_URL is set and the local model is installed"

    /// Uses the `local` API type when nothing else is configured: API_TYPE comes from the
    /// built-in defaults only (no file, flag or environment set it), no OPENAI_API_KEY and no
    /// BASE_URL are set, and the local model and server named by LOCAL_MODEL / LOCAL_SERVER are
    /// installed in `paths`. Recorded with ``ConfigSource/automatic(_:)`` so listings say why.
    /// - Returns: true when the local model was chosen.
    @discardableResult
    public mutating func chooseLocalIfNothingElse(paths: TroupePaths, workingDirectory: String) -> Bool {
        guard source(of: .apiType) == .builtIn, credentials.openAIKey == nil, baseURL == nil else { return false }
        let local = LocalServerConfiguration(config: self, paths: paths, workingDirectory: workingDirectory)
        let fileManager = FileManager.default
        guard fileManager.fileExists(atPath: local.modelFile.path),
              fileManager.isExecutableFile(atPath: local.serverProgram.path) else { return false }
        do {
            try set(.apiType, value: .string(LocalClient.apiTypeName), source: .automatic(Self.localDefaultReason))
        } catch {
            return false
        }
        return true
    }
}
