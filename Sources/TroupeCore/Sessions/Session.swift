import Foundation

/// A saved chat session: the settings in force, the conversation, and what happened on each turn.
///
/// Written as pretty-printed JSON with sorted keys so that two sessions can be read and diffed.
/// The model has no field for an API key, token or endpoint: a session file cannot hold a secret
/// unless a user typed it into a message.
public struct Session: Codable, Sendable, Hashable {
    /// The newest format this troupe writes and reads. Bump it when a change would make an older
    /// troupe misread a file; additive optional fields do not need a bump.
    ///
    /// Version 2 adds the other branches of the conversation, the checks in force and each
    /// turn's check results; a version-1 file reads as one branch with no checks.
    public static let currentFormatVersion = 2

    public var formatVersion: Int
    public var created: Date
    public var updated: Date
    /// The settings in force when the session was saved.
    public var settings: SessionSettings
    /// The whole conversation, system messages included, in order.
    public var messages: [ChatMessage]
    /// One record per completed exchange (a user message and its reply), in order.
    public var turns: [SessionTurn]
    /// The name of the branch ``messages`` and ``turns`` are (`main` when absent).
    public var branch: String?
    /// Every branch of the conversation, the current one included, when there is more than one
    /// (version 2). ``messages`` and ``turns`` are the current branch's, so a reader that knows
    /// nothing of branches reads the conversation in use.
    public var branches: [ConversationTree.Branch]?
    /// Checks (one-string assertions such as `contains: Paris`) attached to the next replies.
    public var checks: [String]?

    public init(
        formatVersion: Int = Session.currentFormatVersion,
        created: Date = Date(),
        updated: Date? = nil,
        settings: SessionSettings,
        messages: [ChatMessage] = [],
        turns: [SessionTurn] = [],
        branch: String? = nil,
        branches: [ConversationTree.Branch]? = nil,
        checks: [String]? = nil
    ) {
        self.formatVersion = formatVersion
        self.created = created
        self.updated = updated ?? created
        self.settings = settings
        self.messages = messages
        self.turns = turns
        self.branch = branch
        self.branches = branches
        self.checks = checks
    }

    /// The whole conversation, every branch, the current one in use.
    public var tree: ConversationTree {
        get {
            let name = branch ?? ConversationTree.firstName
            var all = branches ?? []
            if let index = all.firstIndex(where: { $0.name == name }) {
                all[index].messages = messages
                all[index].turns = turns
            } else {
                all.insert(ConversationTree.Branch(name: name, messages: messages, turns: turns), at: 0)
            }
            return ConversationTree(branches: all, current: name)
        }
        set {
            messages = newValue.messages
            turns = newValue.turns
            branch = newValue.current.name == ConversationTree.firstName && newValue.branches.count == 1 ? nil : newValue.current.name
            branches = newValue.branches.count > 1 ? newValue.branches : nil
        }
    }

    /// The session with only the branch named `name` (for a replay of another branch).
    /// - Throws: ``BranchError/unknown(_:known:)``.
    public func selecting(branch name: String) throws -> Session {
        var tree = self.tree
        try tree.switchTo(name)
        var copy = self
        copy.messages = tree.messages
        copy.turns = tree.turns
        copy.branch = tree.current.name
        copy.branches = nil
        return copy
    }
}

/// The settings a session ran with: API type, model and every chat parameter.
public struct SessionSettings: Codable, Sendable, Hashable {
    /// `openai`, `azure`, or a registered custom API type.
    public var apiType: String
    /// Model and every parameter (unset ones are `null`/absent).
    public var parameters: ChatParameters
    /// Whether the response cache was on.
    public var cacheEnabled: Bool?

    public init(apiType: String, parameters: ChatParameters, cacheEnabled: Bool? = nil) {
        self.apiType = apiType
        self.parameters = parameters
        self.cacheEnabled = cacheEnabled
    }

    /// The model name (shortcut for `parameters.model`).
    public var model: String { parameters.model }
}

