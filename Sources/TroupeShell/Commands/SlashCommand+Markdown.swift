import TroupeCore

extension SlashCommand {
    /// `/markdown [on|off]`: render replies as Markdown, or print them exactly as sent.
    public static let markdown = SlashCommand(
        name: "markdown", arguments: "[on|off]",
        summary: "Render replies as Markdown on a terminal, or print them as sent (alone: show it)",
        details: """
            On a terminal with colours, replies are rendered as they stream: headings, bold and \
            italic, lists, quotes, links, tables and highlighted code, with prose wrapped to the \
            window. Off (or with NO_COLOR, or when output is not a terminal) replies print exactly \
            as the model sent them. Sessions always keep the raw text. Same as /set markdown.
            """,
        complete: { _, previous in previous.isEmpty ? ["on", "off"] : [] }
    ) { shell, arguments in
        try await shell.setting(.markdown, arguments: arguments)
        if !arguments.isEmpty, !(shell.output.isInteractive && shell.output.style.enabled) {
            shell.output.info("(Replies print as sent here: output is not a terminal with colours.)")
        }
    }
}
