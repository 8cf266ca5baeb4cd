import Foundation
import TroupeCore

extension ShellEngine {
    /// A renderer for the configuration in force: `./Templates`, TEMPLATES_DIR, the built-ins.
    /// Made anew for every render, so edited files and a changed TEMPLATES_DIR show at once.
    func templateRenderer(escapesHTML: Bool = true) async -> TemplateRenderer {
        TemplateRenderer(locator: TemplateLocator(config: await service.config), escapesHTML: escapesHTML)
    }

    /// Renders what `/render` and `/template` were asked for, with the variables in force and
    /// the command's own pairs over them.
    /// - Throws: ``ShellCommandError`` with the template error's whole message.
    func renderTemplates(_ arguments: TemplateArguments) async throws -> ShellTemplateRender {
        let renderer = await templateRenderer(escapesHTML: !arguments.noEscape)
        do {
            let variables = templateVariables.merging(try TemplateVariables(pairs: arguments.pairs))
            let result: ShellTemplateRender
            if arguments.asUser {
                let render = try renderer.render(arguments.name, variables: variables, allowMissing: arguments.allowMissing)
                result = ShellTemplateRender(messages: [.user(render.text)], renders: [render], variables: variables)
            } else {
                let prompt = try renderer.renderMessages(
                    system: arguments.name, user: arguments.userTemplate, variables: variables,
                    allowMissing: arguments.allowMissing)
                result = ShellTemplateRender(
                    messages: prompt.messages, renders: [prompt.system] + (prompt.user.map { [$0] } ?? []),
                    variables: variables)
            }
            checks.lastRender = arguments
            recentTemplates.removeAll { $0 == arguments.name }
            recentTemplates.insert(arguments.name, at: 0)
            return result
        } catch let error as TemplateError {
            throw ShellCommandError.invalid(ShellWording.message(for: error))
        }
    }

    /// Prints render warnings (allowed missing names, optional sections not given).
    func printTemplateWarnings(_ warnings: [TemplateWarning]) {
        for line in TemplateListing.warningLines(warnings) {
            output.info(line)
        }
    }

    /// `/template`: starts a new conversation from the rendered messages and, when the last one
    /// is a user message, sends it; with `--user`, sends the rendered message as the next turn.
    func sendTemplate(_ arguments: TemplateArguments) async throws {
        let rendered = try await renderTemplates(arguments)
        printTemplateWarnings(rendered.warnings)
        let model = await service.config.model
        let counts = TemplateListing.tokenCounts(rendered.messages, model: model)
        let style = output.style
        if !arguments.asUser {
            replaceConversation(with: [rendered.messages[0]])
            output.info("New conversation: system message from \(rendered.renders[0].entry.name) (\(counts[0]) tokens).")
        }
        guard let user = rendered.messages.last, user.role == .user else {
            output.info("Type your first message, or /history to read the system message.")
            return
        }
        output.info("Your message, from \(rendered.last.entry.name) (\(counts[counts.count - 1]) tokens):")
        output.line(style.dim(user.content))
        sessions.pendingTemplate = TurnTemplate(name: rendered.last.entry.name, variables: rendered.variables.values)
        await runTurn(user: user)
    }

    /// Sets template variables in force from `k=v` pairs.
    /// - Throws: ``ShellCommandError`` for a pair that does not parse.
    func setTemplateVariables(pairs: [String]) throws {
        do {
            for pair in pairs { try templateVariables.set(pair: pair) }
        } catch let error as TemplateError {
            throw ShellCommandError.invalid(ShellWording.message(for: error))
        }
    }

    /// Lays the variables of a JSON or YAML file over those in force.
    func loadTemplateVariables(file: String) throws -> Int {
        do {
            let loaded = try TemplateVariables(contentsOfFile: file)
            templateVariables = templateVariables.merging(loaded)
            return loaded.values.count
        } catch let error as TemplateError {
            throw ShellCommandError.invalid(ShellWording.message(for: error))
        }
    }

    /// Removes a variable; false when there was none.
    func removeTemplateVariable(_ path: String) -> Bool {
        templateVariables.remove(path)
    }

    /// Forgets every variable set with `/var` or `/vars`.
    func clearTemplateVariables() {
        templateVariables = TemplateVariables()
    }
}
