import Foundation
import TroupeCore
import TroupeEval

extension SlashCommand {
    /// The session commands: `/save`, `/load`, `/sessions`, `/autosave`, `/replay`.
    public static let sessionCommands: [SlashCommand] = [save, load, sessions, autosave, replay]

    /// `/save [NAME|PATH]`: writes the conversation, settings and per-turn records.
    public static let save = SlashCommand(
        name: "save", arguments: "[NAME|PATH] | --replay NAME|PATH",
        summary: "Save the session (messages, settings, per-turn data) to a file",
        details: """
            A NAME is saved as ~/.local/share/troupe/sessions/NAME.json; anything with a / or ending in .json \
            is a path. Without an argument the session's current name is used (or a new chat-DATE-TIME one). \
            The file is written atomically with mode 0600 and never holds a key or token. \
            /save --replay NAME saves the conversation of the last /replay instead.
            """,
        complete: { _, previous in previous.isEmpty ? savedSessionNames() : [] }
    ) { shell, arguments in
        if arguments == "--replay" || arguments.hasPrefix("--replay ") {
            let reference = arguments.dropFirst("--replay".count).trimmingCharacters(in: .whitespaces)
            guard !reference.isEmpty else { throw ShellCommandError.usage("/save --replay NAME|PATH") }
            guard let replay = shell.sessions.lastReplay else {
                throw ShellCommandError.invalid("No replay to save yet; run /replay SESSION first.")
            }
            let url = try sessionCall { try shell.sessions.store.save(replay.session, to: reference) }
            shell.output.info("Saved the replay (\(replay.session.turns.count) turn(s)) to \(url.path).")
            return
        }
        let reference = arguments.isEmpty ? (shell.sessions.reference ?? SessionRecorder.generatedName()) : arguments
        let session = await shell.currentSession()
        let url = try sessionCall { try shell.sessions.store.save(session, to: reference) }
        shell.sessions.reference = reference
        shell.output.info("Saved \(session.turns.count) turn(s), \(session.messages.count) message(s) to \(url.path).")
    }

    /// `/load NAME|PATH`: restores a saved session's messages and settings.
    public static let load = SlashCommand(
        name: "load", arguments: "NAME|PATH",
        summary: "Load a saved session: its messages and settings replace the current ones",
        details: "The API type, model and every parameter of the session are put in force (as /set would). A file that cannot be read changes nothing.",
        complete: { _, previous in previous.isEmpty ? savedSessionNames() : [] }
    ) { shell, arguments in
        guard !arguments.isEmpty else { throw ShellCommandError.usage("/load NAME|PATH") }
        let session = try sessionCall { try shell.sessions.store.load(arguments) }
        let notes = try await shell.restore(session, reference: arguments)
        let turns = session.turns.count
        shell.output.info("Loaded \(arguments): \(session.messages.count) message(s), \(turns) turn(s); "
            + "\(session.settings.model) on \(session.settings.apiType), saved \(displayDate(session.updated)).")
        for note in notes { shell.output.info("Note: \(note).") }
    }

    /// `/sessions`: lists saved sessions.
    public static let sessions = SlashCommand(
        name: "sessions", summary: "List saved sessions with date, model, turn count and first message"
    ) { shell, _ in
        let store = shell.sessions.store
        let list = try sessionCall { try store.list() }
        guard !list.isEmpty else {
            shell.output.info("No saved sessions in \(store.directory.path); /save NAME saves this one.")
            return
        }
        let width = min(40, list.map(\.name.count).max() ?? 4)
        for entry in list {
            let name = entry.name.padding(toLength: max(width, entry.name.count), withPad: " ", startingAt: 0)
            if let problem = entry.problem {
                shell.output.line("\(name)  " + shell.output.style.red("unreadable: ") + problem)
                continue
            }
            let date = entry.updated.map(displayDate) ?? "?"
            let turns = entry.turnCount.map { "\($0) turn\($0 == 1 ? "" : "s")" } ?? ""
            let preview = entry.preview.map { "  " + shell.output.style.dim("“\($0)”") } ?? ""
            shell.output.line("\(name)  \(date)  \(entry.model ?? "?") (\(entry.apiType ?? "?"))  \(turns)\(preview)")
        }
        shell.output.info("\(list.count) session(s) in \(store.directory.path)")
    }

    /// `/autosave [on|off]`: saves after every turn.
    public static let autosave = SlashCommand(
        name: "autosave", arguments: "[on|off]",
        summary: "Save the session after every turn (alone: show the state)",
        details: "Saves to the session's name (from /save, /load or --session), or to a new chat-DATE-TIME name.",
        complete: { _, previous in previous.isEmpty ? ["on", "off"] : [] }
    ) { shell, arguments in
        switch arguments.lowercased() {
        case "":
            let target = shell.sessions.reference.map { " (to \($0))" } ?? ""
            shell.output.info("Autosave is \(shell.sessions.autosave ? "on" : "off")\(target).")
        case "on":
            let reference = shell.sessions.reference ?? SessionRecorder.generatedName()
            let session = await shell.currentSession()
            let url = try sessionCall { try shell.sessions.store.save(session, to: reference) }
            shell.sessions.reference = reference
            shell.sessions.autosave = true
            shell.output.info("Autosave on: \(url.path) is saved after every turn.")
        case "off":
            shell.sessions.autosave = false
            shell.output.info("Autosave off.")
        default:
            throw ShellCommandError.usage("/autosave [on|off]")
        }
    }

