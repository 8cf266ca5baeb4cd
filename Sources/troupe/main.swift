import ArgumentParser

// Temporary root command (tokenizer branch) so `troupe tokens` can be tried; the lead owns the real one.
struct Troupe: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "troupe", subcommands: [TokensCommand.self])
}

Troupe.main()
