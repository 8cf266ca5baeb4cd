extension LocalServerConfiguration {
    /// The local server that `config`'s LOCAL_MODEL, LOCAL_SERVER, LOCAL_CONTEXT and
    /// LOCAL_THREADS describe, with the places and environment of `paths`.
    public init(config: TroupeConfig, paths: TroupePaths, workingDirectory: String) {
        self.init(
            model: config[.localModel]?.stringValue,
            server: config[.localServer]?.stringValue,
            contextSize: config[.localContext]?.numberValue.map { Int($0) } ?? Self.defaultContextSize,
            paths: LocalPaths(environment: paths.environment, workingDirectory: workingDirectory),
            environment: paths.environment)
        if let threads = config[.localThreads]?.numberValue { self.threads = max(1, Int(threads)) }
    }
}