    /// `/replay SESSION [options]`: `troupe replay` inside the shell.
    public static let replay = SlashCommand(
        name: "replay", arguments: "SESSION [--api A] [--model M] [--set k=v]... [--cache|--no-cache] [--word-diff] [--save NAME] [--branch B]",
        summary: "Re-send a saved session's user turns and compare old and new replies",
        details: """
            Each turn is sent with the parameters it was recorded with, changed by --model and --set; \
            the conversation is rebuilt with the new replies. The current conversation is not changed. \
            --save NAME (or /save --replay NAME afterwards) saves the replayed conversation as a new session.
            """,
        complete: { _, previous in previous.isEmpty ? savedSessionNames() : ["--api", "--model", "--set", "--cache", "--no-cache", "--word-diff", "--save", "--branch"] }
    ) { shell, arguments in
        let request = try ReplayArguments(parsing: arguments)
        var saved = try sessionCall { try shell.sessions.store.load(request.session) }
        if let branch = request.branch { saved = try branchCall { try saved.selecting(branch: branch) } }
        let base = await shell.service.config
        var (config, options) = try SessionReplayer.prepare(
            saved, config: base, changes: request.changes,
            cache: request.cache, knownAPITypes: shell.knownAPITypes.union(TroupeConfig.builtInAPITypes))
        // A service of its own, so the shell's settings stay as they are; same clients and cache file.
        let service = LLMService(config: config, registry: shell.service.registry, catalog: shell.service.givenCatalog)
        // Templates are rendered from the current files; the session's checks run again.
        options.templates = TemplateRenderer(locator: TemplateLocator(config: config))
        options.checker = ReplyChecker.replayChecker(grading: service)
        let renderer = ReplayRenderer(
            width: TerminalInfo.columns(), colors: shell.output.style.enabled,
            style: request.wordDiff ? .wordDiff : .sideBySide)
        let output = shell.output
        output.write(renderer.header(
            session: request.session,
            original: .init(apiType: saved.settings.apiType, model: saved.settings.model),
            replay: .init(apiType: options.apiType, model: options.overrides.applied(to: saved.settings.parameters).model),
            overrides: options.overrides.descriptions, cacheEnabled: options.cacheEnabled))
        let result: SessionReplayer.Result
        do {
            result = try await SessionReplayer(service: service, recorder: shell.replayRecorder).replay(saved, name: request.session, options: options) { turn in
                output.write(renderer.render(turn))
            }
        } catch is CancellationError {
            output.info("[replay stopped]")
            return
        }
        output.write(renderer.summary(result.report.summary))
        shell.sessions.lastReplay = result
        if let target = request.save {
            let url = try sessionCall { try shell.sessions.store.save(result.session, to: target) }
            output.info("Saved the replay to \(url.path).")
        } else {
            output.info("/save --replay NAME saves the replayed conversation as a session.")
        }
    }

    /// Saved session names for Tab completion.
    static func savedSessionNames() -> [String] {
        ((try? SessionStore().list()) ?? []).map(\.name).sorted()
    }

    static func displayDate(_ date: Date) -> String {
        // 2026-01-01T10:00:00.000Z → 2026-01-01 10:00 UTC
        let text = Session.formatDate(date)
        return "\(text.prefix(10)) \(text.dropFirst(11).prefix(5)) UTC"
    }

    /// Turns a ``SessionError`` into a message the shell prints as is.
    static func sessionCall<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as SessionError {
            throw ShellCommandError.invalid(ShellWording.message(for: error))
        }
    }
}

/// The arguments of `/replay`, parsed like the command line's.
struct ReplayArguments: Equatable {
    var session = ""
    /// `--api`, `--model` and `--set` in the order given.
    var changes: [SettingChange] = []
    var cache: Bool?
    var wordDiff = false
    var save: String?
    /// `--branch NAME`: replay another branch of the session.
    var branch: String?

    static let usage = ShellCommandError.usage(
        "/replay SESSION [--api A] [--model M] [--set k=v]... [--cache|--no-cache] [--word-diff] [--save NAME] [--branch B]")

    init(parsing text: String) throws {
        var words = text.split(whereSeparator: \.isWhitespace).map(String.init)[...]
        func value(_ flag: String) throws -> String {
            guard let next = words.popFirst(), !next.hasPrefix("--") else {
                throw ShellCommandError.invalid("\(flag) needs a value.")
            }
            return next
        }
        while let word = words.popFirst() {
            switch word {
            case "--api": changes.append(SettingChange(name: "API_TYPE", value: try value(word)))
            case "--model": changes.append(SettingChange(name: "MODEL", value: try value(word)))
            case "--set":
                let text = try value(word)
                guard let change = SettingChange(assignment: text) else {
                    throw ShellCommandError.invalid("“\(text)” is not a setting: write --set key=value, for example --set temperature=0.2.")
                }
                changes.append(change)
            case "--cache": cache = true
            case "--no-cache": cache = false
            case "--word-diff": wordDiff = true
            case "--save": save = try value(word)
            case "--branch": branch = try value(word)
            default:
                if word.hasPrefix("--") { throw ShellCommandError.invalid("unknown option \(word) for /replay") }
                guard session.isEmpty else { throw Self.usage }
                session = word
            }
        }
        guard !session.isEmpty else { throw Self.usage }
    }
}
