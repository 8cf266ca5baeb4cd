import Foundation

/// What a replay found, turn by turn; `--json` writes it as is.
public struct ReplayReport: Codable, Sendable, Hashable {
    /// The API type and model on one side of the comparison.
    public struct Side: Codable, Sendable, Hashable {
        public var apiType: String
        public var model: String

        public init(apiType: String, model: String) {
            self.apiType = apiType
            self.model = model
        }
    }

    /// One reply as it was recorded or as it came back.
    public struct Reply: Codable, Sendable, Hashable {
        public var text: String
        public var model: String?
        public var finishReason: String?
        public var usage: Usage?
        public var latency: TurnLatency
        public var fromCache: Bool

        public init(text: String, model: String?, finishReason: String?, usage: Usage?, latency: TurnLatency, fromCache: Bool) {
            self.text = text
            self.model = model
            self.finishReason = finishReason
            self.usage = usage
            self.latency = latency
            self.fromCache = fromCache
        }

        init(turn: SessionTurn) {
            self.init(
                text: turn.reply, model: turn.replyModel, finishReason: turn.finishReason,
                usage: turn.usage, latency: turn.latency, fromCache: turn.fromCache)
        }
    }

    /// One replayed turn.
    public struct Turn: Codable, Sendable, Hashable {
        /// 1-based.
        public var index: Int
        /// The user message that was re-sent.
        public var user: String
        /// The template the user message came from, if any.
        public var template: String?
        public var changed: Bool
        public var old: Reply
        public var new: Reply
        /// The word diff from old to new; present only when the reply changed.
        public var diff: WordDiff?
        /// The checks run on the new reply (none when the session has none).
        public var checks: [TurnCheck]?
        /// Something to know about how the turn was sent (a template that no longer renders).
        public var note: String?

        /// Whether a check on the new reply failed.
        public var failedCheck: Bool { checks?.contains { !$0.passed } ?? false }

        public init(index: Int, user: String, template: String?, old: Reply, new: Reply) {
            self.index = index
            self.user = user
            self.template = template
            self.old = old
            self.new = new
            self.changed = old.text != new.text
            self.diff = changed ? WordDiff(old: old.text, new: new.text) : nil
        }
    }

    /// Totals over all turns.
    public struct Summary: Codable, Sendable, Hashable {
        public var turns: Int
        public var changed: Int
        public var unchanged: Int
        /// Turns that needed a request (not answered from the cache).
        public var requests: Int
        public var cacheHits: Int
        public var oldTotalTokens: Int
        public var newTotalTokens: Int
        public var oldTotalSeconds: Double
        public var newTotalSeconds: Double
        /// Turns whose new reply failed a check.
        public var failedChecks: Int

        init(turns: [Turn]) {
            self.failedChecks = turns.filter(\.failedCheck).count
            self.turns = turns.count
            self.changed = turns.filter(\.changed).count
            self.unchanged = turns.count - changed
            self.cacheHits = turns.filter(\.new.fromCache).count
            self.requests = turns.count - cacheHits
            self.oldTotalTokens = turns.reduce(0) { $0 + ($1.old.usage?.totalTokens ?? 0) }
            self.newTotalTokens = turns.reduce(0) { $0 + ($1.new.usage?.totalTokens ?? 0) }
            self.oldTotalSeconds = turns.reduce(0) { $0 + $1.old.latency.totalSeconds }
            self.newTotalSeconds = turns.reduce(0) { $0 + $1.new.latency.totalSeconds }
        }
    }

    /// The session replayed, as the user named it.
    public var session: String
    public var replayedAt: Date
    public var original: Side
    public var replay: Side
    /// The overridden parameters, as `field=value`, sorted.
    public var overrides: [String]
    /// Whether the response cache was on, when known.
    public var cacheEnabled: Bool?
    public var turns: [Turn]
    public var summary: Summary

    public init(
        session: String, replayedAt: Date, original: Side, replay: Side, overrides: [String],
        cacheEnabled: Bool?, turns: [Turn]
    ) {
        self.session = session
        self.replayedAt = replayedAt
        self.original = original
        self.replay = replay
        self.overrides = overrides
        self.cacheEnabled = cacheEnabled
        self.turns = turns
        self.summary = Summary(turns: turns)
    }

    /// True when any reply changed.
    public var anyChanged: Bool { summary.changed > 0 }

    /// True when any reply changed or failed a check (what `--fail-on-change` fails on).
    public var anyChangedOrFailed: Bool { summary.changed > 0 || summary.failedChecks > 0 }

    /// The report as pretty-printed JSON with sorted keys, ending in a newline.
    public func jsonData() throws -> Data {
        var data = try Session.makeEncoder().encode(self)
        data.append(0x0A)
        return data
    }

    /// Reads a report written by ``jsonData()``.
    public static func decode(_ data: Data) throws -> ReplayReport {
        try Session.makeDecoder().decode(ReplayReport.self, from: data)
    }
}
