import Foundation
import TroupeCore

extension ShellEngine {
    /// `/model` on the local API type: alone, the GGUF files of the models folder (the one in
    /// use marked); with a name, that file becomes LOCAL_MODEL (the server restarts before the
    /// next turn). MODEL keeps its value for OpenAI and Azure.
    /// - Returns: false when the API type is not local.
    func localModelCommand(_ arguments: String) async throws -> Bool {
        let config = await service.config
        guard service.registry.apiType(for: config) == "local" else { return false }
        let local = LocalServerConfiguration(config: config, paths: service.paths, workingDirectory: FileManager.default.currentDirectoryPath)
        let folder = local.paths.modelsFolder
        let installed = LocalModelFile.list(in: folder)
        guard !arguments.isEmpty else {
            output.line("Local models in \(folder):")
            for model in installed {
                let marker = model.name == local.modelFile.name ? output.style.bold("* ") : "  "
                output.line("\(marker)\(model.name)  " + output.style.dim(Self.megabytes(model.size)))
            }
            if installed.isEmpty { output.line("  (none)") }
            if !installed.contains(where: { $0.name == local.modelFile.name }) {
                output.line("* \(local.modelFile.path)")
            }
            output.info("/model NAME uses another (a file name here, or a path to a GGUF file).")
            return true
        }
        var candidate = config
        try candidate.set(.localModel, to: arguments, source: .session)
        let file = LocalServerConfiguration(config: candidate, paths: service.paths, workingDirectory: FileManager.default.currentDirectoryPath).modelFile
        guard FileManager.default.fileExists(atPath: file.path) else {
            let names = installed.map(\.name)
            let hint = names.nearest(to: arguments).map { "; did you mean \($0.name)?" } ?? ""
            throw ShellCommandError.invalid("no model file \(file.path)\(hint) (/model lists them)")
        }
        try await service.set(.localModel, to: arguments)
        output.info("local model = \(file.name) (the local server restarts with it before the next turn)")
        return true
    }

    static func megabytes(_ bytes: Int64) -> String {
        String(format: "%.0f MB", Double(bytes) / 1_000_000)
    }
}
