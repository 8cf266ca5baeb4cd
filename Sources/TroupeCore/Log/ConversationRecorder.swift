import Foundation
import Synchronization

/// Writes the turns of one conversation to the ``ConversationLog``: what the shell, `send`,
/// `replay` and `eval` call after each request.
///
/// The log is opened at the first turn (so starting troupe costs nothing) and the
/// conversation is started with its first turn (so a session without turns leaves no row).
/// ``startNew()`` (the shell's `/clear` and `/load`) makes the next turn start another
/// conversation; ``resume(_:)`` (`--continue`, `--resume ID`) appends to an existing one.
///
/// Writing never stops a turn: ``record(_:)`` returns the error the first time the log
/// cannot be written (for one warning) and nil after that.
public final class ConversationRecorder: Sendable {
    /// What started the conversations this recorder writes.
    public let kind: ConversationKind

    private enum Opening {
        case pending(String)
        case open(ConversationLog)
        case failed(ConversationLogError)
    }

    private struct State {
        var opening: Opening
        var conversation: ConversationID?
        var warned = false
        /// Turns not written yet (grouped writes only).
        var pending: [TurnRecord] = []
        var lastWrite: ContinuousClock.Instant?
    }

    private let state: Mutex<State>
    /// Grouped writes: turns recorded within this long of the last write wait for the next
    /// one (at most ``groupLimit`` of them), so many turns cost one commit; nil writes each at once.
    public let groupInterval: Duration?
    static let groupLimit = 64

    /// A recorder that opens the log at `path` when the first turn is written.
    /// - Parameter groupInterval: see ``groupInterval``; call ``flush()`` when done.
    public init(path: String, kind: ConversationKind, groupInterval: Duration? = nil) {
        self.kind = kind
        self.groupInterval = groupInterval
        state = Mutex(State(opening: .pending(path)))
    }

    /// A recorder writing to an open log.
    public init(log: ConversationLog, kind: ConversationKind, groupInterval: Duration? = nil) {
        self.kind = kind
        self.groupInterval = groupInterval
        state = Mutex(State(opening: .open(log)))
    }

    /// The recorder the configuration asks for: nil when LOG is off or there is no home
    /// folder to put the log in.
    public static func configured(
        config: TroupeConfig, paths: TroupePaths, kind: ConversationKind, groupInterval: Duration? = nil
    ) -> ConversationRecorder? {
        guard config[.log]?.boolValue != false, let path = paths.logDatabase else { return nil }
        return ConversationRecorder(path: path, kind: kind, groupInterval: groupInterval)
    }

    /// The conversation the next turn goes to; nil before the first turn (or after ``startNew()``).
    public var conversationID: ConversationID? { state.withLock { $0.conversation } }

    /// The next turn starts a new conversation; the current one stays in the log as it is.
    public func startNew() {
        state.withLock { $0.conversation = nil }
    }

    /// The next turns are appended to conversation `id` (one already in the log).
    public func resume(_ id: ConversationID) {
        state.withLock { $0.conversation = id }
    }

    /// The open log, opening it if needed.
    /// - Throws: ``ConversationLogError`` when it cannot be opened (later calls throw the same
    ///   error without trying again).
    public func log() throws(ConversationLogError) -> ConversationLog {
        let result: Result<ConversationLog, ConversationLogError> = state.withLock { state in
            switch state.opening {
            case .open(let log): return .success(log)
            case .failed(let error): return .failure(error)
            case .pending(let path):
                do throws(ConversationLogError) {
                    let log = try ConversationLog(path: path)
                    state.opening = .open(log)
                    return .success(log)
                } catch {
                    state.opening = .failed(error)
                    return .failure(error)
                }
            }
        }
        return try result.get()
    }

