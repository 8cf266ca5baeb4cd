import TroupeCore

extension SlashCommand {
    /// `/system TEXT`: sets or replaces the system message; alone, shows it.
    public static let system = SlashCommand(
        name: "system", arguments: "[TEXT]",
        summary: "Set or replace the system message (alone: show it)",
        details: "The system message is always the first message of the conversation. Use \"\"\" to type one over several lines."
    ) { shell, arguments in
        guard !arguments.isEmpty else {
            if let system = shell.messages.first, system.role == .system {
                shell.output.line(system.content)
            } else {
                shell.output.info("No system message; /system TEXT sets one.")
            }
            return
        }
        let replaced = shell.messages.first?.role == .system
        shell.setSystemMessage(arguments)
        shell.output.info(replaced ? "System message replaced." : "System message set.")
    }

    /// `/history`: prints the conversation.
    public static let history = SlashCommand(
        name: "history", summary: "Show the conversation so far"
    ) { shell, _ in
        guard !shell.messages.isEmpty else {
            shell.output.info("The conversation is empty.")
            return
        }
        // Where the other branches leave this one, shown before the first message they differ at.
        var leaving: [Int: [String]] = [:]
        for divergence in shell.tree.divergences {
            guard let index = divergence.firstDifference, index <= shell.messages.count else { continue }
            leaving[index, default: []].append(divergence.name)
        }
        for (index, message) in shell.messages.enumerated() {
            if let names = leaving[index] {
                shell.output.line(shell.output.style.dim("── here \(names.joined(separator: ", ")) went another way (/switch)"))
            }
            let label = shell.output.style.bold("[\(index + 1)] \(message.role.rawValue)")
            let cut = shell.cutMessages.contains(index) ? shell.output.style.dim(" (cut)") : ""
            shell.output.line(label + cut)
            shell.output.line(message.content.split(separator: "\n", omittingEmptySubsequences: false)
                .map { "    " + $0 }.joined(separator: "\n"))
        }
    }

    /// `/undo [N]`: drops the last N exchanges; they stay on a branch.
    public static let undo = SlashCommand(
        name: "undo", arguments: "[N]",
        summary: "Drop the last exchange, or the last N (they stay on a branch)"
    ) { shell, arguments in
        let count = arguments.isEmpty ? 1 : Int(arguments) ?? 0
        guard count >= 1 else { throw ShellCommandError.usage("/undo [N]") }
        let dropped = shell.undoExchanges(count)
        if dropped > 0 {
            shell.output.info("Dropped \(dropped == 1 ? "the last exchange" : "the last \(dropped) exchanges"); \(shell.messages.count) message(s) left.")
        } else {
            shell.output.info("Nothing to undo.")
        }
    }

    /// `/retry`: resends the failed message, or asks again for the last reply.
    public static let retry = SlashCommand(
        name: "retry", summary: "Send the last message again (after an error: the failed one)",
        details: "After a failed request, sends the message that failed. Otherwise drops the last reply and asks for a new one."
    ) { shell, _ in
        await shell.retry()
    }

    /// `/clear`: starts a new conversation, keeping the system message.
    public static let clear = SlashCommand(
        name: "clear", summary: "Start a new conversation (the system message is kept)"
    ) { shell, _ in
        shell.clearConversation()
        shell.output.info("New conversation.")
    }
}

extension ShellEngine {
    /// Removes the last user message and everything after it (kept on a branch).
    /// - Returns: false when there is no exchange to drop.
    public func undoLastExchange() -> Bool {
        undoExchanges(1) == 1
    }

    /// Removes the last `count` exchanges (user messages and what followed them); what is
    /// removed is kept on an automatically named branch.
    /// - Returns: how many exchanges were dropped (fewer when the conversation has fewer).
    public func undoExchanges(_ count: Int) -> Int {
        let users = messages.indices.filter { messages[$0].role == .user }
        let dropped = min(count, users.count)
        guard dropped > 0 else { return 0 }
        setAside(from: users[users.count - dropped], what: dropped == 1 ? "The dropped exchange is" : "The dropped exchanges are")
        failedMessage = nil
        return dropped
    }

    /// Empties the conversation except for the system message.
    public func clearConversation() {
        messages = messages.first?.role == .system ? [messages[0]] : []
        cutMessages = []
        failedMessage = nil
        // The conversation so far stays in the log; the next turn starts another one.
        recorder?.startNew()
    }
}
