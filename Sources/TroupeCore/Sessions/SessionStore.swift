import Foundation

/// Where sessions live on disk: saves them atomically, loads and lists them.
///
/// A session reference is either a NAME, which resolves to `<directory>/<NAME>.json`, or a PATH:
/// anything containing `/` or ending in `.json` (`~/` is expanded; relative paths are taken from
/// the current directory).
public struct SessionStore: Sendable {
    /// The directory NAMEs resolve in.
    public let directory: URL
    /// What `~/` in a path means.
    private var home: URL?

    /// A store over `directory`.
    public init(directory: URL) {
        self.directory = directory.standardizedFileURL
    }

    /// The default store: ``TroupePaths/sessionsDirectory``
    /// (`${XDG_DATA_HOME:-~/.local/share}/troupe/sessions`).
    public init(paths: TroupePaths = TroupePaths()) {
        let directory = paths.sessionsDirectory ?? FileManager.default.homeDirectoryForCurrentUser
            .appendingPathComponent(".local/share/troupe/sessions").path
        self.init(directory: URL(fileURLWithPath: directory, isDirectory: true))
        home = paths.home.map { URL(fileURLWithPath: $0, isDirectory: true) }
    }

    /// True when `reference` is a path rather than a name.
    public static func isPath(_ reference: String) -> Bool {
        reference.contains("/") || reference.hasSuffix(".json")
    }

    /// The file a reference points to (it may not exist).
    /// - Throws: ``SessionError/invalidName(_:reason:)`` for a name that cannot be a file name.
    public func url(for reference: String) throws -> URL {
        if SessionStore.isPath(reference) {
            if reference.hasPrefix("~/") {
                let home = home ?? FileManager.default.homeDirectoryForCurrentUser
                return home.appendingPathComponent(String(reference.dropFirst(2))).standardizedFileURL
            }
            return URL(fileURLWithPath: reference).standardizedFileURL
        }
        try SessionStore.validate(name: reference)
        return directory.appendingPathComponent("\(reference).json")
    }

    /// Writes `session` atomically (temporary file, fsync, rename) with mode 0600; the sessions
    /// directory is created with mode 0700 when missing.
    /// - Returns: The file written.
    /// - Throws: ``SessionError``; an earlier file at the same place is left as it was.
    @discardableResult
    public func save(_ session: Session, to reference: String) throws -> URL {
        try save(session, to: reference, beforeRename: { _ in })
    }

    /// ``save(_:to:)`` with a hook run just before the rename (a test seam for crashes).
    @discardableResult
    func save(_ session: Session, to reference: String, beforeRename: (URL) throws -> Void) throws -> URL {
        let url = try url(for: reference)
        let data: Data
        do {
            data = try session.jsonData()
        } catch {
            throw SessionError.writeFailed(path: url.path, reason: "cannot encode it: \(error)")
        }
        // A missing directory (the sessions one, or one in a given path) is created private.
        try AtomicFile.createDirectory(url.deletingLastPathComponent(), mode: 0o700)
        try AtomicFile.write(data, to: url, permissions: 0o600, beforeRename: beforeRename)
        return url
    }

    /// Reads a session.
    /// - Throws: ``SessionError/notFound(reference:path:suggestions:)`` (with close names),
    ///   ``SessionError/truncated(path:reason:)``, ``SessionError/corrupt(path:reason:)``,
    ///   ``SessionError/newerFormat(path:version:supported:)`` or
    ///   ``SessionError/unreadable(path:reason:)``.
    public func load(_ reference: String) throws -> Session {
        let url = try url(for: reference)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw SessionError.notFound(
                reference: reference, path: url.path,
                suggestions: SessionStore.isPath(reference) ? [] : suggestions(for: reference))
        }
        if isDirectory.boolValue {
            throw SessionError.unreadable(path: url.path, reason: "it is a directory")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw SessionError.unreadable(path: url.path, reason: error.localizedDescription)
        }
        return try Session.decode(data, path: url.path)
    }

    /// The sessions saved in ``directory``, newest first. Files that cannot be read are listed
    /// with a ``SessionSummary/problem``.
    public func list() throws -> [SessionSummary] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            if !FileManager.default.fileExists(atPath: directory.path) { return [] }
            throw SessionError.unreadable(path: directory.path, reason: error.localizedDescription)
        }
        return names
            .filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }
            .map { file in
                let url = directory.appendingPathComponent(file)
                let name = String(file.dropLast(".json".count))
                do {
                    let session = try Session.decode(Data(contentsOf: url), path: url.path)
                    return SessionSummary(name: name, path: url.path, session: session)
                } catch {
                    return SessionSummary(name: name, path: url.path, problem: "\(error)")
                }
            }
            .sorted { lhs, rhs in
                switch (lhs.updated, rhs.updated) {
                case let (l?, r?) where l != r: return l > r
                case (_?, nil): return true
                case (nil, _?): return false
                default: return lhs.name < rhs.name
                }
            }
    }

    /// Saved names close to `reference`: sharing a prefix or substring, or a small edit away.
    func suggestions(for reference: String) -> [String] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }
            .map { String($0.dropLast(".json".count)) }
        let wanted = reference.lowercased()
        let scored = names.compactMap { name -> (String, Int)? in
            let lower = name.lowercased()
            if lower.contains(wanted) || wanted.contains(lower) { return (name, 0) }
            let distance = lower.editDistance(to: wanted)
            return distance <= max(2, wanted.count / 3) ? (name, distance) : nil
        }
        return scored.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(5).map(\.0)
    }

    static func validate(name: String) throws {
        if name.isEmpty { throw SessionError.invalidName(name, reason: "it is empty") }
        if name.hasPrefix(".") { throw SessionError.invalidName(name, reason: "it starts with '.'") }
        if name.contains("\0") { throw SessionError.invalidName(name, reason: "it contains a NUL byte") }
        if name.utf8.count > 200 { throw SessionError.invalidName(name, reason: "it is longer than 200 bytes") }
    }
}

/// One line of ``SessionStore/list()``.
public struct SessionSummary: Sendable, Hashable {
    public var name: String
    public var path: String
    /// When the session was last saved; nil when the file could not be read.
    public var updated: Date?
    public var apiType: String?
    public var model: String?
    public var turnCount: Int?
    /// The first user message on one line, at most 60 characters; nil when there is none.
    public var preview: String?
    /// Why the file could not be read, when it could not.
    public var problem: String?

    init(name: String, path: String, session: Session) {
        self.name = name
        self.path = path
        self.updated = session.updated
        self.apiType = session.settings.apiType
        self.model = session.settings.model
        self.turnCount = session.turns.count
        self.preview = session.messages.first(where: { $0.role == .user }).map { Self.preview($0.content) }
    }

    /// `text` on one line, at most 60 characters.
    static func preview(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
        return line.count > 60 ? String(line.prefix(59)) + "…" : line
    }

    init(name: String, path: String, problem: String) {
        self.name = name
        self.path = path
        self.problem = problem
    }
}
