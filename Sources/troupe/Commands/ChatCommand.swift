import ArgumentParser
import Foundation
import TroupeCore
import TroupeShell

/// `troupe chat` (and `troupe` alone): the interactive chat shell.
struct ChatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Chat with a model in an interactive shell (the default command).",
        discussion: """
            Type a message to send it with the whole conversation; /help lists the commands. \
            When standard input is not a terminal, lines are read as they come, without prompts \
            or colours, e.g. printf '/model gpt-4o\\nhello\\n' | troupe
            """
    )

    @OptionGroup var model: ModelOptions

    @Option(name: .long, help: ArgumentHelp("A system message to start the conversation with.", valueName: "text"))
    var system: String?

    @Option(name: .long, help: ArgumentHelp("Start from a saved session (name or path); /save and /autosave write back to it.", valueName: "name"))
    var session: String?

    @Flag(name: .customLong("continue"), help: "Go on with the most recent conversation in the log.")
    var continueLast = false

    @Option(name: .long, help: ArgumentHelp("Go on with this conversation from the log (any unique prefix of its ID; troupe log lists them).", valueName: "id"))
    var resume: String?

    func validate() throws {
        if continueLast && resume != nil { throw ValidationError("Give --continue or --resume ID, not both.") }
        if (continueLast || resume != nil) && session != nil {
            throw ValidationError("--session starts from a saved session; --continue and --resume from the log. Give one.")
        }
    }

    func run() async throws {
        var config = try model.loadConfig()
        var options = ShellOptions(
            extraCommands: SlashCommand.sessionCommands, messages: system.map { [.system($0)] } ?? [])
        options.recorder = ConversationRecorder.configured(config: config, paths: TroupePaths(), kind: .shell)
        if continueLast || resume != nil {
            try resumeFromLog(&options)
            if let system { options.messages.replaceSystemMessage(with: system) }
        }
        if let session {
            do {
                let notes = try options.resume(session, config: &config, flags: model.flags)
                for note in notes { StandardOutput.writeError("Note: \(note).\n") }
            } catch let error as SessionError {
                StandardOutput.writeError("troupe chat: \(error)\n")
                throw ExitCode(2)
            }
            if let system { options.messages.replaceSystemMessage(with: system) }
        }
        ModelOptions.announceLocalDefault(config)
        let service = LLMService(config: config, catalog: try ModelOptions.loadCatalog())
        if service.registry.apiType(for: config) == "local" {
            // The server loads while the shell waits at its prompt; the first turn waits for it.
            await LocalServers.prepare(LocalServerConfiguration(
                config: config, paths: TroupePaths(), workingDirectory: FileManager.default.currentDirectoryPath))
        }
        let status = await ShellRunner.run(service: service, options: options)
        if status != 0 {
            throw ExitCode(status)
        }
    }

    /// Puts the logged conversation (`--resume ID`, or the latest with `--continue`) in
    /// `options`; its later turns are written to the same conversation.
    private func resumeFromLog(_ options: inout ShellOptions) throws {
        guard let recorder = options.recorder else {
            throw ValidationError("--continue and --resume read the conversation log, which LOG=off (or --no-log) turns off.")
        }
        let log = try recorder.log()
        let id: String
        if let resume {
            id = resume
        } else {
            guard let last = try log.conversations(limit: 1).first else {
                throw ValidationError("The conversation log is empty: there is nothing to continue yet.")
            }
            id = last.id.rawValue
        }
        let detail = try log.conversation(idPrefix: id)
        let messages = detail.messages()
        guard !messages.isEmpty else {
            throw ValidationError("Conversation \(detail.summary.id) has no finished turn to go on from.")
        }
        options.messages = messages
        recorder.resume(detail.summary.id)
        let exchanges = messages.filter { $0.role == .user }.count
        StandardOutput.writeError("Continuing conversation \(detail.summary.id) (\(exchanges) exchange(s), \(detail.summary.model ?? "no model"); /history shows it).\n")
    }
}

extension [ChatMessage] {
    /// Sets the first message to a system message with `text`, inserting one if needed.
    mutating func replaceSystemMessage(with text: String) {
        if first?.role == .system {
            self[0].content = text
        } else {
            insert(.system(text), at: 0)
        }
    }
}
