import ArgumentParser
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

    func run() async throws {
        let config = try model.loadConfig()
        let service = LLMService(config: config)
        let options = ShellOptions(messages: system.map { [.system($0)] } ?? [])
        let status = await ShellRunner.run(service: service, options: options)
        if status != 0 {
            throw ExitCode(status)
        }
    }
}
