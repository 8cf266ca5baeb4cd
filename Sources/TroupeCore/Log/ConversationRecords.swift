import Foundation

/// A conversation's ID: 8 random lowercase hexadecimal digits, unique within a log.
public struct ConversationID: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The 8 lowercase hexadecimal digits.
    public let rawValue: String

    /// Accepts exactly 8 hexadecimal digits (any case).
    public init?(rawValue: String) {
        let lower = rawValue.lowercased()
        guard lower.utf8.count == 8, ConversationID.isHex(lower) else { return nil }
        self.rawValue = lower
    }

    /// A fresh random ID.
    public static func random() -> ConversationID {
        var generator = SystemRandomNumberGenerator()
        let value = UInt32.random(in: .min ... .max, using: &generator)
        let hex = String(value, radix: 16)
        return ConversationID(unchecked: String(repeating: "0", count: 8 - hex.count) + hex)
    }

    private init(unchecked: String) { rawValue = unchecked }

    static func isHex(_ text: String) -> Bool {
        text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    public var description: String { rawValue }
}

/// What started a conversation.
public enum ConversationKind: String, Sendable, Hashable, Codable, CaseIterable {
    case shell, send, replay, eval
}

/// One turn to write to the log: what was sent, what came back, and what it cost.
///
/// There is no place for credentials: headers and keys never reach the log, and parameter or
/// template-variable entries whose names look like credentials (`api_key`, `authorization`, …)
/// are replaced by `[redacted]` before writing.
public struct TurnRecord: Sendable, Hashable {
    /// The conversation it belongs to (from ``ConversationLog/startConversation(kind:title:at:)``).
    public var conversation: ConversationID
    /// The branch within the conversation (`main` unless the conversation was forked).
    public var branch: String
    /// When the request was sent.
    public var time: Date
    /// `openai`, `azure`, …
    public var api: String
    /// The model asked.
    public var model: String
    /// The request's parameters (temperature, max tokens, response format, …).
    public var parameters: JSONValue
    /// The messages sent, in order (the whole conversation so far).
    public var messages: [ChatMessage]
    /// The reply's text; nil when the turn failed.
    public var reply: String?
    /// Tokens used, as the API reported them.
    public var usage: TokenUsage?
    /// nil when the price is unknown.
    public var cost: Cost?
    /// From sending the request to the first streamed token.
    public var firstTokenLatency: Duration?
    /// From sending the request to the end of the reply.
    public var totalLatency: Duration?
    /// The reply came from the response cache.
    public var cached: Bool
    /// The prompt template the messages were rendered from, if any.
    public var template: String?
    /// The variables the template was rendered with.
    public var templateVariables: JSONValue?
    /// `stop`, `length`, `content_filter`, `tool_calls`, or nil.
    public var finishReason: String?
    /// Why the turn failed, for failed turns.
    public var error: String?

    /// A turn; see the properties for each field.
    public init(
        conversation: ConversationID, branch: String = "main", time: Date = Date(), api: String, model: String,
        parameters: JSONValue = .object([:]), messages: [ChatMessage], reply: String?, usage: TokenUsage? = nil,
        cost: Cost? = nil, firstTokenLatency: Duration? = nil, totalLatency: Duration? = nil, cached: Bool = false,
        template: String? = nil, templateVariables: JSONValue? = nil, finishReason: String? = nil, error: String? = nil
    ) {
        self.conversation = conversation
        self.branch = branch
        self.time = time
        self.api = api
        self.model = model
        self.parameters = parameters
        self.messages = messages
        self.reply = reply
        self.usage = usage
        self.cost = cost
        self.firstTokenLatency = firstTokenLatency
        self.totalLatency = totalLatency
        self.cached = cached
        self.template = template
        self.templateVariables = templateVariables
        self.finishReason = finishReason
        self.error = error
    }
}

/// A turn as stored: the record plus its place in the conversation.
public struct LoggedTurn: Sendable, Hashable {
    /// 0-based position within its branch.
    public var index: Int
    /// What was written.
    public var record: TurnRecord
}

/// One line of the conversation list.
public struct ConversationSummary: Sendable, Hashable {
    public var id: ConversationID
    /// What started it.
    public var kind: ConversationKind
    /// When it was started.
    public var created: Date
    /// When its latest turn was written.
    public var updated: Date
    /// A preview of the first user message.
    public var title: String?
    /// The model of the latest turn.
    public var model: String?
    /// Turns in all branches.
    public var turns: Int
    /// The sum of the turns' known costs; nil when no turn had a known cost.
    public var totalCost: Cost?
    /// Turns whose cost is unknown (not counted in ``totalCost``).
    public var unpricedTurns: Int
}

/// A conversation with all its turns, every branch, in the order they were written.
public struct ConversationDetail: Sendable, Hashable {
    /// Its line in the list.
    public var summary: ConversationSummary
    /// Every turn, in the order written.
    public var turns: [LoggedTurn]

    /// The branch of the most recent turn (`main` for an empty conversation).
    public var latestBranch: String { turns.last?.record.branch ?? "main" }

    /// The messages to continue from on `branch` (default: the latest): the messages the last
    /// successful turn sent, followed by its reply. Failed turns are skipped; images are left
    /// out (the log keeps only their names and sizes).
    public func messages(branch: String? = nil) -> [ChatMessage] {
        let wanted = branch ?? latestBranch
        guard let last = turns.last(where: { $0.record.branch == wanted && $0.record.error == nil && $0.record.reply != nil })
        else { return [] }
        // The log does not keep image bytes: a resumed conversation goes on without them.
        let messages = last.record.messages.map { message in
            var copy = message
            copy.images.removeAll { $0.data.isEmpty }
            return copy
        }
        return messages + [.assistant(last.record.reply ?? "")]
    }
}

/// A turn that matched a search.
public struct SearchHit: Sendable, Hashable {
    /// Where the turn is: conversation, branch and index within the branch.
    public var conversation: ConversationID
    public var branch: String
    public var turnIndex: Int
    /// When the turn was sent, and to which model.
    public var time: Date
    public var model: String
    /// Matching text with the matched words between the markers given to the search.
    public var snippet: String
}

/// The whole log's figures (see ``ConversationLog/totals()``).
public struct LogTotals: Sendable, Hashable {
    public var conversations: Int
    public var turns: Int
    /// The sum of the known costs; nil when no turn had one.
    public var cost: Cost?
    /// Turns whose cost is unknown.
    public var unpricedTurns: Int
}
