import ArgumentParser
import Foundation
import TroupeCore

/// `troupe render SYSTEM [--user USER] [--var k=v ...] [--vars FILE] [--json] [--allow-missing]`:
/// shows the messages templates render to, without sending anything.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render prompt templates into chat messages without sending them.",
        discussion: """
            Templates are Mustache files found in ./Templates, then in the TEMPLATES_DIR \
            directories of the configuration, then among the templates shipped with troupe. \
            Name a template by its file name, with or without .mustache, or by a path. Each \
            message is shown with its token count in the encoding of the model (--model or MODEL).

            Examples:
              troupe render --list
              troupe render persona.system --var name=Ana --var age=34 --var 'traits=["kind","curious"]'
              troupe render summarize.system --user summarize.user --vars article.yaml --json
            """)

    @OptionGroup var model: ModelOptions

    @Argument(help: ArgumentHelp("The system template.", valueName: "system"))
    var system: String?

    @Option(help: ArgumentHelp("Also render the user message from this template.", valueName: "user"))
    var user: String?

    @OptionGroup var variables: TemplateVariableOptions

    @Flag(help: "Print the messages as a JSON array, as the Chat Completions API takes them (no token counts).")
    var json = false

    @Flag(help: "List the templates found (name, origin, path) and exit.")
    var list = false

    func validate() throws {
        if system == nil, !list {
            throw ValidationError("Give the system template to render (or --list to see the templates).")
        }
    }

    func run() throws {
        let config = try model.loadConfig()
        let renderer = variables.renderer(templatesDirectories: config.templatesDirectories)
        if list {
            StandardOutput.write(TemplateListing.text(renderer.locator.list()))
            return
        }
        guard let system else { return }
        // A TemplateError's description is the message ArgumentParser prints.
        let prompt = try renderer.renderMessages(
            system: system, user: user, variables: try variables.variables(), allowMissing: variables.allowMissing)
        printTemplateWarnings(prompt.warnings)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            StandardOutput.write(String(decoding: try encoder.encode(prompt.messages), as: UTF8.self) + "\n")
        } else {
            let counts = TemplateListing.tokenCounts(prompt.messages, model: config.model)
            StandardOutput.write(TemplateListing.text(prompt, tokenCounts: counts))
            StandardOutput.write("── " + TemplateListing.tokenNote(model: config.model) + "\n")
        }
    }
}
