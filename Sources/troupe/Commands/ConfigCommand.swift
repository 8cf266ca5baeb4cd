import ArgumentParser
import TroupeCore

/// `troupe config`: the settings in effect and where each one came from.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show the settings in effect and where each came from.",
        discussion: """
            Settings are looked up in this order, later ones winning: the built-in defaults, \
            ~/.config/troupe/config.ini, ./config.ini, --config FILE, the environment, flags. \
            Keys and tokens are shown as set or not set, never their values.
            """
    )

    @OptionGroup var model: ModelOptions

    @Flag(name: .long, help: "Print the built-in config.ini (a starting point for your own).")
    var defaults = false

    func run() async throws {
        if defaults {
            StandardOutput.write(DefaultConfigFile.text)
            return
        }
        let config = try model.loadConfig()
        let listing = config.listing
        let width = listing.map { $0.key.name.count + $0.value.count }.max() ?? 0
        var text = ""
        for entry in listing {
            let padding = String(repeating: " ", count: width - entry.key.name.count - entry.value.count)
            text += "\(entry.key.name) = \(entry.value)\(padding)   # \(entry.source)\n"
        }
        text += "\n" + config.credentialSummary.joined(separator: "\n") + "\n\nFiles:\n"
        for file in ConfigLoader().files(configFile: model.config) {
            text += "  \(file.path)\(file.exists ? "" : " (not found)")\n"
        }
        StandardOutput.write(text)
    }
}