/// What happened on one turn: what was sent, what came back, how long it took.
public struct SessionTurn: Codable, Sendable, Hashable {
    /// The user message sent on this turn (after template rendering, if any).
    public var user: ChatMessage
    /// Index of `user` in ``Session/messages`` when it was recorded; replay uses it to put the
    /// messages that were not part of a turn (a system prompt added later, say) back in place.
    public var messageIndex: Int?
    /// The API type the request went to.
    public var apiType: String
    /// The parameters the request was sent with, exactly.
    public var parameters: ChatParameters
    /// The reply's text (the first choice).
    public var reply: String
    /// `stop`, `length`, `content_filter`, ... as the server said.
    public var finishReason: String?
    /// The model the server says answered (can differ from `parameters.model`).
    public var replyModel: String?
    public var usage: Usage?
    public var latency: TurnLatency
    /// True when the reply came from the response cache and no request was made.
    public var fromCache: Bool
    /// The template the user message was rendered from, when it came from one.
    public var template: TurnTemplate?
    /// When the request started.
    public var startedAt: Date?
    /// The checks run on the reply, with their results (version 2).
    public var checks: [TurnCheck]?

    public init(
        user: ChatMessage,
        messageIndex: Int? = nil,
        apiType: String,
        parameters: ChatParameters,
        reply: String,
        finishReason: String? = nil,
        replyModel: String? = nil,
        usage: Usage? = nil,
        latency: TurnLatency,
        fromCache: Bool = false,
        template: TurnTemplate? = nil,
        startedAt: Date? = nil,
        checks: [TurnCheck]? = nil
    ) {
        self.user = user
        self.messageIndex = messageIndex
        self.apiType = apiType
        self.parameters = parameters
        self.reply = reply
        self.finishReason = finishReason
        self.replyModel = replyModel
        self.usage = usage
        self.latency = latency
        self.fromCache = fromCache
        self.template = template
        self.startedAt = startedAt
        self.checks = checks
    }

    /// Builds a turn from a completion as ``LLMService`` returns it.
    public init(
        user: ChatMessage,
        messageIndex: Int? = nil,
        apiType: String,
        parameters: ChatParameters,
        completion: ChatCompletion,
        latency: TurnLatency,
        template: TurnTemplate? = nil,
        startedAt: Date? = nil
    ) {
        self.init(
            user: user, messageIndex: messageIndex, apiType: apiType, parameters: parameters,
            reply: completion.content, finishReason: completion.finishReason,
            replyModel: completion.model, usage: completion.usage, latency: latency,
            fromCache: completion.fromCache, template: template, startedAt: startedAt)
    }
}

/// How long a turn took, in seconds (the same figures a response carries).
public typealias TurnLatency = ResponseLatency

/// The template a message was rendered from: its name and the variables it was given.
public struct TurnTemplate: Codable, Sendable, Hashable {
    public var name: String
    public var variables: [String: JSONValue]
    /// The system template of the same render, when the conversation was started from one
    /// (version 2), so a replay can render both again.
    public var system: String?

    public init(name: String, variables: [String: JSONValue] = [:], system: String? = nil) {
        self.name = name
        self.variables = variables
        self.system = system
    }
}

/// One check run on a reply: the assertion as written, whether it passed, and why.
public struct TurnCheck: Codable, Sendable, Hashable {
    /// The one-string form, e.g. `icontains: paris`.
    public var assertion: String
    public var passed: Bool
    public var reason: String

    public init(assertion: String, passed: Bool, reason: String) {
        self.assertion = assertion
        self.passed = passed
        self.reason = reason
    }
}

extension SessionSettings {
    /// The settings in force under `config`: its API type (or `apiType`), its request
    /// parameters and whether the cache is on. Credentials are not read.
    public init(config: TroupeConfig, apiType: String? = nil) {
        self.init(
            apiType: apiType ?? config.apiType, parameters: config.chatParameters(),
            cacheEnabled: config.cacheAPICalls)
    }
}
