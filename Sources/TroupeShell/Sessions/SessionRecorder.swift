import Foundation
import TroupeCore

/// What the shell keeps for `/save`, `/load`, `/autosave` and `/replay`: the turns recorded so
/// far, the session's name, and the template of the next message.
public struct SessionRecorder: Sendable {
    /// Where names resolve (`~/.local/share/troupe/sessions` by default).
    public var store: SessionStore
    /// The NAME or PATH this conversation is saved to (set by `/save`, `/load`, `--session`).
    public var reference: String?
    /// Save after every turn.
    public var autosave = false
    /// When the conversation started (kept across saves of the same session).
    public var created: Date
    /// Every turn that got a reply, in order, on any branch; matched against each branch's
    /// messages when saving.
    public internal(set) var turns: [SessionTurn] = []
    /// The template the next user message was rendered from; the next turn takes it.
    public var pendingTemplate: TurnTemplate?
    /// The last `/replay` result, so it can be saved with `/save --replay NAME`.
    public var lastReplay: SessionReplayer.Result?

    public init(store: SessionStore = SessionStore(), created: Date = Date()) {
        self.store = store
        self.created = created
    }

    /// Records a finished turn; takes ``pendingTemplate``.
    public mutating func record(
        user: ChatMessage, messageIndex: Int, apiType: String, parameters: ChatParameters,
        completion: ChatCompletion, firstToken: Duration?, total: Duration, startedAt: Date
    ) {
        turns.append(SessionTurn(
            user: user, messageIndex: messageIndex, apiType: apiType, parameters: parameters,
            completion: completion,
            latency: TurnLatency(firstTokenSeconds: firstToken.map(Self.seconds), totalSeconds: Self.seconds(total)),
            template: pendingTemplate, startedAt: Session.fileDate(startedAt)))
        pendingTemplate = nil
    }

    /// Keeps the checks run on the last recorded turn's reply with that turn.
    public mutating func attachChecks(_ checks: [TurnCheck]) {
        guard !turns.isEmpty, !checks.isEmpty else { return }
        turns[turns.count - 1].checks = checks
    }

    /// Starts over from a loaded session: the turns of all its branches and its creation date.
    public mutating func restore(_ session: Session, reference: String?) {
        var all: [SessionTurn] = []
        for branch in session.tree.branches {
            for turn in branch.turns where !all.contains(turn) { all.append(turn) }
        }
        turns = all
        created = session.created
        self.reference = reference
        pendingTemplate = nil
    }

    /// The session to save for `messages` under `settings`.
    public func session(messages: [ChatMessage], settings: SessionSettings) -> Session {
        Session(messages: messages, recordedTurns: turns, settings: settings, created: created)
    }

    /// The session to save for the whole `tree` under `settings`: every branch with the
    /// recorded turns found in its messages.
    public func session(tree: ConversationTree, settings: SessionSettings, checks: [String]? = nil) -> Session {
        var session = Session(messages: tree.messages, recordedTurns: turns, settings: settings, created: created)
        let branches = tree.branches.map { branch in
            ConversationTree.Branch(
                name: branch.name, messages: branch.messages,
                turns: Session.match(turns, in: branch.messages), origin: branch.origin)
        }
        session.tree = ConversationTree(branches: branches, current: tree.current.name)
        session.checks = checks
        return session
    }

    /// A name for a session saved without one: `chat-YYYYMMDD-HHMMSS` (UTC).
    public static func generatedName(at date: Date = Date()) -> String {
        let text = Session.formatDate(date)  // 2026-01-01T10:00:00.000Z
        let digits = text.prefix(19).filter(\.isNumber)
        return "chat-\(digits.prefix(8))-\(digits.dropFirst(8))"
    }

    private static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
