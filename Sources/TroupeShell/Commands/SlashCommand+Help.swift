import Foundation

extension SlashCommand {
    /// Every built-in command, in the order `/help` lists them.
    public static var builtIn: [SlashCommand] {
        [.help, .api, .model, .temperature, .set, .system, .history, .undo, .retry, .clear,
         .editWithNumbers, .copy, .file, .export, .cache, .tokens, .cost, .markdown] + branchCommands + templateCommands + checkCommands + [.quit]
    }

    /// `/help [COMMAND]`.
    public static let help = SlashCommand(
        name: "help", arguments: "[COMMAND]",
        summary: "List the commands, or explain one",
        complete: { context, previous in previous.isEmpty ? context.commandNames : [] }
    ) { shell, arguments in
        let name = arguments.hasPrefix("/") ? String(arguments.dropFirst()) : arguments
        let width = shell.output.isInteractive ? max(20, TerminalInfo.columns()) : 80
        let style = shell.output.style
        if !name.isEmpty {
            guard let command = shell.registry.command(named: name.lowercased()) else {
                let hint = shell.registry.nearest(to: name.lowercased()).map { "; did you mean /\($0)?" } ?? ""
                throw ShellCommandError.invalid("no command /\(name)\(hint)")
            }
            for line in HelpLayout.details(of: command, width: width, style: style) {
                shell.output.line(line)
            }
            return
        }
        for line in HelpLayout.listing(shell.registry.all, width: width, style: style) {
            shell.output.line(line)
        }
    }

    /// `/quit`.
    public static let quit = SlashCommand(
        name: "quit", summary: "Leave the shell (Ctrl-D too)"
    ) { shell, _ in
        shell.quit()
    }
}

/// `/help`'s text laid out for a terminal width: every line fits, broken at word boundaries.
enum HelpLayout {
    /// The closing notes of the list.
    static let notes = [
        "Anything else is sent to the model. End a line with \\ to continue it; \"\"\" opens and closes "
            + "a block of lines; a paste of several lines is one message. // at the start sends a message "
            + "that begins with /.",
        "Ctrl-C stops a reply; keys typed during a reply wait for the next prompt. Ctrl-X Ctrl-E edits "
            + "the line in your editor. Ctrl-D or /quit leaves.",
    ]

    /// The list of commands: synopses in a column, summaries beside them (under them when the
    /// terminal is narrow, or the synopsis long), then the notes.
    static func listing(_ commands: [SlashCommand], width: Int, style: TextStyle) -> [String] {
        // Long synopses (/replay's options) get lines of their own, so the summaries stay in
        // one readable column.
        let column = min(30, commands.map(\.synopsis.count).max() ?? 0)
        let summaryStart = 2 + column + 2
        let besides = width - summaryStart >= 24
        let summaryIndent = String(repeating: " ", count: besides ? summaryStart : 4)
        var lines: [String] = []
        for command in commands {
            var summary = TextWrap.lines(command.summary, width: width, first: summaryIndent, rest: summaryIndent)
                .map { summaryIndent + style.dim(String($0.dropFirst(summaryIndent.count))) }
            if besides, command.synopsis.count <= column, !summary.isEmpty {
                let head = "  " + command.synopsis.padding(toLength: column, withPad: " ", startingAt: 0) + "  "
                summary[0] = head + String(summary[0].dropFirst(summaryIndent.count))
            } else {
                lines += TextWrap.lines(command.synopsis, width: width, first: "  ", rest: "      ")
            }
            lines += summary
        }
        for note in notes {
            lines += TextWrap.lines(note, width: width)
        }
        return lines
    }

    /// `/help NAME`: the synopsis, the summary and the details.
    static func details(of command: SlashCommand, width: Int, style: TextStyle) -> [String] {
        var lines = TextWrap.lines(command.synopsis, width: width, rest: "    ").map { style.bold($0) }
        lines += TextWrap.lines(command.summary, width: width, first: "  ", rest: "  ")
        for paragraph in command.details.split(separator: "\n") {
            lines += TextWrap.lines(String(paragraph), width: width, first: "  ", rest: "  ")
        }
        return lines
    }
}
