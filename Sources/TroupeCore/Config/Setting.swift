/// The one description of a setting: its INI name, its type and range, its default, one line
/// of help, and where it goes in a request.
///
/// Everything else is derived from these descriptions: reading config files and the
/// environment, `/set` and its completion, `troupe config`, the chat request body, the
/// parameters saved with a session and the overrides of a replay. Adding a request parameter
/// means adding one `Setting` (see `Setting+Parameters.swift`).
///
/// A value is kept as the ``JSONValue`` it will be sent as: a file's `TEMPERATURE=0.5` is parsed
/// once into `.number(0.5)`, and that value is what the request body carries.
public struct Setting: Sendable, Hashable, Identifiable, CustomStringConvertible {
    /// The key inside troupe (and in session files): `temperature`, `maxTokens`, ...
    public let id: String
    /// The INI name: `TEMPERATURE`.
    public let name: String
    /// Other spellings accepted anywhere (besides any case of ``name``), the first one being
    /// the name the shell shows (`frequency_penalty` for `FREQ_PENALTY`).
    public let aliases: [String]
    /// What values it takes.
    public let kind: Kind
    /// The value when nothing sets it; nil means unset.
    public let defaultValue: JSONValue?
    /// One line for listings and `/help`.
    public let help: String
    /// Where the value acts.
    public let placement: Placement
    /// Whether an empty value (or `none`) unsets the setting instead of being refused.
    public let isOptional: Bool

    public init(
        id: String,
        name: String,
        aliases: [String] = [],
        kind: Kind,
        default defaultValue: JSONValue? = nil,
        optional: Bool? = nil,
        help: String,
        placement: Placement
    ) {
        self.id = id
        self.name = name
        self.aliases = aliases
        self.kind = kind
        self.defaultValue = defaultValue
        self.help = help
        self.placement = placement
        switch kind {
        case .name, .boolean, .apiType: isOptional = false
        case .text: isOptional = optional ?? false
        case .url, .pathList, .limit: isOptional = true
        default: isOptional = optional ?? (defaultValue == nil)
        }
    }

    public var description: String { name }

    /// The spelling the shell shows: the first alias, else the lower-case INI name.
    public var shellName: String { aliases.first ?? name.lowercased() }

    public static func == (lhs: Setting, rhs: Setting) -> Bool { lhs.id == rhs.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}

extension Setting {
    /// The values a setting takes; parsing and the "expected ..." wording follow from it.
    public enum Kind: Sendable, Hashable {
        /// A name without spaces (models, deployments, API versions).
        case name
        /// Any text that is not empty (a file name or path).
        case text
        /// A decimal number in `range`; `above` makes the lower bound exclusive (TIMEOUT > 0).
        case number(ClosedRange<Double>, above: Bool = false)
        /// A whole number in `range`.
        case integer(ClosedRange<Int>)
        /// A limit in `range`, where 0 or none means no limit (kept unset).
        case limit(ClosedRange<Int>)
        /// `configparser`'s booleans: true/false, yes/no, on/off, 1/0.
        case boolean
        /// One of `options`, compared case-insensitively and kept in lower case.
        case choice([String])
        /// An `http://` or `https://` URL with a host.
        case url
        /// Directories separated by `:`, kept as an array of strings.
        case pathList
        /// One stop sequence, or a JSON array of one to four.
        case stopSequences
        /// The API type of a registered client.
        case apiType
    }

    /// Where a setting's value acts. Request parameters go into ``ChatParameters`` and from
    /// there into the request body; the others configure the client, the service or the shell.
    public enum Placement: Sendable, Hashable {
        /// A top-level field of the chat request body, sent to `models`.
        case body(String, models: Models = .all)
        /// `max_tokens` for ordinary models; reasoning models take it as `max_completion_tokens`
        /// when MAX_COMPLETION_TOKENS is not set.
        case maxTokens
        /// `max_completion_tokens`: reasoning models, and ordinary models when MAX_TOKENS is unset.
        case maxCompletionTokens
        /// The model the request names (``ChatParameters/model``).
        case model
        /// JSON mode: `response_format: {"type": "json_object"}` (``ChatParameters/responseFormat``).
        case jsonMode
        /// The request's own deadline; never in the body or the cache key.
        case requestTimeout
        /// Changes the message text before it is sent (DEDENT).
        case messageText
        /// How the client connects and retries (a change makes a new client).
        case client
        /// The service around the clients: cache, concurrency, embeddings.
        case service
        /// The shell and the commands (templates, local files).
        case application

        /// Which models a body field is sent to.
        public enum Models: Sendable, Hashable {
            case all
            /// Ordinary models only: reasoning models reject sampling parameters.
            case ordinary
            /// Reasoning models only.
            case reasoning
        }

        /// True for the settings that are part of a request (kept in ``ChatParameters``).
        public var isRequestParameter: Bool {
            switch self {
            case .body, .maxTokens, .maxCompletionTokens, .requestTimeout, .messageText: return true
            case .model, .jsonMode, .client, .service, .application: return false
            }
        }
    }
}
