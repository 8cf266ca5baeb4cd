import ArgumentParser
import Foundation
import TroupeCore
import TroupeTokenizer
import TroupeTokenLines

/// `troupe tokens`: counts tokens (or prints ids) of files, stdin, or JSON lines.
struct TokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens",
        abstract: "Count tokens exactly as OpenAI's tokenizer (tiktoken) does.",
        discussion: """
            Counts the tokens of each FILE (stdin when none). With --jsonl, reads JSON lines that \
            each hold an object with a "text" field and writes one count (or id array) per line. \
            With --api local, counts with LOCAL_MODEL's own tokenizer through the local server.
            """
    )

    @Option(help: "Encoding: cl100k_base or o200k_base (default: o200k_base).")
    var encoding: String?

    @Option(help: "Use the encoding of this model (e.g. gpt-4o, gpt-4, text-embedding-3-small).")
    var model: String?

    @Flag(help: "Print the token ids instead of the count.")
    var ids = false

    @Flag(help: "Read JSON lines with a \"text\" field; write one count (or JSON array of ids) per line.")
    var jsonl = false

    @Option(help: ArgumentHelp("local: count with the local model's own tokenizer (LOCAL_MODEL), through its server.", valueName: "type"))
    var api: String?

    @Option(name: .long, help: ArgumentHelp("A config.ini read after the user's and ./config.ini (for LOCAL_MODEL and the like).", valueName: "file"))
    var config: String?

    @Argument(help: "Files to read (stdin when none).")
    var files: [String] = []

    func validate() throws {
        if encoding != nil && model != nil {
            throw ValidationError("Give either --encoding or --model, not both.")
        }
        if let api, api.lowercased() != "local" {
            throw ValidationError("--api takes local (OpenAI models are counted with --model or --encoding).")
        }
        if api != nil, encoding != nil || model != nil {
            throw ValidationError("--api local counts with the local model's tokenizer; --encoding and --model do not apply.")
        }
    }

    func run() async throws {
        let inputs = try readInputs()
        if api != nil {
            try await countWithLocalModel(inputs)
            return
        }
        let (encoding, note) = try Encoding.resolve(encoding: encoding, model: model)
        if let note { StandardOutput.writeError("note: \(note)\n") }
        StandardOutput.write(try Self.report(
            inputs, ids: ids, jsonl: jsonl, encode: { encoding.encode(bytes: $0) }, count: { encoding.count(bytes: $0) }))
    }

    private func readInputs() throws -> [(name: String, bytes: [UInt8])] {
        try files.isEmpty
            ? [("-", Array(FileHandle.standardInput.readDataToEndOfFile()))]
            : files.map { path in
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw ValidationError("Cannot read '\(path)': no such file or not readable.")
                }
                return (path, Array(data))
            }
    }

    /// Counts (or lists the ids of) each input with the local model's tokenizer: the text as
    /// it is, no special tokens added.
    private func countWithLocalModel(_ inputs: [(name: String, bytes: [UInt8])]) async throws {
        let config = try ConfigLoader().load(configFile: config)
        let local = LocalClient(config: config)
        let server = try await local.server.api()
        var tokenized: [String: [Int]] = [:]
        var texts: [String] = []
        for input in inputs {
            if jsonl {
                for (number, line) in TokenLines.lines(of: input.bytes) {
                    if let text = try TokenLines.text(ofLine: line, number: number) { texts.append(text) }
                }
            } else {
                texts.append(String(decoding: input.bytes, as: UTF8.self))
            }
        }
        for text in Set(texts) { tokenized[text] = try await server.tokenize(text, addSpecial: false) }
        let encode = { (bytes: [UInt8]) in tokenized[String(decoding: bytes, as: UTF8.self)] ?? [] }
        StandardOutput.write(try Self.report(inputs, ids: ids, jsonl: jsonl, encode: encode, count: { encode($0).count }))
    }

    /// The output for `inputs` with `encode` (and `count`) as the tokenizer.
    static func report(
        _ inputs: [(name: String, bytes: [UInt8])], ids: Bool, jsonl: Bool,
        encode: ([UInt8]) -> [Int], count: ([UInt8]) -> Int
    ) throws -> String {
        var output = ""
        if jsonl {
            for input in inputs {
                for (number, line) in TokenLines.lines(of: input.bytes) {
                    guard let text = try TokenLines.text(ofLine: line, number: number) else { continue }
                    output += TokenLines.output(for: encode(Array(text.utf8)), ids: ids) + "\n"
                }
            }
        } else if ids {
            for input in inputs {
                output += encode(input.bytes).map(String.init).joined(separator: " ") + "\n"
            }
        } else if inputs.count == 1 {
            output = "\(count(inputs[0].bytes))\n"
        } else {
            var total = 0
            for input in inputs {
                let tokens = count(input.bytes)
                total += tokens
                output += "\(tokens) \(input.name)\n"
            }
            output += "\(total) total\n"
        }
        return output
    }
}
