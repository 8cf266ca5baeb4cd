import Foundation

extension ConversationLog {
    private static let summaryColumns =
        "id, source, created, updated, title, model, turn_count, priced_turn_count, cost_microusd"

    /// Conversations, most recently updated first.
    public func conversations(limit: Int = 20, offset: Int = 0) throws(ConversationLogError) -> [ConversationSummary] {
        try connection.withLock { (connection: inout SQLiteConnection) throws(ConversationLogError) -> [ConversationSummary] in
            let query = try connection.prepare(
                "SELECT \(Self.summaryColumns) FROM conversations ORDER BY updated DESC LIMIT ?1 OFFSET ?2",
                operation: "list conversations")
            query.bind(1, limit)
            query.bind(2, offset)
            defer { query.reset() }
            var result: [ConversationSummary] = []
            while try query.step() { result.append(Self.summary(query)) }
            return result
        }
    }

    /// The most recently updated conversation of `kind`, or nil when there is none.
    public func lastConversation(kind: ConversationKind) throws(ConversationLogError) -> ConversationSummary? {
        try connection.withLock { (connection: inout SQLiteConnection) throws(ConversationLogError) -> ConversationSummary? in
            let query = try connection.prepare(
                "SELECT \(Self.summaryColumns) FROM conversations WHERE source = ?1 ORDER BY updated DESC LIMIT 1",
                operation: "find the last conversation")
            query.bind(1, kind.rawValue)
            defer { query.reset() }
            return try query.step() ? Self.summary(query) : nil
        }
    }

    /// The IDs of conversations whose ID starts with `prefix` (at most `limit`).
    public func conversationIDs(matching prefix: String, limit: Int = 10) throws(ConversationLogError) -> [ConversationID] {
        let lower = prefix.lowercased()
        guard (1...8).contains(lower.utf8.count), ConversationID.isHex(lower) else {
            throw .invalidConversationID(prefix)
        }
        return try connection.withLock { (connection: inout SQLiteConnection) throws(ConversationLogError) -> [ConversationID] in
            // IDs are lowercase hex, every digit below "g": [prefix, prefix + "g") is the range.
            let query = try connection.prepare(
                "SELECT id FROM conversations WHERE id >= ?1 AND id < ?2 ORDER BY id LIMIT ?3",
                operation: "find a conversation")
            query.bind(1, lower)
            query.bind(2, lower + "g")
            query.bind(3, limit)
            defer { query.reset() }
            var result: [ConversationID] = []
            while try query.step() {
                if let id = query.text(0).flatMap(ConversationID.init(rawValue:)) { result.append(id) }
            }
            return result
        }
    }

    /// The conversation whose ID starts with `prefix` (any unique prefix of its 8 digits).
    /// - Throws: ``ConversationLogError/unknownConversation(prefix:)`` when none matches,
    ///   ``ConversationLogError/ambiguousConversation(prefix:candidates:)`` (listing them) when
    ///   several do, ``ConversationLogError/invalidConversationID(_:)`` for a non-hex prefix.
    public func conversation(idPrefix prefix: String) throws(ConversationLogError) -> ConversationDetail {
        let matches = try conversationIDs(matching: prefix)
        guard let id = matches.first else { throw .unknownConversation(prefix: prefix) }
        guard matches.count == 1 else { throw .ambiguousConversation(prefix: prefix, candidates: matches) }
        return try connection.withLock { (connection: inout SQLiteConnection) throws(ConversationLogError) -> ConversationDetail in
            let head = try connection.prepare(
                "SELECT \(Self.summaryColumns) FROM conversations WHERE id = ?1", operation: "show a conversation")
            head.bind(1, id.rawValue)
            guard try head.step() else {
                head.reset()
                throw ConversationLogError.unknownConversation(prefix: prefix)
            }
            let summary = Self.summary(head)
            head.reset()
            let rows = try connection.prepare("""
                SELECT branch, turn_index, time, api, model, parameters, messages, reply, prompt_tokens, cached_tokens,
                    completion_tokens, reasoning_tokens, cost_microusd, first_token_ms, total_ms, cached, template,
                    template_variables, finish_reason, error
                FROM turns WHERE conversation_id = ?1 ORDER BY id
                """, operation: "show a conversation")
            rows.bind(1, id.rawValue)
            defer { rows.reset() }
            var turns: [LoggedTurn] = []
            let decoder = JSONDecoder()
            while try rows.step() { turns.append(Self.turn(rows, conversation: id, decoder: decoder)) }
            return ConversationDetail(summary: summary, turns: turns)
        }
    }

    /// The messages to resume the conversation whose ID starts with `prefix`: those of its
    /// latest branch, in order, ending with the last successful reply.
    public func resumeMessages(idPrefix prefix: String) throws(ConversationLogError) -> [ChatMessage] {
        try conversation(idPrefix: prefix).messages()
    }

