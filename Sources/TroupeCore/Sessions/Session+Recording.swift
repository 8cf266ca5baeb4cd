import Foundation

extension Session {
    /// A session from a live conversation and the turns recorded while it ran.
    ///
    /// The conversation may have been edited since the turns were recorded (`/retry`, `/undo`,
    /// `/clear`, a system message inserted): each recorded turn is matched, in order, to its
    /// user message followed by its reply in `messages`, its ``SessionTurn/messageIndex`` is set
    /// from where it was found, and turns no longer in the conversation are left out.
    public init(
        messages: [ChatMessage],
        recordedTurns: [SessionTurn],
        settings: SessionSettings,
        created: Date,
        updated: Date = Date()
    ) {
        self.init(
            created: Session.fileDate(created), updated: Session.fileDate(updated), settings: settings,
            messages: messages, turns: Session.match(recordedTurns, in: messages))
    }

    /// The turns found in `messages`, in order, with their current indices.
    public static func match(_ turns: [SessionTurn], in messages: [ChatMessage]) -> [SessionTurn] {
        var matched: [SessionTurn] = []
        var cursor = 0
        for turn in turns {
            var index = cursor
            while index + 1 < messages.count {
                let user = messages[index], reply = messages[index + 1]
                if user == turn.user, reply.role == .assistant, reply.content == turn.reply { break }
                index += 1
            }
            guard index + 1 < messages.count else { continue }
            var found = turn
            found.messageIndex = index
            matched.append(found)
            cursor = index + 2
        }
        return matched
    }
}
