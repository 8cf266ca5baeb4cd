import ArgumentParser
import Foundation
import TroupeCore
import TroupeEval
import TroupeShell

/// `troupe replay SESSION`: re-sends a saved session's user turns and compares the replies.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Re-send a saved session's user turns and compare old and new replies.",
        discussion: """
            SESSION is a saved name (in ~/.local/share/troupe/sessions) or a path to a session file. \
            Each turn is sent with the parameters it was recorded with, changed only by --model and --set; \
            the conversation is rebuilt with the new replies. Exit status: 0 when the replay ran, \
            1 with --fail-on-change when any reply changed, 2 when the replay could not run.
            """
    )

    @Argument(help: ArgumentHelp("A saved session name or a path to a session file.", valueName: "session"))
    var session: String

    @OptionGroup var model: ModelOptions

    @Flag(inversion: .prefixedNo, help: "Answer from the response cache and store new answers (default: CACHE_API_CALLS).")
    var cache: Bool?

    @Flag(name: .long, help: "Write a JSON report to standard output instead of the side-by-side view.")
    var json = false

    @Flag(name: .customLong("fail-on-change"), help: "Exit with status 1 when any reply changed or failed one of the session's checks (for CI).")
    var failOnChange = false

    @Flag(name: .customLong("as-sent"), help: "Send each turn's recorded text; by default a turn sent from a template is rendered again from the current template files.")
    var asSent = false

    @Option(name: .customLong("var"), parsing: .singleValue, help: ArgumentHelp("Change a template variable of the turns rendered again (repeatable).", valueName: "k=v"))
    var variables: [String] = []

    @Flag(name: .customLong("word-diff"), help: "Show changed replies as one text with [-removed-] {+inserted+} words.")
    var wordDiff = false

    @Option(name: .long, help: ArgumentHelp("Save the replayed conversation as a new session (name or path).", valueName: "session"))
    var save: String?

    @Option(name: .long, help: ArgumentHelp("Replay this branch of the session (name or number; default: the one in use when it was saved).", valueName: "name"))
    var branch: String?

    func run() async throws {
        do {
            try await replay()
        } catch let exit as ExitCode {
            throw exit
        } catch {
            StandardOutput.writeError("troupe replay: \(CLIWording.wrap(error))\n")
            throw ExitCode(2)
        }
    }

    private func replay() async throws {
        let store = SessionStore()
        var saved = try store.load(session)
        if let branch {
            do {
                saved = try saved.selecting(branch: branch)
            } catch let error as BranchError {
                throw ValidationError("\(error)")
            }
        }
        // --api and --model are applied by `prepare` so that it knows they were overridden.
        var loaded = try ConfigLoader().load(configFile: model.config)
        if let baseURL = model.baseURL { try loaded.set(.baseURL, to: baseURL, source: .flag) }

        var changes: [SettingChange] = []
        if let api = model.api { changes.append(SettingChange(name: "API_TYPE", value: api)) }
        if let name = model.model { changes.append(SettingChange(name: "MODEL", value: name)) }
        changes += try model.settingChanges()
        let registry = ClientRegistry()
        let (config, prepared) = try SessionReplayer.prepare(
            saved, config: loaded, changes: changes,
            cache: cache, knownAPITypes: Set(registry.knownAPITypes).union(TroupeConfig.builtInAPITypes))
        let service = LLMService(config: config, registry: registry, catalog: try ModelOptions.loadCatalog())
        let recorder = model.noLog ? nil : ConversationRecorder.configured(config: config, paths: TroupePaths(), kind: .replay)
        var options = prepared
        if !asSent {
            options.templates = TemplateRenderer(locator: TemplateLocator(config: config))
            options.variableOverrides = try TemplateVariables(pairs: variables).values
        }
        options.checker = ReplyChecker.replayChecker(grading: service)
        if options.apiType == LocalClient.apiTypeName {
            options.modelInUse = await service.modelInUse(options.overrides.applied(to: saved.settings.parameters))
        }

        let terminal = OutputTerminal.standardOutput
        let renderer = ReplayRenderer(
            width: terminal.width, colors: terminal.colors, style: wordDiff ? .wordDiff : .sideBySide)
        let json = self.json
        if !json {
            StandardOutput.write(renderer.header(
                session: session,
                original: .init(apiType: saved.settings.apiType, model: saved.settings.model),
                replay: .init(apiType: options.apiType, model: options.modelInUse ?? options.overrides.applied(to: saved.settings.parameters).model),
                overrides: options.overrides.descriptions, cacheEnabled: options.cacheEnabled))
        }
        let result = try await SessionReplayer(service: service, recorder: recorder).replay(saved, name: session, options: options) { turn in
            if !json { StandardOutput.write(renderer.render(turn)) }
        }
        if json {
            StandardOutput.write(String(decoding: try result.report.jsonData(), as: UTF8.self))
        } else {
            StandardOutput.write(renderer.summary(result.report.summary))
        }
        if let save {
            let url = try store.save(result.session, to: save)
            StandardOutput.writeError("Saved the replay as \(url.path)\n")
        }
        if failOnChange && result.report.anyChangedOrFailed {
            throw ExitCode(1)
        }
    }
}
