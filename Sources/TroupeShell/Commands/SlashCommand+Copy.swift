import Foundation
import TroupeCore

extension SlashCommand {
    /// What `/copy`'s arguments ask for.
    enum CopyRequest: Sendable, Equatable {
        /// No argument: the last reply.
        case lastReply
        /// `/copy N`: message N as `/history` numbers it.
        case message(Int)
        /// `/copy code`: the last fenced code block of the last reply.
        case lastCodeBlock

        init?(arguments: String) {
            let trimmed = arguments.trimmingCharacters(in: .whitespaces).lowercased()
            switch trimmed {
            case "": self = .lastReply
            case "code": self = .lastCodeBlock
            default:
                guard let number = Int(trimmed), number >= 1 else { return nil }
                self = .message(number)
            }
        }
    }

    /// `/copy [N|code]`: the last reply, message N, or the last reply's last code block, to the
    /// clipboard through the terminal (OSC 52).
    public static let copy = makeCopy()

    /// Builds `/copy`.
    /// - Parameter environment: where `TMUX` is read; nil reads the process's when it runs.
    public static func makeCopy(environment: [String: String]? = nil) -> SlashCommand {
        SlashCommand(
            name: "copy", arguments: "[N|code]",
            summary: "Copy the last reply (or message N, or its last code block) to the clipboard",
            details: "The text goes to the clipboard through the terminal (OSC 52), which works over SSH too; "
                + "the terminal must allow it. Inside tmux it becomes a tmux paste buffer as well, and reaches "
                + "the outer terminal's clipboard unless tmux's set-clipboard is off. "
                + "/copy N copies message N as /history numbers them; /copy code copies the last fenced "
                + "code block of the last reply.",
            complete: { _, previous in previous.isEmpty ? ["code"] : [] }
        ) { shell, arguments in
            guard let request = CopyRequest(arguments: arguments) else {
                throw ShellCommandError.usage("/copy [N|code]")
            }
            let (text, label) = try shell.textToCopy(request)
            guard shell.output.isInteractive else {
                throw ShellCommandError.invalid(
                    "the clipboard needs a terminal: the text is sent to the terminal (OSC 52), and the output is not one")
            }
            let clipboard = Clipboard(environment: environment ?? ProcessInfo.processInfo.environment)
            let route = clipboard.copy(text)
            if case .terminal(let sequence) = route {
                shell.output.write(sequence)
            }
            let count = text.count
            shell.output.info("Copied \(label) (\(count) character\(count == 1 ? "" : "s")) to the clipboard"
                + (route == .tmux ? " and a tmux buffer." : "."))
        }
    }
}

extension ShellEngine {
    /// The text `/copy` copies, and how to name it.
    func textToCopy(_ request: SlashCommand.CopyRequest) throws -> (text: String, label: String) {
        switch request {
        case .lastReply:
            guard let index = messages.lastIndex(where: { $0.role == .assistant }) else {
                throw ShellCommandError.invalid("nothing to copy: there is no reply yet")
            }
            return (messages[index].content, "the last reply [\(index + 1)]")
        case .message(let number):
            guard messages.indices.contains(number - 1) else {
                throw ShellCommandError.invalid(messages.isEmpty
                    ? "nothing to copy: the conversation is empty"
                    : "no message \(number): /history numbers them 1 to \(messages.count)")
            }
            return (messages[number - 1].content, "message [\(number)]")
        case .lastCodeBlock:
            guard let index = messages.lastIndex(where: { $0.role == .assistant }) else {
                throw ShellCommandError.invalid("nothing to copy: there is no reply yet")
            }
            guard let code = FencedCodeBlock.last(in: messages[index].content) else {
                throw ShellCommandError.invalid("the last reply [\(index + 1)] has no fenced code block")
            }
            return (code, "the last code block of reply [\(index + 1)]")
        }
    }
}
