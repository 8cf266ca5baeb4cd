import CSQLite
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Every turn of troupe's shell, `send`, `replay` and `eval`, in one SQLite file.
///
/// The file and its `-wal`/`-shm` companions are readable by their owner only (0600). WAL mode
/// lets readers work while another process writes, and a busy timeout makes a writer wait for
/// another process's write instead of failing, so several troupe processes can log at once.
/// Each ``append(_:)`` is one short transaction (`synchronous=NORMAL`: a killed process loses
/// nothing committed; only a power loss can drop the last commits).
///
/// One connection per instance, behind a mutex, so an instance can be shared across tasks.
public final class ConversationLog: Sendable {
    /// The database file.
    public let path: String
    /// How long a write waits for another process's write.
    public static let busyTimeoutMilliseconds: Int32 = 10_000
    /// The newest schema version this troupe reads and writes.
    public static var schemaVersion: Int { LogSchema.latestVersion }

    let connection: Mutex<SQLiteConnection>

    /// Opens the log at `path`, creating it (and its directory, mode 0700) if needed, and
    /// bringing an older file up to the current schema in place.
    /// - Throws: ``ConversationLogError/newerSchema(path:found:supported:)`` for a file from a
    ///   newer troupe (which is left byte-for-byte unchanged), ``ConversationLogError/notALog(path:reason:)``
    ///   for another program's file, ``ConversationLogError/cannotOpen(path:reason:)``.
    public init(path: String) throws(ConversationLogError) {
        self.path = path
        try Self.createFileIfNeeded(path)
        // Check the version on a read-only connection first: a read-write connection could
        // write to a newer troupe's file (closing a WAL file checkpoints it).
        try Self.checkVersion(path)
        let connection = try SQLiteConnection(path: path, flags: SQLITE_OPEN_READWRITE)
        Self.restrictPermissions(path)
        sqlite3_busy_timeout(connection.db, Self.busyTimeoutMilliseconds)
        let mode = try Self.switchToWAL(connection)
        if mode?.lowercased() != "wal" {
            throw .cannotOpen(path: path, reason: "SQLite could not switch the file to WAL mode (got \(mode ?? "nothing"))")
        }
        try connection.execute("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON", operation: "open")
        try Self.prepareSchema(connection)
        Self.restrictPermissions(path)  // -wal and -shm exist now
        self.connection = Mutex(connection)
    }

    // MARK: - Opening

    /// Turns WAL on. Two processes opening a new file at once can make the switch fail with
    /// SQLITE_BUSY at once, without SQLite's busy handler waiting, so it is tried again
    /// for up to the busy timeout.
    private static func switchToWAL(_ connection: SQLiteConnection) throws(ConversationLogError) -> String? {
        let deadline = ContinuousClock.now + .milliseconds(busyTimeoutMilliseconds)
        while true {
            do {
                return try connection.text("PRAGMA journal_mode=WAL", operation: "open")
            } catch {
                guard case .sqlite(_, _, let code, _) = error, code & 0xFF == SQLITE_BUSY, ContinuousClock.now < deadline else {
                    throw error
                }
                usleep(10_000)
            }
        }
    }

