/// What ``LLMService/cacheStatus`` reports.
public struct CacheStatus: Sendable, Hashable {
    /// Whether answers are looked up and stored.
    public var enabled: Bool
    /// The absolute path of the SQLite file.
    public var path: String
    /// Answers stored in the file (0 when it does not exist yet).
    public var entries: Int
    /// True when ``LLMService/forceCache(_:fileName:)`` overrides the configuration.
    public var forced: Bool
    /// Why the file cannot be used, when it cannot (requests then go uncached).
    public var problem: String?

    public init(enabled: Bool, path: String, entries: Int, forced: Bool, problem: String? = nil) {
        self.enabled = enabled
        self.path = path
        self.entries = entries
        self.forced = forced
        self.problem = problem
    }
}
