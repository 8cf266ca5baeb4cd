import ArgumentParser
import Foundation
import TroupeCore
import TroupeTokenizer
import TroupeTokenLines

/// `troupe tokens`: counts tokens (or prints ids) of files, stdin, or JSON lines.
struct TokensCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens",
        abstract: "Count tokens exactly as OpenAI's tokenizer (tiktoken) does.",
        discussion: """
            Counts the tokens of each FILE (stdin when none). With --jsonl, reads JSON lines that \
            each hold an object with a "text" field and writes one count (or id array) per line.
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

    @Argument(help: "Files to read (stdin when none).")
    var files: [String] = []

    func validate() throws {
        if encoding != nil && model != nil {
            throw ValidationError("Give either --encoding or --model, not both.")
        }
    }

    func run() throws {
        let (encoding, note) = try Encoding.resolve(encoding: encoding, model: model)
        if let note { StandardOutput.writeError("note: \(note)\n") }
        let inputs: [(name: String, bytes: [UInt8])] = try files.isEmpty
            ? [("-", Array(FileHandle.standardInput.readDataToEndOfFile()))]
            : files.map { path in
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw ValidationError("Cannot read '\(path)': no such file or not readable.")
                }
                return (path, Array(data))
            }
        var output = ""
        if jsonl {
            let lines = TokenLines(encoding: encoding, ids: ids)
            for input in inputs {
                for line in try lines.process(data: input.bytes) { output += line + "\n" }
            }
        } else if ids {
            for input in inputs {
                output += encoding.encode(bytes: input.bytes).map(String.init).joined(separator: " ") + "\n"
            }
        } else if inputs.count == 1 {
            output = "\(encoding.count(bytes: inputs[0].bytes))\n"
        } else {
            var total = 0
            for input in inputs {
                let count = encoding.count(bytes: input.bytes)
                total += count
                output += "\(count) \(input.name)\n"
            }
            output += "\(total) total\n"
        }
        StandardOutput.write(output)
    }
}
