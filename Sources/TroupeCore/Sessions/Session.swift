import Foundation

/// A saved chat session: the settings in force, the conversation, and what happened on each turn.
///
/// Written as pretty-printed JSON with sorted keys so that two sessions can be read and diffed.
/// The model has no field for an API key, token or endpoint: a session file cannot hold a secret
/// unless a user typed it into a message.
public struct Session: Codable, Sendable, Hashable {
    /// The newest format this troupe writes and reads. Bump it when a change would make an older
    /// troupe misread a file; additive optional fields do not need a bump.
    public static let currentFormatVersion = 1

    public var formatVersion: Int
    public var created: Date
    public var updated: Date
    /// The settings in force when the session was saved.
    public var settings: SessionSettings
    /// The whole conversation, system messages included, in order.
    public var messages: [ChatMessage]
    /// One record per completed exchange (a user message and its reply), in order.
    public var turns: [SessionTurn]

    public init(
        formatVersion: Int = Session.currentFormatVersion,
        created: Date = Date(),
        updated: Date? = nil,
        settings: SessionSettings,
        messages: [ChatMessage] = [],
        turns: [SessionTurn] = []
    ) {
        self.formatVersion = formatVersion
        self.created = created
        self.updated = updated ?? created
        self.settings = settings
        self.messages = messages
        self.turns = turns
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
        startedAt: Date? = nil
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

    public init(name: String, variables: [String: JSONValue] = [:]) {
        self.name = name
        self.variables = variables
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
