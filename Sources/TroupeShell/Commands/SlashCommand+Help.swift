import Foundation

extension SlashCommand {
    /// Every built-in command, in the order `/help` lists them.
    public static var builtIn: [SlashCommand] {
        [.help, .api, .model, .temperature, .set, .system, .history, .undo, .retry, .clear,
         .cache, .tokens, .markdown] + templateCommands + [.quit]
    }

    /// `/help [COMMAND]`.
    public static let help = SlashCommand(
        name: "help", arguments: "[COMMAND]",
        summary: "List the commands, or explain one",
        complete: { context, previous in previous.isEmpty ? context.commandNames : [] }
    ) { shell, arguments in
        let name = arguments.hasPrefix("/") ? String(arguments.dropFirst()) : arguments
        if !name.isEmpty {
            guard let command = shell.registry.command(named: name.lowercased()) else {
                let hint = shell.registry.nearest(to: name.lowercased()).map { "; did you mean /\($0)?" } ?? ""
                throw ShellCommandError.invalid("no command /\(name)\(hint)")
            }
            shell.output.line(shell.output.style.bold(command.synopsis))
            shell.output.line("  " + command.summary)
            if !command.details.isEmpty {
                shell.output.line(command.details.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
            }
            return
        }
        let commands = shell.registry.all
        // Long synopses (/replay's options) get a line of their own, so the summaries stay in
        // one readable column on an 80-column terminal.
        let width = min(30, commands.map(\.synopsis.count).max() ?? 0)
        for command in commands {
            let summary = shell.output.style.dim(command.summary)
            if command.synopsis.count > width {
                shell.output.line("  " + command.synopsis)
                shell.output.line("  " + String(repeating: " ", count: width) + "  " + summary)
            } else {
                shell.output.line("  " + command.synopsis.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + summary)
            }
        }
        shell.output.line("""
            Anything else is sent to the model. End a line with \\ to continue it; \"\"\" opens and closes \
            a block of lines. // at the start sends a message that begins with /.
            Ctrl-C stops a reply; Ctrl-D or /quit leaves.
            """)
    }

    /// `/quit`.
    public static let quit = SlashCommand(
        name: "quit", summary: "Leave the shell (Ctrl-D too)"
    ) { shell, _ in
        shell.quit()
    }
}