    /// Writes one turn, starting the conversation first when there is none.
    /// - Parameter make: the turn for a conversation ID.
    /// - Returns: the error, the first time writing fails; nil when written or already warned.
    @discardableResult
    public func record(_ make: (ConversationID) -> TurnRecord) -> ConversationLogError? {
        do throws(ConversationLogError) {
            let log = try log()
            // Under the lock, so turns recorded at once (an eval's cells) start one conversation.
            let id = try state.withLock { state throws(ConversationLogError) -> ConversationID in
                if let current = state.conversation { return current }
                let id = try log.startConversation(kind: kind)
                state.conversation = id
                return id
            }
            let turn = make(id)
            guard let groupInterval else {
                try log.append(turn)
                return nil
            }
            let due: [TurnRecord] = state.withLock { state in
                state.pending.append(turn)
                let now = ContinuousClock.now
                guard state.pending.count >= Self.groupLimit || state.lastWrite.map({ now - $0 >= groupInterval }) ?? true else {
                    return []
                }
                state.lastWrite = now
                defer { state.pending = [] }
                return state.pending
            }
            try log.append(contentsOf: due)
            return nil
        } catch {
            return warnOnce(error)
        }
    }

    /// Writes the turns grouped writes hold back (call it when the work is done).
    /// - Returns: the error, the first time writing fails; nil when written or already warned.
    @discardableResult
    public func flush() -> ConversationLogError? {
        let due = state.withLock { state in
            state.lastWrite = ContinuousClock.now
            defer { state.pending = [] }
            return state.pending
        }
        guard !due.isEmpty else { return nil }
        do throws(ConversationLogError) {
            try log().append(contentsOf: due)
            return nil
        } catch {
            return warnOnce(error)
        }
    }

    private func warnOnce(_ error: ConversationLogError) -> ConversationLogError? {
        state.withLock { state in
            if state.warned { return nil }
            state.warned = true
            return error
        }
    }

    /// Writes one finished (or failed) request; see ``record(_:)``.
    /// - Parameters:
    ///   - messages: everything sent, in order.
    ///   - completion: the answer; nil when the request failed (`error` says why) or was cut
    ///     before it finished (`partialReply` holds what arrived).
    ///   - time: when the request was sent.
    @discardableResult
    public func record(
        apiType: String, parameters: ChatParameters, messages: [ChatMessage], completion: ChatCompletion?,
        partialReply: String? = nil, cost: Cost?, error: (any Error)? = nil, branch: String = "main",
        time: Date, template: String? = nil, templateVariables: JSONValue? = nil
    ) -> ConversationLogError? {
        record { id in
            TurnRecord(
                conversation: id, branch: branch, time: time, apiType: apiType, parameters: parameters,
                messages: messages, completion: completion, partialReply: partialReply, cost: cost, error: error,
                template: template, templateVariables: templateVariables)
        }
    }
}

extension TurnRecord {
    /// The record of a request: its parameters as JSON (model, each set parameter by its
    /// ``Setting/id``, response format, n), the answer's text, usage, latency and cache flag.
    public init(
        conversation: ConversationID, branch: String = "main", time: Date, apiType: String, parameters: ChatParameters,
        messages: [ChatMessage], completion: ChatCompletion?, partialReply: String? = nil, cost: Cost?,
        error: (any Error)? = nil, template: String? = nil, templateVariables: JSONValue? = nil
    ) {
        var fields = parameters.values
        fields["model"] = .string(parameters.model)
        if let format = parameters.responseFormat { fields["responseFormat"] = format.wire }
        if let n = parameters.n { fields["n"] = .number(Double(n)) }
        let latency = completion?.latency
        self.init(
            conversation: conversation, branch: branch, time: time, api: apiType, model: parameters.model,
            parameters: .object(fields), messages: messages, reply: completion?.content ?? partialReply,
            usage: completion?.usage.map(TokenUsage.init), cost: cost,
            firstTokenLatency: latency?.firstTokenSeconds.map { .saturating(seconds: $0) },
            totalLatency: latency.map { .saturating(seconds: $0.totalSeconds) }, cached: completion?.fromCache ?? false,
            template: template, templateVariables: templateVariables,
            finishReason: completion?.finishReason ?? (partialReply != nil ? "cut" : nil),
            error: error.map { String(describing: $0) })
    }
}
