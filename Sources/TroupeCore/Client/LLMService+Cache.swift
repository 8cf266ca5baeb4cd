import Foundation

extension LLMService {
    /// Turns the cache on or off for this session (recorded as CACHE_API_CALLS changed in
    /// this session). Turning it on opens the file at once, so a bad file is reported here.
    /// - Throws: ``ResponseCacheError`` when the file cannot be used (the cache stays on and
    ///   requests go uncached with a warning).
    public func setCache(enabled: Bool) async throws {
        try await set(.cacheAPICalls, value: .bool(enabled))
        if cacheEnabled { _ = try openCacheFile() }
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
        if cacheEnabled { _ = try openCacheFile() }
    }

    /// Whether the cache is on, its file, and how many answers it holds. A file that cannot
    /// be read is reported in ``CacheStatus/problem`` rather than thrown, so the status shows.
    public var cacheStatus: CacheStatus {
        let path = cachePath
        var entries = 0
        var problem: String?
        do {
            if let openCache, openCache.path == path {
                entries = try openCache.count
            } else if FileManager.default.fileExists(atPath: path) {
                entries = try ResponseCache(path: path).count
            }
        } catch {
            problem = (error as? LocalizedError)?.errorDescription ?? "\(error)"
        }
        return CacheStatus(enabled: cacheEnabled, path: path, entries: entries, forced: forcedCache != nil, problem: problem)
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

    /// The absolute path of the cache file in use: a CACHE_FILE_NAME without `/` lives in
    /// troupe's cache folder, anything else is used as given.
    public var cachePath: String {
        paths.cacheFile(named: forcedCache?.fileName ?? config.cacheFileName, currentDirectory: currentDirectory)
    }

    /// The open cache (opening it on first use).
    /// - Throws: ``ResponseCacheError``.
    func openCacheFile() throws -> ResponseCache {
        let path = cachePath
        if let openCache, openCache.path == path { return openCache }
        let cache = try ResponseCache(path: path)
        openCache = cache
        unusableCaches.remove(path)
        return cache
    }

    /// The open cache when caching is on, else nil. A file that cannot be used is a warning
    /// (once per file) and the request goes uncached.
    func cacheIfEnabled(onEvent: ChatEventHandler) async -> ResponseCache? {
        guard cacheEnabled else { return nil }
        do {
            return try openCacheFile()
        } catch {
            if unusableCaches.insert(cachePath).inserted {
                await onEvent(.warning("\(error); answering without the cache"))
                logger.debug("cache unusable; requests go uncached", metadata: ["error": "\(error)"])
            }
            return nil
        }
    }

    /// A cached answer; a failed read is treated as a miss so the request still runs.
    func lookup(_ key: CacheKey, sample: Int, in cache: ResponseCache) -> ChatCompletion? {
        do {
            guard let hit = try cache.lookup(key, sample: sample) else { return nil }
            logger.debug("answered from the cache", metadata: ["key": "\(key.hex.prefix(12))", "sample": "\(sample)"])
            return hit
        } catch {
            logger.debug("cache lookup failed; asking the model", metadata: ["error": "\(error)"])
            return nil
        }
    }

    /// Stores an answer; a failed write is a warning, never thrown (the answer is still good).
    /// An answer cut by the content filter is not stored: asking again may well succeed.
    func store(_ completion: ChatCompletion, for key: CacheKey, sample: Int, in cache: ResponseCache, onEvent: ChatEventHandler) async {
        guard completion.finishReason != "content_filter" else { return }
        do {
            try cache.store(completion, for: key, sample: sample)
        } catch {
            if unusableCaches.insert(cache.path).inserted {
                await onEvent(.warning("\(error); the answer was not cached"))
            }
        }
    }
}
