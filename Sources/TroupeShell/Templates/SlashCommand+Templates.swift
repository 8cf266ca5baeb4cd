import Foundation
import TroupeCore

extension SlashCommand {
    /// The template commands: `/templates`, `/render`, `/template`, `/vars`, `/var`.
    public static let templateCommands: [SlashCommand] = [templates, render, template, vars, variable]

    /// `/templates`: the templates found, where, and which are shadowed.
    public static let templates = SlashCommand(
        name: "templates", summary: "List the prompt templates found and where they are",
        details: "Templates are Mustache files looked up in ./Templates, then the TEMPLATES_DIR folders (/set templates_dir DIR:DIR), then the ones shipped with troupe. A template is named by its file name, with or without .mustache."
    ) { shell, _ in
        let locator = await shell.templateRenderer().locator
        shell.output.write(TemplateListing.text(locator.list()))
        shell.output.info("Searched: " + locator.searchedLocations.joined(separator: ", "))
    }

    /// What `/render` and `/template` take (``TemplateArguments``).
    static let templateArguments = "NAME [USER] [k=v ...] [--user] [--allow-missing] [--no-escape]"

    /// `/render NAME [USER] [k=v ...]`: the rendered messages and their tokens, nothing sent.
    public static let render = SlashCommand(
        name: "render", arguments: templateArguments,
        summary: "Show what templates render to, with token counts, without sending",
        details: """
            NAME renders the system message and USER, when given, the user message; a NAME with \
            NAME.system and NAME.user templates (summarize) renders both. --user renders NAME as a user message. \
            k=v pairs (JSON values, or text; "quoted text" keeps spaces; a.b=v nests) apply to this render \
            over the variables set with /var and /vars. The template is read from disk at every render.
            """,
        complete: completeTemplateArguments
    ) { shell, arguments in
        let request = try TemplateArguments(parsing: arguments, synopsis: "/render " + templateArguments)
        let rendered = try await shell.renderTemplates(request)
        shell.printTemplateWarnings(rendered.warnings)
        let model = await shell.service.config.model
        let counts = TemplateListing.tokenCounts(rendered.messages, model: model)
        shell.output.write(TemplateListing.text(Array(zip(rendered.messages, rendered.renders)), tokenCounts: counts))
        shell.output.info("── " + TemplateListing.tokenNote(model: model) + "; nothing was sent")
    }

    /// `/template NAME [USER] [k=v ...]`: renders and sends, as a new conversation or (`--user`) the next turn.
    public static let template = SlashCommand(
        name: "template", arguments: templateArguments,
        summary: "Render templates and send them: a new conversation, or with --user your next message",
        details: """
            Without --user the conversation starts over from the rendered system message (NAME), and the \
            rendered user message (USER, or NAME.user) is sent when there is one. With --user, NAME is \
            rendered as your next message in the current conversation and sent. The turn records the \
            template and its variables for /save. Pairs work as in /render.
            """,
        complete: completeTemplateArguments
    ) { shell, arguments in
        try await shell.sendTemplate(try TemplateArguments(parsing: arguments, synopsis: "/template " + templateArguments))
    }

    static let varsArguments = "[FILE | --clear]"
    static let varArguments = "NAME=VALUE ... | NAME | --unset NAME ..."

    /// `/vars [FILE | --clear]`: shows the variables in force, loads a file, or clears them.
    public static let vars = SlashCommand(
        name: "vars", arguments: varsArguments,
        summary: "Show the template variables in force; FILE loads JSON or YAML; --clear forgets them",
        details: "A file's variables are laid over those in force (objects merge key by key). Each variable is shown as the /var pair that sets it.",
        complete: { _, previous in previous.isEmpty ? ["--clear"] : [] }
    ) { shell, arguments in
        switch arguments {
        case "":
            let values = shell.templateVariables.values
            guard !values.isEmpty else {
                shell.output.info("No template variables; /var NAME=VALUE sets one, /vars FILE loads a file.")
                return
            }
            for key in values.keys.sorted() {
                shell.output.line("\(key)=\(values[key]?.pairText ?? "null")")
            }
        case "--clear":
            shell.clearTemplateVariables()
            shell.output.info("Template variables cleared.")
        default:
            let file = try CommandWords.split(arguments)
            guard file.count == 1 else { throw ShellCommandError.usage("/vars " + varsArguments) }
            let count = try shell.loadTemplateVariables(file: file[0])
            shell.output.info("Loaded \(count) variable(s) from \(file[0]); /vars shows them all.")
        }
    }

