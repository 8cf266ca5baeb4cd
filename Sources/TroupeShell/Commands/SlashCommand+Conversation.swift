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
        for (index, message) in shell.messages.enumerated() {
            let label = shell.output.style.bold("[\(index + 1)] \(message.role.rawValue)")
            let cut = shell.cutMessages.contains(index) ? shell.output.style.dim(" (cut)") : ""
            shell.output.line(label + cut)
            shell.output.line(message.content.split(separator: "\n", omittingEmptySubsequences: false)
                .map { "    " + $0 }.joined(separator: "\n"))
        }
    }

    /// `/undo`: drops the last exchange.
    public static let undo = SlashCommand(
        name: "undo", summary: "Drop the last exchange (your message and the reply)"
    ) { shell, _ in
        if shell.undoLastExchange() {
            shell.output.info("Dropped the last exchange; \(shell.messages.count) message(s) left.")
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
    /// Removes the last user message and everything after it.
    /// - Returns: false when there is no exchange to drop.
    public func undoLastExchange() -> Bool {
        guard let lastUser = messages.lastIndex(where: { $0.role == .user }) else { return false }
        messages.removeSubrange(lastUser...)
        cutMessages = cutMessages.filter { $0 < lastUser }
        failedMessage = nil
        return true
    }

    /// Empties the conversation except for the system message.
    public func clearConversation() {
        messages = messages.first?.role == .system ? [messages[0]] : []
        cutMessages = []
        failedMessage = nil
    }
}
