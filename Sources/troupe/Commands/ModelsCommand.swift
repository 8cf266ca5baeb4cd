import ArgumentParser
import Foundation
import TroupeCore

/// `troupe models`: the model catalog (built-in table and the user's models.yaml) and the
/// installed local GGUF models.
struct ModelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List the models troupe knows: context, output limit, prices, capabilities; and the local GGUF files.",
        discussion: """
            Prices are US dollars per million tokens (input, cached input, output). A figure marked \
            * was not confirmed by a stored source; one marked u comes from your models file. \
            Add or override entries in ${XDG_CONFIG_HOME:-~/.config}/troupe/models.yaml, e.g.
              my-deployment: {model: gpt-4o}       # an Azure deployment of gpt-4o
              qwen.gguf: {context: 8192, input: 0, output: 0}
            """
    )

    @Flag(name: .long, help: "Also list embedding models.")
    var all = false

    func run() async throws {
        let paths = TroupePaths()
        let catalog = try ModelOptions.loadCatalog(paths: paths) ?? .builtIn
        let entries = catalog.entries.values
            .filter { all || $0.capabilities.embedding != true }
            .sorted { $0.name < $1.name }
        var rows = [["MODEL", "CONTEXT", "MAX OUT", "INPUT", "CACHED", "OUTPUT", "CAPABILITIES"]]
        for facts in entries {
            func mark(_ field: ModelField, _ text: String?) -> String {
                guard let text else { return "-" }
                if facts.userFields.contains(field) { return text + "u" }
                return facts.unconfirmed.contains(field) ? text + "*" : text
            }
            var name = facts.name
            if let base = facts.baseModel { name += " → \(base)" }
            var capabilities: [String] = []
            if facts.capabilities.reasoning == true { capabilities.append("reasoning") }
            if facts.capabilities.vision == true { capabilities.append("vision") }
            if facts.capabilities.jsonSchema == true { capabilities.append("json_schema") }
            if facts.capabilities.embedding == true { capabilities.append("embedding") }
            rows.append([
                name,
                mark(.context, facts.contextWindow.map(String.init)),
                mark(.maxOutput, facts.maxOutputTokens.map(String.init)),
                mark(.input, facts.pricing.input.map { "\($0)" }),
                mark(.cachedInput, facts.pricing.cachedInput.map { "\($0)" }),
                mark(.output, facts.pricing.output.map { "\($0)" }),
                capabilities.joined(separator: " "),
            ])
        }
        StandardOutput.write(Self.table(rows))
        let days = Set(entries.compactMap(\.checked)).sorted()
        var notes = "Prices in US dollars per million tokens"
        if !days.isEmpty { notes += ", checked \(days.joined(separator: ", "))" }
        notes += "; * unconfirmed, u from \(paths.userModelsFile ?? "models.yaml"). Sources: Sources/TroupeCore/Resources/models.yaml.\n"
        StandardOutput.write(notes)

        let local = LocalPaths()
        let installed = LocalModelFile.list(in: local.modelsFolder)
        StandardOutput.write("\nLocal models in \(local.modelsFolder) (API_TYPE=local, $0):\n")
        if installed.isEmpty { StandardOutput.write("  (none; Scripts/install-local-model.sh installs one)\n") }
        let config = try? ConfigLoader().load(configFile: nil, flags: [:])
        let serverContext = config?[.localContext]?.numberValue.map { String(Int($0)) } ?? "the server's default"
        for model in installed {
            let context = catalog.contextWindow(for: model.name).map(String.init) ?? "\(serverContext) (LOCAL_CONTEXT; the server reports it)"
            StandardOutput.write("  \(model.name)  \(String(format: "%.0f MB", Double(model.size) / 1_000_000))  context \(context)\n")
        }
    }

    /// Left-aligned columns, two spaces apart.
    static func table(_ rows: [[String]]) -> String {
        var widths: [Int] = []
        for row in rows {
            for (index, cell) in row.enumerated() {
                if index >= widths.count { widths.append(0) }
                widths[index] = max(widths[index], cell.count)
            }
        }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n") + "\n"
    }
}
