import TroupeCore

extension SlashCommand {
    /// What `/edit`'s arguments ask for.
    public enum EditRequest: Sendable, Equatable {
        /// No argument: a new message in the editor (the failed one, after a failed request).
        case newMessage
        /// `/edit N`: message N as `/history` numbers it.
        case message(Int)

        /// Reads `/edit`'s arguments; nil when they are neither empty nor a number from 1.
        public init?(arguments: String) {
            let trimmed = arguments.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty {
                self = .newMessage
            } else if let number = Int(trimmed), number >= 1 {
                self = .message(number)
            } else {
                return nil
            }
        }
    }

    /// Runs `/edit N`; see ``makeEdit(editor:numbered:)``.
    public typealias NumberedEdit = @Sendable (_ shell: isolated ShellEngine, _ number: Int) async throws -> Void

    /// `/edit`: writes a message in `$VISUAL` (else `$EDITOR`, else `vi`) and sends what is saved.
    public static let edit = makeEdit()

    /// Builds `/edit`.
    ///
    /// `/edit N` (editing message N of the conversation) belongs to another file: it registers
    /// `makeEdit(numbered: itsHandler)`, which replaces this command by name and keeps the
    /// no-argument behaviour. Without a handler, only `/edit` alone is accepted.
    /// - Parameters:
    ///   - editor: the editor to run; nil reads `VISUAL` and `EDITOR` when the command runs.
    ///   - numbered: what `/edit N` does.
    public static func makeEdit(editor: ExternalEditor? = nil, numbered: NumberedEdit? = nil) -> SlashCommand {
        SlashCommand(
            name: "edit", arguments: numbered == nil ? "" : "[N]",
            summary: "Write a message in your editor ($VISUAL, $EDITOR or vi) and send it",
            details: "The editor starts with an empty message, or with the message whose request failed. "
                + "What you save is sent; an empty file sends nothing. At the prompt, Ctrl-X Ctrl-E does the "
                + "same with the line being typed."
                + (numbered == nil ? "" : "\n/edit N edits message N (as /history numbers them).")
        ) { shell, arguments in
            let usage = ShellCommandError.usage(numbered == nil ? "/edit" : "/edit [N]")
            switch EditRequest(arguments: arguments) {
            case .newMessage:
                try await shell.composeInEditor(editor ?? ExternalEditor())
            case .message(let number):
                guard let numbered else { throw usage }
                try await numbered(shell, number)
            case nil:
                throw usage
            }
        }
    }
}

extension ShellEngine {
    /// `/edit` alone: the editor on an empty message (or the failed one), then sends it.
    func composeInEditor(_ editor: ExternalEditor) async throws {
        let text = try await editor.editInBackground(failedMessage?.content ?? "")
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            output.info("The saved message is empty: nothing sent.")
            return
        }
        // What is sent, as if it had been typed at the prompt.
        output.line(output.style.bold(output.style.green(">")) + " " + text)
        await send(text)
    }
}