    /// `/var NAME=VALUE ...`, `/var NAME`, `/var --unset NAME ...`.
    public static let variable = SlashCommand(
        name: "var", arguments: varArguments,
        summary: "Set template variables for later renders (NAME alone: show it)",
        details: """
            VALUE is JSON when it parses as JSON (34, true, ["a", "b"], {"k": 1}, "quoted text"), text \
            otherwise; a dotted NAME (persona.name=Ana) sets a nested value. --unset removes variables.
            """,
        complete: { context, previous in
            let names = variableCandidates(context)
            return previous.first == "--unset" ? names : names.map { $0 + "=" } + (previous.isEmpty ? ["--unset"] : [])
        }
    ) { shell, arguments in
        let words = try CommandWords.split(arguments)
        guard !words.isEmpty else { throw ShellCommandError.usage("/var " + varArguments) }
        if words[0] == "--unset" {
            guard words.count > 1 else { throw ShellCommandError.usage("/var --unset NAME ...") }
            for name in words.dropFirst() {
                shell.output.info(shell.removeTemplateVariable(name) ? "\(name) removed." : "\(name) was not set.")
            }
            return
        }
        if words.count == 1, !words[0].contains("=") {
            guard let value = shell.templateVariables[path: words[0]] else {
                throw ShellCommandError.invalid("\(words[0]) is not set; /vars lists the variables in force.")
            }
            shell.output.line("\(words[0])=\(value.pairText)")
            return
        }
        if let bare = words.first(where: { !$0.contains("=") }) {
            throw ShellCommandError.invalid("'\(bare)' needs the form NAME=VALUE (e.g. /var name=Ana).")
        }
        try shell.setTemplateVariables(pairs: words)
        let names = words.map { String($0.prefix(while: { $0 != "=" })).trimmingCharacters(in: .whitespaces) }
        shell.output.info("Set \(names.joined(separator: ", ")) for later renders.")
    }

    /// Tab for `/render` and `/template`: template names first, then the template's variable
    /// names (as `name=`), a second template, and the options.
    static func completeTemplateArguments(_ context: CompletionContext, _ previous: [String]) -> [String] {
        let locator = context.templateLocator
        let positional = previous.filter { !$0.hasPrefix("--") && !$0.contains("=") }
        guard let name = positional.first else {
            return locator.names() + TemplateArguments.options
        }
        let renderer = TemplateRenderer(locator: locator)
        var candidates = Set((try? renderer.variableNames(in: name)) ?? [])
        if positional.count > 1 {
            candidates.formUnion((try? renderer.variableNames(in: positional[1])) ?? [])
        } else if (try? locator.pair(named: name)) != nil {
            candidates.formUnion((try? renderer.variableNames(in: name + ".user")) ?? [])
        }
        let given = Set(previous.compactMap { $0.split(separator: "=", maxSplits: 1).first.map(String.init) })
        var result = candidates.subtracting(given).sorted().map { $0 + "=" }
        if positional.count == 1, !previous.contains("--user") {
            result += locator.names()
        }
        return result + TemplateArguments.options.filter { !previous.contains($0) }
    }

    /// Variable names for `/var`: those in force, and those the recently rendered templates use.
    static func variableCandidates(_ context: CompletionContext) -> [String] {
        let renderer = TemplateRenderer(locator: context.templateLocator)
        var names = Set(context.variableNames)
        for template in context.recentTemplates.prefix(5) {
            names.formUnion((try? renderer.variableNames(in: template)) ?? [])
        }
        return names.sorted()
    }
}
