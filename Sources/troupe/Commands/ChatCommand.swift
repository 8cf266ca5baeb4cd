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

    func run() async throws {
        var config = try model.loadConfig()
        var options = ShellOptions(
            extraCommands: SlashCommand.sessionCommands, messages: system.map { [.system($0)] } ?? [])
        if let session {
            do {
                let notes = try options.resume(session, config: &config, flags: model.flags)
                for note in notes { StandardOutput.writeError("Note: \(note).\n") }
            } catch let error as SessionError {
                StandardOutput.writeError("troupe chat: \(error)\n")
                throw ExitCode(2)
            }
            if let system {
                if options.messages.first?.role == .system {
                    options.messages[0].content = system
                } else {
                    options.messages.insert(.system(system), at: 0)
                }
            }
        }
        ModelOptions.announceLocalDefault(config)
        let service = LLMService(config: config)
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
}
