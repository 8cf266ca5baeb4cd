import ArgumentParser
import TroupeCore

/// `--var`, `--vars`, `--allow-missing` and `--no-escape`: the variables of a template render.
struct TemplateVariableOptions: ParsableArguments {
    @Option(
        name: .customLong("var"),
        help: ArgumentHelp(
            "A template variable, NAME=VALUE (repeatable). VALUE is JSON when it parses as JSON "
                + "(34, true, [\"a\",\"b\"], {\"k\":1}), text otherwise; a dotted NAME (persona.name=Ana) "
                + "sets a nested value.",
            valueName: "name=value"))
    var pairs: [String] = []

    @Option(
        name: .customLong("vars"),
        help: ArgumentHelp("A JSON or YAML file of template variables; --var pairs override it.", valueName: "file"))
    var file: String?

    @Flag(help: "Render variables the template uses but that are not given as empty text (a warning, not an error).")
    var allowMissing = false

    @Flag(name: .customLong("no-escape"), help: "Insert {{name}} values as written instead of HTML-escaping them.")
    var noEscape = false

    /// The variables: the file, then the pairs over it.
    func variables() throws -> TemplateVariables {
        try TemplateVariables.from(file: file, pairs: pairs)
    }

    /// A renderer looking in ./Templates, then `templatesDirectories` (TEMPLATES_DIR), then the built-ins.
    func renderer(templatesDirectories: [String]) -> TemplateRenderer {
        TemplateRenderer(
            locator: TemplateLocator(configuredDirectories: templatesDirectories),
            escapesHTML: !noEscape)
    }

    func validate() throws {
        for pair in pairs where !pair.contains("=") {
            throw ValidationError("--var '\(pair)' needs the form NAME=VALUE (e.g. --var name=Ana).")
        }
    }
}

/// `--template SYSTEM [--user USER] [--var k=v ...] [--vars FILE] [--allow-missing]`: messages from
/// templates, for commands that send (`troupe send`).
struct TemplateOptions: ParsableArguments {
    @Option(
        name: .customLong("template"),
        help: ArgumentHelp("Render the system message from this template (name with or without .mustache, or a path).", valueName: "system"))
    var system: String?

    @Option(
        name: .customLong("user"),
        help: ArgumentHelp("Render the user message from this template (needs --template).", valueName: "user"))
    var user: String?

    @OptionGroup var variables: TemplateVariableOptions

    /// Whether a template was asked for.
    var isActive: Bool { system != nil }

    /// The template names as the log records them (`system` or `system + user`).
    var name: String? { system.map { system in user.map { system + " + " + $0 } ?? system } }

    /// The variables as the log records them; nil without a template or variables.
    var loggedVariables: JSONValue? {
        guard isActive, let variables = try? variables.variables(), !variables.isEmpty else { return nil }
        return .object(variables.values)
    }

    func validate() throws {
        if system == nil {
            if user != nil { throw ValidationError("--user names a user template; give the system template with --template too.") }
            if !variables.pairs.isEmpty || variables.file != nil {
                throw ValidationError("--var and --vars fill a template; give it with --template.")
            }
        }
    }

    /// The rendered messages (`[system]` or `[system, user]`), or nil without `--template`.
    /// Warnings (allowed missing names, missing sections) are printed to standard error.
    /// - Throws: ``TemplateError`` with a message for the user.
    func render(templatesDirectories: [String]) throws -> RenderedPrompt? {
        guard let system else { return nil }
        let prompt = try variables.renderer(templatesDirectories: templatesDirectories).renderMessages(
            system: system, user: user, variables: try variables.variables(), allowMissing: variables.allowMissing)
        printTemplateWarnings(prompt.warnings)
        return prompt
    }
}

/// Prints render warnings to standard error.
func printTemplateWarnings(_ warnings: [TemplateWarning]) {
    for line in TemplateListing.warningLines(warnings) { StandardOutput.writeError(line + "\n") }
}