    /// Turns whose user message or reply contains every word of `text`, newest first.
    ///
    /// The text is never parsed as FTS5 syntax: quotes, `AND`/`OR`/`NOT`, `:` and parentheses
    /// are searched for as words (see ``FTSQuery``); a word ending in `*` matches as a prefix.
    /// - Parameters:
    ///   - highlight: What to put before and after each matched word in ``SearchHit/snippet``.
    public func search(
        text: String, limit: Int = 20, highlight: (String, String) = ("[", "]")
    ) throws(ConversationLogError) -> [SearchHit] {
        guard let expression = FTSQuery.expression(for: text) else { return [] }
        return try connection.withLock { (connection: inout SQLiteConnection) throws(ConversationLogError) -> [SearchHit] in
            // Newest first: FTS5 walks its index by rowid and stops at the limit, where ranking
            // by relevance would score every match first.
            let query = try connection.prepare("""
                SELECT t.conversation_id, t.branch, t.turn_index, t.time, t.model,
                    snippet(turns_fts, -1, ?3, ?4, '…', 12)
                FROM turns_fts JOIN turns t ON t.id = turns_fts.rowid
                WHERE turns_fts MATCH ?1 ORDER BY turns_fts.rowid DESC LIMIT ?2
                """, operation: "search")
            query.bind(1, expression)
            query.bind(2, limit)
            query.bind(3, highlight.0)
            query.bind(4, highlight.1)
            defer { query.reset() }
            var hits: [SearchHit] = []
            while try query.step() {
                guard let id = query.text(0).flatMap(ConversationID.init(rawValue:)) else { continue }
                hits.append(SearchHit(
                    conversation: id, branch: query.text(1) ?? "main", turnIndex: Int(query.int64(2)),
                    time: Date(timeIntervalSince1970: query.double(3)), model: query.text(4) ?? "",
                    snippet: query.text(5) ?? ""))
            }
            return hits
        }
    }

    /// Every conversation's figures added up: conversations, turns, the known costs, and the
    /// turns whose cost is unknown (not in the sum).
    public func totals() throws(ConversationLogError) -> LogTotals {
        try connection.withLock { (connection: inout SQLiteConnection) throws(ConversationLogError) -> LogTotals in
            let query = try connection.prepare(
                "SELECT count(*), coalesce(sum(turn_count), 0), coalesce(sum(priced_turn_count), 0), coalesce(sum(cost_microusd), 0) FROM conversations",
                operation: "add up the log")
            defer { query.reset() }
            guard try query.step() else { return LogTotals(conversations: 0, turns: 0, cost: nil, unpricedTurns: 0) }
            let turns = Int(query.int64(1))
            let priced = Int(query.int64(2))
            return LogTotals(
                conversations: Int(query.int64(0)), turns: turns,
                cost: priced > 0 ? Cost(microdollars: query.int64(3)) : nil, unpricedTurns: turns - priced)
        }
    }

    /// The number of logged turns.
    public func turnCount() throws(ConversationLogError) -> Int {
        try connection.withLock { (connection: inout SQLiteConnection) throws(ConversationLogError) -> Int in
            Int(try connection.integer("SELECT count(*) FROM turns", operation: "count turns"))
        }
    }

    /// SQLite's `PRAGMA integrity_check` answer (`ok` for a sound file), the FTS index included.
    public func integrityCheck() throws(ConversationLogError) -> String {
        try connection.withLock { (connection: inout SQLiteConnection) throws(ConversationLogError) -> String in
            let main = try connection.text("PRAGMA integrity_check", operation: "check") ?? "no answer"
            try connection.execute(
                "INSERT INTO turns_fts (turns_fts, rank) VALUES ('integrity-check', 1)", operation: "check the search index")
            return main
        }
    }

    // MARK: - Rows

    private static func summary(_ row: Statement) -> ConversationSummary {
        let priced = Int(row.int64(7))
        let turns = Int(row.int64(6))
        return ConversationSummary(
            id: row.text(0).flatMap(ConversationID.init(rawValue:)) ?? ConversationID.random(),
            kind: row.text(1).flatMap(ConversationKind.init(rawValue:)) ?? .shell,
            created: Date(timeIntervalSince1970: row.double(2)),
            updated: Date(timeIntervalSince1970: row.double(3)),
            title: row.text(4), model: row.text(5), turns: turns,
            totalCost: priced > 0 ? Cost(microdollars: row.int64(8)) : nil,
            unpricedTurns: turns - priced)
    }

    private static func turn(_ row: Statement, conversation: ConversationID, decoder: JSONDecoder) -> LoggedTurn {
        func json(_ column: Int32) -> JSONValue? {
            row.text(column).flatMap { try? decoder.decode(JSONValue.self, from: Data($0.utf8)) }
        }
        let messages = row.text(6).flatMap { try? decoder.decode([ChatMessage].self, from: Data($0.utf8)) } ?? []
        var usage: TokenUsage?
        if let prompt = row.optionalInt(8), let completion = row.optionalInt(10) {
            usage = TokenUsage(
                promptTokens: prompt, cachedTokens: row.optionalInt(9) ?? 0, completionTokens: completion,
                reasoningTokens: row.optionalInt(11) ?? 0)
        }
        let record = TurnRecord(
            conversation: conversation, branch: row.text(0) ?? "main", time: Date(timeIntervalSince1970: row.double(2)),
            api: row.text(3) ?? "", model: row.text(4) ?? "", parameters: json(5) ?? .object([:]), messages: messages,
            reply: row.text(7), usage: usage, cost: row.isNull(12) ? nil : Cost(microdollars: row.int64(12)),
            firstTokenLatency: row.optionalInt(13).map { .milliseconds($0) },
            totalLatency: row.optionalInt(14).map { .milliseconds($0) }, cached: row.int64(15) != 0,
            template: row.text(16), templateVariables: json(17), finishReason: row.text(18), error: row.text(19))
        return LoggedTurn(index: Int(row.int64(1)), record: record)
    }
}
