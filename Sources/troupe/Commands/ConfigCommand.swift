import ArgumentParser
import TroupeCore

/// `troupe config`: the settings in effect and where each one came from.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show the settings in effect and where each came from.",
        discussion: """
            Settings are looked up in this order, later ones winning: the built-in defaults, \
            ${XDG_CONFIG_HOME:-~/.config}/troupe/config.ini, ./config.ini, --config FILE, the environment, flags. \
            Keys and tokens are shown as set or not set, never their values.
            """
    )

    @OptionGroup var model: ModelOptions

    @Flag(name: .long, help: "Print the built-in config.ini (a starting point for your own).")
    var defaults = false

    func run() async throws {
        if defaults {
            StandardOutput.write(TroupeConfig.defaultFileText)
            return
        }
        let config = try model.loadConfig()
        let listing = config.listing
        func shown(_ entry: ConfigEntry) -> String {
            entry.setting.kind == .url ? URLRedaction.redacted(entry.value) : entry.value
        }
        let width = listing.map { $0.setting.name.count + shown($0).count }.max() ?? 0
        var text = ""
        for entry in listing {
            let value = shown(entry)
            let padding = String(repeating: " ", count: max(0, width - entry.setting.name.count - value.count))
            text += "\(entry.setting.name) = \(value)\(padding)   # \(entry.source)\n"
        }
        text += "\n" + config.credentialSummary.joined(separator: "\n") + "\n\nFiles:\n"
        for file in ConfigLoader().files(configFile: model.config) {
            text += "  \(file.path)\(file.exists ? "" : " (not found)")\n"
        }
        StandardOutput.write(text)
    }
}
