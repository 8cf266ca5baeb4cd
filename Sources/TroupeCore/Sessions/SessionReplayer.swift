import Foundation
import Synchronization

/// Re-sends the user turns of a saved session in order and compares the replies.
///
/// The conversation is rebuilt with the new replies, so later turns see what the new settings
/// answered. Each turn is sent with the parameters it was recorded with, with the overrides
/// applied on top; with the cache on and no overrides every request is a cache hit.
public struct SessionReplayer: Sendable {
    /// Sends one request and streams the answer (``LLMService`` in production).
    typealias Send = @Sendable (
        _ messages: [ChatMessage], _ parameters: ChatParameters, _ onDelta: @escaping @Sendable (String) async -> Void
    ) async throws -> ChatCompletion

    /// What to change for the replay.
    public struct Options: Sendable {
        /// The API type the requests go to (the service must be set up for it).
        public var apiType: String
        public var overrides: ParameterOverrides
        /// Whether the service's cache is on; recorded in the report.
        public var cacheEnabled: Bool?
        /// The model the requests go to when the API type decides it rather than MODEL (the
        /// local one answers with LOCAL_MODEL); see ``LLMService/modelInUse(_:)``.
        public var modelInUse: String?

        /// Renders the templates a turn was sent from with the current template files (nil:
        /// every turn is sent as recorded, `--as-sent`).
        public var templates: TemplateRenderer?
        /// Variables laid over each turn's recorded ones when its template is rendered (`--var`).
        public var variableOverrides: [String: JSONValue]
        /// Runs checks (one-string assertions) on a new reply; nil: checks are not run.
        public var checker: ReplayChecker?

        public init(
            apiType: String, overrides: ParameterOverrides = .init(), cacheEnabled: Bool? = nil, modelInUse: String? = nil,
            templates: TemplateRenderer? = nil, variableOverrides: [String: JSONValue] = [:], checker: ReplayChecker? = nil
        ) {
            self.apiType = apiType
            self.overrides = overrides
            self.cacheEnabled = cacheEnabled
            self.modelInUse = modelInUse
            self.templates = templates
            self.variableOverrides = variableOverrides
            self.checker = checker
        }
    }

    /// Checks a reply: `(reply, seconds it took, the checks as written)` → results.
    public typealias ReplayChecker = @Sendable (_ reply: ChatCompletion, _ seconds: Double, _ checks: [String]) async -> [TurnCheck]

    /// The comparison and the replayed conversation (which can be saved as a new session).
    public struct Result: Sendable {
        public var report: ReplayReport
        public var session: Session
    }

    private let send: Send

    init(send: @escaping Send) {
        self.send = send
    }

    /// Replays `session`.
    /// - Parameters:
    ///   - name: How the user named the session (for the report).
    ///   - onTurn: Called after each turn, so a caller can show progress.
    /// - Throws: ``SessionError/nothingToReplay(path:)`` for a session without turns,
    ///   ``SessionError/replayFailed(turn:total:reason:)`` when a request fails (the turns
    ///   before it were passed to `onTurn`), or `CancellationError`.
    public func replay(
        _ session: Session,
        name: String,
        options: Options,
        onTurn: @Sendable (ReplayReport.Turn) async -> Void = { _ in }
    ) async throws -> Result {
        guard !session.turns.isEmpty else { throw SessionError.nothingToReplay(path: name) }
        let started = Session.fileDate(Date())
        var conversation: [ChatMessage] = []
        var cursor = 0
        var turns: [ReplayReport.Turn] = []
        var newTurns: [SessionTurn] = []

        for (offset, turn) in session.turns.enumerated() {
            try Task.checkCancellation()
            // Messages that were not part of a turn (system prompts) go back where they were.
            let placement = SessionReplayer.place(turn, in: session.messages, from: cursor, isFirst: offset == 0)
            let (user, before, note) = rendered(turn, before: placement.before, options: options)
            conversation += before
            cursor = placement.cursor

            var parameters = options.overrides.applied(to: turn.parameters)
            if let model = options.modelInUse { parameters.model = model }
            let messageIndex = conversation.count
            conversation.append(user)
            let startedAt = Session.fileDate(Date())
            let (completion, latency): (ChatCompletion, TurnLatency)
            do {
                (completion, latency) = try await measure(conversation, parameters)
            } catch let error as CancellationError {
                throw error
            } catch where Task.isCancelled {
                // Stopped by the user (Ctrl-C): the client's own error for it is not a failure.
                throw CancellationError()
            } catch {
                throw SessionError.replayFailed(
                    turn: offset + 1, total: session.turns.count,
                    reason: (error as? LocalizedError)?.errorDescription ?? "\(error)")
            }
            conversation.append(.assistant(completion.content))

            var template = turn.template
            if note == nil, !options.variableOverrides.isEmpty, options.templates != nil {
                template?.variables.merge(options.variableOverrides) { _, new in new }
            }
            var newTurn = SessionTurn(
                user: user, messageIndex: messageIndex, apiType: options.apiType,
                parameters: parameters, completion: completion, latency: latency,
                template: template, startedAt: startedAt)
            // The checks the turn was recorded with, else the session's.
            let checks = turn.checks?.map(\.assertion) ?? session.checks ?? []
            if let checker = options.checker, !checks.isEmpty {
                newTurn.checks = await checker(completion, latency.totalSeconds, checks)
            }
            newTurns.append(newTurn)
            var result = ReplayReport.Turn(
                index: offset + 1, user: user.content, template: turn.template?.name,
                old: .init(turn: turn), new: .init(turn: newTurn))
            result.checks = newTurn.checks
            result.note = note
            turns.append(result)
            await onTurn(result)
        }
        // System messages after the last turn (a trailing note) are kept.
        conversation += session.messages[min(cursor, session.messages.count)...]
            .filter { $0.role == .system || $0.role == .developer }

        var replayParameters = options.overrides.applied(to: session.settings.parameters)
        if let model = options.modelInUse { replayParameters.model = model }
        let settings = SessionSettings(apiType: options.apiType, parameters: replayParameters, cacheEnabled: options.cacheEnabled)
        let report = ReplayReport(
            session: name, replayedAt: started,
            original: .init(apiType: session.settings.apiType, model: session.settings.model),
            replay: .init(apiType: settings.apiType, model: settings.model),
            overrides: options.overrides.descriptions, cacheEnabled: options.cacheEnabled, turns: turns)
        var replayed = Session(
            created: started, updated: Session.fileDate(Date()), settings: settings, messages: conversation, turns: newTurns)
        replayed.checks = session.checks
        return Result(report: report, session: replayed)
    }

