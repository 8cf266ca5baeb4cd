/// The conversation log's schema: version 1 as first shipped, and the migrations after it.
///
/// The version lives in `PRAGMA user_version`, the owner in `PRAGMA application_id`. A new
/// file is created at version 1 and brought up by the same migrations an old file goes
/// through, so every migration runs on every new file too. Each migration runs inside the
/// one transaction that also sets the new version: it applies whole or not at all.
enum LogSchema {
    /// Marks the file as troupe's log ("TRPL").
    static let applicationID: Int32 = 0x5452_504C
    /// The newest version this code reads and writes.
    static var latestVersion: Int { migrations.last?.to ?? 1 }

    /// One step from `from` to `to = from + 1`.
    struct Migration {
        let from: Int
        var to: Int { from + 1 }
        let statements: [String]
    }

    /// Version 1. Full-text search uses an FTS5 table with *external content* (`content=turns`):
    /// the text is stored once, in `turns`, yet `snippet()` can still show it (a contentless
    /// index could not), and triggers keep the index in step inside the writing transaction.
    /// Only the turn's new user message and its reply are indexed, not the whole history
    /// each turn resends.
    static let version1: [String] = [
        """
        CREATE TABLE conversations (
            id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 8),
            created REAL NOT NULL,
            updated REAL NOT NULL,
            source TEXT NOT NULL,
            title TEXT
        )
        """,
        "CREATE INDEX conversations_updated ON conversations(updated)",
        """
        CREATE TABLE turns (
            id INTEGER PRIMARY KEY,
            conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
            branch TEXT NOT NULL,
            turn_index INTEGER NOT NULL,
            time REAL NOT NULL,
            api TEXT NOT NULL,
            model TEXT NOT NULL,
            parameters TEXT NOT NULL,
            messages TEXT NOT NULL,
            user_text TEXT NOT NULL,
            reply TEXT,
            prompt_tokens INTEGER,
            cached_tokens INTEGER,
            completion_tokens INTEGER,
            reasoning_tokens INTEGER,
            cost_microusd INTEGER,
            first_token_ms INTEGER,
            total_ms INTEGER,
            cached INTEGER NOT NULL DEFAULT 0,
            template TEXT,
            template_variables TEXT,
            finish_reason TEXT,
            error TEXT,
            UNIQUE (conversation_id, branch, turn_index)
        )
        """,
        """
        CREATE VIRTUAL TABLE turns_fts USING fts5(
            user_text, reply, content = 'turns', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
        )
        """,
        """
        CREATE TRIGGER turns_fts_insert AFTER INSERT ON turns BEGIN
            INSERT INTO turns_fts (rowid, user_text, reply) VALUES (new.id, new.user_text, coalesce(new.reply, ''));
        END
        """,
        """
        CREATE TRIGGER turns_fts_delete AFTER DELETE ON turns BEGIN
            INSERT INTO turns_fts (turns_fts, rowid, user_text, reply)
                VALUES ('delete', old.id, old.user_text, coalesce(old.reply, ''));
        END
        """,
        """
        CREATE TRIGGER turns_fts_update AFTER UPDATE OF user_text, reply ON turns BEGIN
            INSERT INTO turns_fts (turns_fts, rowid, user_text, reply)
                VALUES ('delete', old.id, old.user_text, coalesce(old.reply, ''));
            INSERT INTO turns_fts (rowid, user_text, reply) VALUES (new.id, new.user_text, coalesce(new.reply, ''));
        END
        """,
    ]

    /// Version 2 keeps each conversation's totals on its row, so listing conversations reads
    /// one row each instead of adding up every turn (100,000 turns: see LogBench), and indexes
    /// conversations by kind for "the last conversation of this kind". Existing rows are
    /// filled in from their turns.
    static let migrations: [Migration] = [
        Migration(from: 1, statements: [
            "ALTER TABLE conversations ADD COLUMN turn_count INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE conversations ADD COLUMN priced_turn_count INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE conversations ADD COLUMN cost_microusd INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE conversations ADD COLUMN model TEXT",
            """
            UPDATE conversations SET
                turn_count = (SELECT count(*) FROM turns WHERE turns.conversation_id = conversations.id),
                priced_turn_count = (SELECT count(cost_microusd) FROM turns WHERE turns.conversation_id = conversations.id),
                cost_microusd = (SELECT coalesce(sum(cost_microusd), 0) FROM turns WHERE turns.conversation_id = conversations.id),
                model = (SELECT model FROM turns WHERE turns.conversation_id = conversations.id ORDER BY id DESC LIMIT 1)
            """,
            "CREATE INDEX conversations_source_updated ON conversations(source, updated)",
        ])
    ]
}
