import ArgumentParser
import Foundation
import TroupeCore

/// `troupe embed`: the embedding vector of a text as a JSON array.
struct EmbedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Print the embedding vector of a text as a JSON array.",
        discussion: "The model is --embedding-model, else EMBEDDING_MODEL from the configuration."
    )

    @OptionGroup var model: ModelOptions

    @Option(name: .customLong("embedding-model"), help: ArgumentHelp("The embedding model (the deployment on Azure).", valueName: "name"))
    var embeddingModel: String?

    @Argument(help: ArgumentHelp("The text; several words are joined with spaces.", valueName: "text"))
    var text: [String] = []

    func validate() throws {
        if text.isEmpty { throw ValidationError("Give a text, e.g. troupe embed \"a sentence\".") }
    }

    func run() async throws {
        let config = try model.loadConfig()
        ModelOptions.announceLocalDefault(config)
        let service = LLMService(config: config)
        let vector = try await service.embedding(of: text.joined(separator: " "), model: embeddingModel)
        let data = try JSONEncoder().encode(vector)
        StandardOutput.write(String(decoding: data, as: UTF8.self) + "\n")
    }
}
