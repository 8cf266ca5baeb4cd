import Foundation

extension LLMService {
    /// Turns the cache on or off for this session (recorded as CACHE_API_CALLS from `/set`).
    /// Turning it on opens the file at once, so a bad file is reported here.
    public func setCache(enabled: Bool) throws {
        var changed = config
        try changed.set(.cacheAPICalls, to: enabled ? "true" : "false", source: .session)
        config = changed
        if cacheEnabled { _ = try cacheIfEnabled() }
    }

    /// TinyTroupe's `force_api_cache`: overrides CACHE_API_CALLS (and CACHE_FILE_NAME when
    /// `fileName` is given) until called with nil.
    public func forceCache(_ enabled: Bool?, fileName: String? = nil) throws {
        if let enabled {
            forcedCache = (enabled, fileName ?? forcedCache?.fileName ?? config.cacheFileName)
        } else {
            forcedCache = nil
        }
        if cachePath != openCache?.path { openCache = nil }
        if cacheEnabled { _ = try cacheIfEnabled() }
    }

    /// Whether the cache is on, its file, and how many answers it holds.
    public var cacheStatus: CacheStatus {
        get throws {
            let path = cachePath
            var entries = 0
            if let openCache, openCache.path == path {
                entries = try openCache.count
            } else if FileManager.default.fileExists(atPath: path) {
                entries = try ResponseCache(path: path).count
            }
            return CacheStatus(enabled: cacheEnabled, path: path, entries: entries, forced: forcedCache != nil)
        }
    }

    /// Removes every stored answer from the current cache file (if it exists).
    public func clearCache() throws {
        let path = cachePath
        if let openCache, openCache.path == path {
            try openCache.clear()
        } else if FileManager.default.fileExists(atPath: path) {
            try ResponseCache(path: path).clear()
        }
    }

    /// Whether answers are looked up and stored now.
    public var cacheEnabled: Bool {
        forcedCache?.enabled ?? config.cacheAPICalls
    }

    /// The absolute path of the cache file in use.
    public var cachePath: String {
        let name = forcedCache?.fileName ?? config.cacheFileName
        let expanded = (name as NSString).expandingTildeInPath
        if expanded.hasPrefix("/") { return expanded }
        return ((currentDirectory as NSString).appendingPathComponent(expanded) as NSString).standardizingPath
    }

    /// The open cache when caching is on (opening it on first use), else nil.
    func cacheIfEnabled() throws -> ResponseCache? {
        guard cacheEnabled else { return nil }
        let path = cachePath
        if let openCache, openCache.path == path { return openCache }
        let cache = try ResponseCache(path: path)
        openCache = cache
        return cache
    }

    /// A cached answer; a failed read is logged and treated as a miss so the request still runs.
    func lookup(_ key: CacheKey, in cache: ResponseCache) -> ChatCompletion? {
        do {
            guard let hit = try cache.lookup(key) else { return nil }
            logger.debug("answered from the cache", metadata: ["key": "\(key.hex.prefix(12))"])
            return hit
        } catch {
            logger.warning("cache lookup failed; asking the model", metadata: ["error": "\(error)"])
            return nil
        }
    }

    /// Stores an answer; a failed write is logged, never thrown (the answer is still good).
    /// An answer cut by the content filter is not stored: asking again may well succeed.
    func store(_ completion: ChatCompletion, for key: CacheKey, in cache: ResponseCache) {
        guard completion.finishReason != "content_filter" else { return }
        do {
            try cache.store(completion, for: key)
        } catch {
            logger.warning("could not store the answer in the cache", metadata: ["error": "\(error)"])
        }
    }
}