    private static func createFileIfNeeded(_ path: String) throws(ConversationLogError) {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(
                    atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw .cannotOpen(path: path, reason: "cannot create its directory: \(error.localizedDescription)")
            }
        }
        // Created here with mode 0600, so SQLite, which gives -wal and -shm the database file's
        // mode, never makes a wider one whatever the umask.
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw .cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        close(descriptor)
    }

    /// Narrows the mode of an existing file (and its companions) to 0600.
    private static func restrictPermissions(_ path: String) {
        for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) {
            chmod(file, 0o600)
        }
    }

    private static func checkVersion(_ path: String) throws(ConversationLogError) {
        let probe = try SQLiteConnection(path: path, flags: SQLITE_OPEN_READONLY)
        defer { probe.close() }
        sqlite3_busy_timeout(probe.db, busyTimeoutMilliseconds)
        let tables: Int64
        do {
            tables = try probe.integer("SELECT count(*) FROM sqlite_master", operation: "open")
        } catch {
            throw .notALog(path: path, reason: "it is not an SQLite database")
        }
        let version = Int(try probe.integer("PRAGMA user_version", operation: "open"))
        let owner = Int32(truncatingIfNeeded: try probe.integer("PRAGMA application_id", operation: "open"))
        if tables > 0, owner != LogSchema.applicationID {
            throw .notALog(path: path, reason: "it is an SQLite database of another program")
        }
        if version > LogSchema.latestVersion {
            throw .newerSchema(path: path, found: version, supported: LogSchema.latestVersion)
        }
    }

    /// Creates version 1 in a new file and applies the migrations it lacks, in one IMMEDIATE
    /// transaction (two processes opening a new file wait for each other; the version is
    /// read again inside the transaction).
    private static func prepareSchema(_ connection: SQLiteConnection) throws(ConversationLogError) {
        let path = connection.path
        var found = 0
        try connection.transaction { () throws(ConversationLogError) in
            let tables = try connection.integer("SELECT count(*) FROM sqlite_master", operation: "open")
            found = Int(try connection.integer("PRAGMA user_version", operation: "open"))
            if found > LogSchema.latestVersion {
                throw ConversationLogError.newerSchema(path: path, found: found, supported: LogSchema.latestVersion)
            }
            if tables == 0 {
                for statement in LogSchema.version1 { try connection.execute(statement, operation: "create") }
                try connection.execute("PRAGMA application_id=\(LogSchema.applicationID)", operation: "create")
                found = 1
            } else if found < 1 {
                throw ConversationLogError.notALog(path: path, reason: "it has tables but no troupe log version")
            }
            for migration in LogSchema.migrations where migration.from >= found {
                for statement in migration.statements {
                    do {
                        try connection.execute(statement, operation: "migrate")
                    } catch {
                        throw ConversationLogError.migrationFailed(
                            path: path, from: migration.from, to: migration.to, message: "\(error)")
                    }
                }
            }
            if found != LogSchema.latestVersion || tables == 0 {
                try connection.execute("PRAGMA user_version=\(LogSchema.latestVersion)", operation: "migrate")
            }
        }
    }

    // MARK: - Writing

    /// Starts a conversation and returns its new random ID.
    /// - Parameter title: A preview to show in lists; by default the first user message.
    @discardableResult
    public func startConversation(kind: ConversationKind, title: String? = nil, at time: Date = Date()) throws(ConversationLogError) -> ConversationID {
        try connection.withLock { (connection: inout SQLiteConnection) throws(ConversationLogError) -> ConversationID in
            let insert = try connection.prepare(
                "INSERT OR IGNORE INTO conversations (id, created, updated, source, title) VALUES (?1, ?2, ?2, ?3, ?4)",
                operation: "start a conversation")
            // A clash among 2^32 IDs is rare; try again with another.
            for _ in 0..<16 {
                let id = ConversationID.random()
                insert.bind(1, id.rawValue)
                insert.bind(2, time.timeIntervalSince1970)
                insert.bind(3, kind.rawValue)
                insert.bind(4, title.map(Self.preview))
                try insert.run()
                if connection.changes == 1 { return id }
            }
            throw ConversationLogError.sqlite(
                path: path, operation: "start a conversation", code: SQLITE_CONSTRAINT, message: "no free conversation ID found")
        }
    }

    /// Writes one turn at the end of its branch and returns its index there.
    /// - Throws: ``ConversationLogError/unknownConversation(prefix:)`` for a conversation not in the log.
    @discardableResult
    public func append(_ turn: TurnRecord) throws(ConversationLogError) -> Int {
        try connection.withLock { (connection: inout SQLiteConnection) throws(ConversationLogError) -> Int in
            try connection.transaction { () throws(ConversationLogError) -> Int in
                try Self.write(turn, in: &connection)
            }
        }
    }

    /// Writes several turns in one transaction (an eval's cells: one commit for many turns
    /// instead of one each), each at the end of its branch, in order.
    /// - Throws: ``ConversationLogError/unknownConversation(prefix:)``; then none is written.
    public func append(contentsOf turns: [TurnRecord]) throws(ConversationLogError) {
        guard !turns.isEmpty else { return }
        try connection.withLock { (connection: inout SQLiteConnection) throws(ConversationLogError) in
            try connection.transaction { () throws(ConversationLogError) in
                for turn in turns { _ = try Self.write(turn, in: &connection) }
            }
        }
    }

    private static func write(_ turn: TurnRecord, in connection: inout SQLiteConnection) throws(ConversationLogError) -> Int {
        let parameters = LogJSON.value(SecretScrubber.scrub(turn.parameters))
        let variables = turn.templateVariables.map { LogJSON.value(SecretScrubber.scrub($0)) }
        let messages = LogJSON.messages(turn.messages)
        let userText = turn.messages.last(where: { $0.role == .user })?.content ?? ""
        let costMicros = turn.cost?.microdollars
        let touch = try connection.prepare("""
            UPDATE conversations SET updated = max(updated, ?2), turn_count = turn_count + 1,
                priced_turn_count = priced_turn_count + (?3 IS NOT NULL), cost_microusd = cost_microusd + coalesce(?3, 0),
                model = ?4, title = coalesce(title, ?5)
            WHERE id = ?1
            """, operation: "append a turn")
        touch.bind(1, turn.conversation.rawValue)
        touch.bind(2, turn.time.timeIntervalSince1970)
        touch.bind(3, costMicros)
        touch.bind(4, turn.model)
        touch.bind(5, userText.isEmpty ? nil : Self.preview(userText))
        try touch.run()
        guard connection.changes == 1 else {
            throw ConversationLogError.unknownConversation(prefix: turn.conversation.rawValue)
        }
        let next = try connection.prepare(
            "SELECT coalesce(max(turn_index) + 1, 0) FROM turns WHERE conversation_id = ?1 AND branch = ?2",
            operation: "append a turn")
        next.bind(1, turn.conversation.rawValue)
        next.bind(2, turn.branch)
        let index = try next.step() ? Int(next.int64(0)) : 0
        next.reset()
        let insert = try connection.prepare("""
            INSERT INTO turns (conversation_id, branch, turn_index, time, api, model, parameters, messages,
                user_text, reply, prompt_tokens, cached_tokens, completion_tokens, reasoning_tokens, cost_microusd,
                first_token_ms, total_ms, cached, template, template_variables, finish_reason, error)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)
            """, operation: "append a turn")
        insert.bind(1, turn.conversation.rawValue)
        insert.bind(2, turn.branch)
        insert.bind(3, index)
        insert.bind(4, turn.time.timeIntervalSince1970)
        insert.bind(5, turn.api)
        insert.bind(6, turn.model)
        insert.bind(7, parameters)
        insert.bind(8, messages)
        insert.bind(9, userText)
        insert.bind(10, turn.reply)
        insert.bind(11, turn.usage?.promptTokens)
        insert.bind(12, turn.usage?.cachedTokens)
        insert.bind(13, turn.usage?.completionTokens)
        insert.bind(14, turn.usage?.reasoningTokens)
        insert.bind(15, costMicros)
        insert.bind(16, turn.firstTokenLatency.map(Self.milliseconds))
        insert.bind(17, turn.totalLatency.map(Self.milliseconds))
        insert.bind(18, turn.cached)
        insert.bind(19, turn.template)
        insert.bind(20, variables)
        insert.bind(21, turn.finishReason)
        insert.bind(22, turn.error)
        try insert.run()
        return index
    }

    // MARK: - Helpers

    static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    /// One line, at most 80 characters.
    static func preview(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ")
            .trimmingCharacters(in: .whitespaces)
        return line.count > 80 ? String(line.prefix(79)) + "…" : line
    }
}