    /// Sends one request and times it: first streamed text and the whole answer. A cached
    /// answer keeps the figures it had when it was made.
    private func measure(
        _ messages: [ChatMessage], _ parameters: ChatParameters
    ) async throws -> (ChatCompletion, TurnLatency) {
        let clock = ContinuousClock()
        let start = clock.now
        let firstToken = FirstTime()
        let completion = try await send(messages, parameters) { piece in
            if !piece.isEmpty { firstToken.mark(clock.now - start) }
        }
        let measured = TurnLatency(firstTokenSeconds: firstToken.value?.seconds, totalSeconds: (clock.now - start).seconds)
        return (completion, completion.latency ?? measured)
    }

    /// Where a turn's user message sits in the recorded messages.
    ///
    /// Returns the recorded messages between `cursor` and the turn's user message that were
    /// not part of an earlier turn, and the index just past this turn's recorded reply.
    /// A turn without a valid `messageIndex` (an older or hand-made file) gets only the
    /// leading system/developer messages, on the first turn.
    /// The user message (and the messages before it) to send for `turn`: rendered again from
    /// the current template files when the turn came from a template and `options` says so;
    /// as recorded otherwise. A template that no longer renders is sent as recorded, with a note.
    func rendered(
        _ turn: SessionTurn, before: [ChatMessage], options: Options
    ) -> (user: ChatMessage, before: [ChatMessage], note: String?) {
        guard let renderer = options.templates, let template = turn.template else { return (turn.user, before, nil) }
        let variables = TemplateVariables(template.variables.merging(options.variableOverrides) { _, new in new })
        do {
            let text = try renderer.render(template.name, variables: variables).text
            var messages = before
            if let system = template.system, let index = messages.lastIndex(where: { $0.role == .system }) {
                messages[index].content = try renderer.render(system, variables: variables).text
            }
            return (ChatMessage(role: turn.user.role, content: text, name: turn.user.name), messages, nil)
        } catch {
            return (turn.user, before, "the template \(template.name) did not render (\(error)); sent as recorded")
        }
    }

    static func place(
        _ turn: SessionTurn, in messages: [ChatMessage], from cursor: Int, isFirst: Bool
    ) -> (before: [ChatMessage], cursor: Int) {
        if let index = turn.messageIndex, index >= cursor, index < messages.count,
           messages[index].role == turn.user.role, messages[index].content == turn.user.content {
            var next = index + 1
            if next < messages.count, messages[next].role == .assistant { next += 1 }
            return (Array(messages[cursor..<index]), next)
        }
        guard isFirst else { return ([], cursor) }
        let leading = messages.prefix { $0.role == .system || $0.role == .developer }
        return (Array(leading), messages.count)
    }
}

/// The first time something happened, recorded once from any task.
final class FirstTime: Sendable {
    private let state = Mutex<Duration?>(nil)

    func mark(_ elapsed: Duration) {
        state.withLock { if $0 == nil { $0 = elapsed } }
    }

    var value: Duration? { state.withLock { $0 } }
}
