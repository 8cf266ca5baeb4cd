import TroupeCore

/// A prompt suite in promptfoo's format, read and expanded: every prompt, provider and test
/// (one per variable combination, with `defaultTest` merged in). Build one with
/// ``EvalSuiteLoader``; run it with ``EvalRunner``.
public struct EvalSuite: Sendable {
    /// The configuration file it was read from.
    public var file: String
    /// `description`.
    public var description: String?
    public var prompts: [EvalPrompt]
    public var providers: [EvalProvider]
    /// The tests after expansion: one per combination of list variables.
    public var tests: [EvalTest]
    /// `outputPath`: where the JSON report is written besides `--output` (one or several).
    public var outputPaths: [String]
    /// `defaultTest.options.provider`: the grader of model-graded checks (nil: GRADER_MODEL).
    public var grader: EvalProvider?
    /// The folder `file://` paths and `outputPath` are taken from.
    public var directory: String
    /// Every file the suite was read from (the configuration, prompt, test and variable files).
    public var sourceFiles: [String]

    public init(
        file: String, description: String? = nil, prompts: [EvalPrompt], providers: [EvalProvider],
        tests: [EvalTest], outputPaths: [String] = [], grader: EvalProvider? = nil, directory: String = ".",
        sourceFiles: [String] = []
    ) {
        self.directory = directory
        self.sourceFiles = sourceFiles
        self.file = file
        self.description = description
        self.prompts = prompts
        self.providers = providers
        self.tests = tests
        self.outputPaths = outputPaths
        self.grader = grader
    }

    /// The prompts `provider` runs: all of them, or those its `prompts:` list names (a label, or
    /// a label group `group` matching every label that starts with `group:`).
    public func prompts(for provider: EvalProvider) -> [EvalPrompt] {
        guard let filter = provider.promptFilter else { return prompts }
        return prompts.filter { prompt in
            filter.contains { prompt.label == $0 || prompt.label.hasPrefix($0 + ":") || prompt.id == $0 }
        }
    }
}

/// One prompt of a suite.
public struct EvalPrompt: Sendable, Hashable {
    /// What the prompt is made of.
    public enum Body: Sendable, Hashable {
        /// A Nunjucks template sent as one user message.
        case text(NunjucksTemplate)
        /// A chat prompt: messages whose contents are Nunjucks templates.
        case chat([EvalChatPart])
        /// One of troupe's Mustache templates, by name (`template:NAME`), sent as a user message.
        case template(name: String)
    }

    /// The prompt as the suite wrote it (its text, `file://…` or `template:NAME`).
    public var id: String
    /// The label reports and provider filters use: the given `label`, else the text.
    public var label: String
    public var body: Body

    public init(id: String, label: String, body: Body) {
        self.id = id
        self.label = label
        self.body = body
    }
}

/// One message of a chat prompt.
public struct EvalChatPart: Sendable, Hashable {
    public var role: ChatMessage.Role
    public var content: NunjucksTemplate

    public init(role: ChatMessage.Role, content: NunjucksTemplate) {
        self.role = role
        self.content = content
    }
}

/// A provider of a suite: which API, which model, and its request settings.
public struct EvalProvider: Sendable, Hashable {
    /// The API a provider speaks.
    public enum API: String, Sendable, Hashable {
        /// `openai:MODEL`, `openai:chat:MODEL`.
        case openai
        /// `azureopenai:chat:DEPLOYMENT`, `azure:chat:DEPLOYMENT`.
        case azure
        /// `local`, `local:GGUF`: llama.cpp's server on this machine.
        case local
    }

    /// The id as written (`openai:gpt-4.1-mini`).
    public var id: String
    /// `label`, when given.
    public var label: String?
    public var api: API
    /// The model, the Azure deployment, or the GGUF file of `local:GGUF` (empty for `local`).
    public var model: String
    /// `config` temperature, max_tokens, top_p, seed and stop, as request parameters.
    public var parameters: [Setting: JSONValue]
    /// `config.response_format`.
    public var responseFormat: ResponseFormat?
    /// `config.apiBaseUrl`: the OpenAI-compatible server of this provider.
    public var apiBaseURL: String?
    /// `config.apiHost`: the Azure resource host (AZURE_OPENAI_ENDPOINT wins over it).
    public var apiHost: String?
    /// `config.apiVersion` (Azure).
    public var apiVersion: String?
    /// `prompts:`: the labels of the prompts this provider runs (nil: all).
    public var promptFilter: [String]?

    public init(
        id: String, label: String? = nil, api: API, model: String, parameters: [Setting: JSONValue] = [:],
        responseFormat: ResponseFormat? = nil, apiBaseURL: String? = nil, apiHost: String? = nil,
        apiVersion: String? = nil, promptFilter: [String]? = nil
    ) {
        self.id = id
        self.label = label
        self.api = api
        self.model = model
        self.parameters = parameters
        self.responseFormat = responseFormat
        self.apiBaseURL = apiBaseURL
        self.apiHost = apiHost
        self.apiVersion = apiVersion
        self.promptFilter = promptFilter
    }

    /// The label, else the id.
    public var displayName: String { label ?? id }
}

/// One test after expansion: its variables, its checks and how they add up.
public struct EvalTest: Sendable, Hashable {
    /// `description`.
    public var description: String?
    /// The variables (one value each after expansion; `file://` values are read when rendered).
    public var vars: [String: JSONValue]
    /// `defaultTest.assert` first, then the test's own.
    public var assertions: [EvalAssertion]
    /// `threshold`: the weighted score a cell needs to pass (nil: every check must pass).
    public var threshold: Double?
    /// `metadata` (and CSV `__metadata:NAME` columns).
    public var metadata: [String: JSONValue]

    public init(
        description: String? = nil, vars: [String: JSONValue] = [:], assertions: [EvalAssertion] = [],
        threshold: Double? = nil, metadata: [String: JSONValue] = [:]
    ) {
        self.description = description
        self.vars = vars
        self.assertions = assertions
        self.threshold = threshold
        self.metadata = metadata
    }

    /// The description, else the variables as `name=value, …` (sorted by name).
    public var displayName: String {
        if let description, !description.isEmpty { return description }
        return vars.keys.sorted().map { "\($0)=\(vars[$0]?.nunjucksText ?? "")" }.joined(separator: ", ")
    }
}

/// One check of a test.
public struct EvalAssertion: Sendable, Hashable {
    /// The type without `not-`: `contains`, `llm-rubric`, …
    public var type: String
    /// `not-` before the type: the check passes when the plain one fails.
    public var negated: Bool
    /// `value` (strings in it are Nunjucks templates rendered with the test's variables).
    public var value: JSONValue?
    /// `threshold`.
    public var threshold: Double?
    /// `weight` (default 1).
    public var weight: Double
    /// `metric`: a name the score is also reported under.
    public var metric: String?
    /// Fields given that troupe does not apply (`transform`, ...): the check is unsupported.
    public var unsupportedFields: [String]

    public init(
        type: String, negated: Bool = false, value: JSONValue? = nil, threshold: Double? = nil,
        weight: Double = 1, metric: String? = nil, unsupportedFields: [String] = []
    ) {
        self.type = type
        self.negated = negated
        self.value = value
        self.threshold = threshold
        self.weight = weight
        self.metric = metric
        self.unsupportedFields = unsupportedFields
    }

    /// The type as written: `not-contains`.
    public var typeName: String { (negated ? "not-" : "") + type }
}
