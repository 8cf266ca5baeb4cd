import Foundation
import TroupeCore

/// The chat shell's engine: the conversation, the slash commands and the turns, with no
/// terminal in it. Inputs come in through ``handle(_:)``; everything printed goes to the
/// injected ``ShellOutput``; requests go through ``LLMService``.
///
/// Cancelling the task that runs ``handle(_:)`` stops a reply that is streaming (Ctrl-C).
public actor ShellEngine {
    /// The service every turn calls; it holds the configuration that `/set` changes.
    public let service: LLMService
    /// Where the engine prints.
    public nonisolated let output: ShellOutput
    /// The slash commands.
    public private(set) var registry: CommandRegistry
    /// The whole conversation: its branches, one of them in use.
    public internal(set) var tree: ConversationTree
    /// The conversation sent with every turn: the messages of the branch in use.
    public internal(set) var messages: [ChatMessage] {
        get { tree.messages }
        set { tree.messages = newValue }
    }
    /// Indices in ``messages`` of assistant replies stopped with Ctrl-C.
    public internal(set) var cutMessages: Set<Int> = []
    /// The user message whose request failed (not in ``messages``), for `/retry`.
    public internal(set) var failedMessage: ChatMessage?
    /// Prompt and completion tokens of this session as the API reported them.
    public internal(set) var totals = TokenTotals()
    /// The figures of the last finished turn.
    public internal(set) var lastTurn: TurnReport?
    /// Turns that ended with an error.
    public internal(set) var failedTurns = 0
    /// Per-turn records and the name for `/save`, `/load`, `/autosave` (see SlashCommand+Sessions).
    public internal(set) var sessions = SessionRecorder()
    /// Template variables set with `/var` and `/vars`, used by every later `/render` and `/template`.
    public internal(set) var templateVariables = TemplateVariables()
    /// Templates rendered in this session, the latest first (for completing variable names).
    public internal(set) var recentTemplates: [String] = []
    /// `/expect` checks, the last `/compare` and what `/watch` re-runs.
    var checks = ShellChecks()
    /// Whether Tab's model names are fetched from the endpoint (`GET /models`); the terminal
    /// shell does, tests leave it off so servers see only the requests they script.
    public var fetchesModelNames = false

    /// Turns fetching model names for completion on (see ``fetchesModelNames``).
    public func fetchModelNames() async {
        fetchesModelNames = true
        await refreshCompletion()
    }

    /// Model names the endpoint listed, and which endpoint (API type and base URL) they are of.
    var fetchedModels: (endpoint: String, names: [String]) = ("", [])

    func receiveModelNames(_ names: [String], for endpoint: String) async {
        guard endpoint == fetchedModels.endpoint else { return }
        fetchedModels.names = names
        await refreshCompletion()
    }

    /// Files and command output attached with `/file`, sent before the next message's text.
    public internal(set) var pendingAttachments: [Attachment] = []
    /// Images attached with `/file` (for a vision model), sent with the next message.
    public internal(set) var pendingImages: [ImagePart] = []

    /// Writes every turn to the conversation log; nil when the log is off (and in tests that
    /// do not ask for one).
    public internal(set) var recorder: ConversationRecorder?

    /// Writes the turns to `recorder` from now on (nil: no log).
    public func setRecorder(_ recorder: ConversationRecorder?) {
        self.recorder = recorder
    }

    /// Set by `/quit`; the read loop ends when it is true.
    public internal(set) var wantsQuit = false

    /// What Tab reads; updated after every input (Tab runs outside the actor).
    nonisolated let completionSnapshot: CompletionSnapshot

    /// - Parameters:
    ///   - service: the model service (and configuration) to use.
    ///   - output: where to print.
    ///   - registry: the slash commands (``CommandRegistry/standard(extra:)`` by default).
    ///   - messages: a conversation to continue.
    public init(
        service: LLMService,
        output: ShellOutput,
        registry: CommandRegistry = .standard(),
        messages: [ChatMessage] = []
    ) async {
        self.service = service
        self.output = output
        self.registry = registry
        self.tree = ConversationTree(messages: messages)
        self.completionSnapshot = CompletionSnapshot(CompletionContext(
            config: await service.config,
            apiTypes: service.registry.knownAPITypes,
            commandNames: registry.names), registry: registry)
    }

    /// Runs one whole input: a slash command, or a message to the model.
    /// A line starting with `//` is sent as a message that starts with `/`.
    public func handle(_ input: String) async {
        let trimmed = input.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return }
        if trimmed.hasPrefix("/"), !trimmed.hasPrefix("//") {
            await runCommand(trimmed)
        } else {
            await send(trimmed.hasPrefix("//") ? String(input.drop(while: { $0 != "/" }).dropFirst()) : input)
        }
        await refreshCompletion()
    }

    /// Runs a slash command line (`/name arguments`).
    func runCommand(_ line: String) async {
        let body = line.dropFirst()
        let name = String(body.prefix(while: { !$0.isWhitespace }))
        let arguments = body.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
        guard let command = registry.command(named: name.lowercased()) else {
            var message = "unknown command /\(name)"
            if let nearest = registry.nearest(to: name.lowercased()) {
                message += "; did you mean /\(nearest)?"
            }
            output.error(message + " (/help lists the commands)")
            return
        }
        if ["compare", "render", "eval"].contains(name.lowercased()) { checks.watchable = line }
        do {
            try await command.run(self, arguments)
        } catch let error as ShellCommandError {
            output.error(error.description)
        } catch {
            output.error(Self.describe(error))
        }
    }

    /// Adds or replaces a command while the shell runs.
    public func register(_ command: SlashCommand) {
        registry.register(command)
    }

    /// Ends the shell after the current input.
    public func quit() {
        wantsQuit = true
    }

    // MARK: - Conversation

    /// Sets or replaces the system message (always the first message).
    public func setSystemMessage(_ text: String) {
        if messages.first?.role == .system {
            messages[0].content = text
        } else {
            messages.insert(.system(text), at: 0)
            cutMessages = Set(cutMessages.map { $0 + 1 })
        }
    }

    /// Replaces the whole conversation with one of a single branch.
    public func replaceConversation(with messages: [ChatMessage]) {
        replaceConversation(with: ConversationTree(messages: messages))
    }

    /// Replaces the whole conversation (e.g. a loaded session with its branches).
    public func replaceConversation(with tree: ConversationTree) {
        self.tree = tree
        cutMessages = []
        failedMessage = nil
        recorder?.startNew()
    }

    /// The API types the service has clients for.
    public nonisolated var knownAPITypes: Set<String> {
        Set(service.registry.knownAPITypes)
    }

    func refreshCompletion() async {
        var context = CompletionContext(
            config: await service.config,
            apiTypes: service.registry.knownAPITypes,
            commandNames: registry.names)
        context.variableNames = templateVariables.paths
        context.recentTemplates = recentTemplates
        context.branchNames = tree.branches.map(\.name)
        context.fetchedModelNames = fetchedModels.names
        // The built-in table is read at the first Tab after /model, not when the shell starts.
        context.catalogModelNames = service.givenCatalog?.knownModels ?? []
        let config = await service.config
        let endpoint = "\(service.registry.apiType(for: config)) \(config.baseURL ?? "")"
        if fetchesModelNames, endpoint != fetchedModels.endpoint {
            fetchedModels = (endpoint, [])
            // In the background with a 2 s limit: Tab offers what has arrived.
            Task { [service] in
                let names = await service.availableModels()
                await self.receiveModelNames(names, for: endpoint)
            }
        }
        completionSnapshot.update(context, registry: registry)
    }

    /// An error as one or two readable lines (no stack of wrapped types).
    static func describe(_ error: any Error) -> String {
        var text = (error as? LocalizedError)?.errorDescription ?? String(describing: error)
        text = text.split(whereSeparator: \.isNewline).prefix(2).joined(separator: "\n  ")
        if text.count > 400 {
            text = String(text.prefix(400)) + "…"
        }
        if let hint = ShellWording.localInstallHint(for: error) { text += "\n  " + hint }
        return text
    }
}

/// Token figures and costs summed over a session.
public struct TokenTotals: Sendable, Hashable {
    public var promptTokens = 0
    public var completionTokens = 0
    /// Of ``promptTokens``, those served from the provider's prompt cache.
    public var cachedPromptTokens = 0
    /// Of ``completionTokens``, those spent reasoning.
    public var reasoningTokens = 0
    /// Requests whose usage was added.
    public var requests = 0
    /// The sum of the turns' known costs.
    public var cost = Cost.zero
    /// Turns whose cost is unknown (a model without prices, a reply cut before its usage).
    public var unpricedTurns = 0
    /// Turns answered from the response cache (no request made, nothing paid).
    public var cachedTurns = 0

    public init() {}

    /// Adds one finished turn's figures.
    mutating func add(usage: Usage?, cost turnCost: Cost?, fromCache: Bool) {
        if fromCache {
            cachedTurns += 1
            return
        }
        if let usage {
            promptTokens += usage.promptTokens
            completionTokens += usage.completionTokens
            cachedPromptTokens += usage.cachedTokens
            reasoningTokens += usage.reasoningTokens
            requests += 1
        }
        if let turnCost { cost += turnCost } else { unpricedTurns += 1 }
    }
}
