import ArgumentParser
import Foundation
import TroupeCore

/// `troupe log`: the conversation log — recent conversations, one conversation, full-text search.
struct LogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "List, show and search the conversation log (every turn of chat, send, replay and eval).",
        discussion: """
            troupe log                 recent conversations: ID, time, model, turns, cost, first message
            troupe log ID              one conversation, every turn (ID: any unique prefix of its 8 digits)
            troupe log show ID         the same
            troupe log --search TEXT   turns whose message or reply has every word of TEXT (word* for a prefix)
            The log is ${XDG_DATA_HOME:-~/.local/share}/troupe/logs.db; `troupe chat --continue` or \
            `--resume ID` goes on with a conversation. LOG=off (or --no-log) stops writing it.
            """
    )

    @Argument(help: ArgumentHelp("`show ID`, or an ID (any unique prefix).", valueName: "id"))
    var words: [String] = []

    @Option(name: .long, help: ArgumentHelp("Full-text search of messages and replies.", valueName: "text"))
    var search: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("How many conversations or hits to list.", valueName: "n"))
    var limit = 20

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    func validate() throws {
        if words.first == "show", words.count != 2 { throw ValidationError("Give the conversation: troupe log show ID.") }
        if words.first != "show", words.count > 1 { throw ValidationError("Give one conversation ID (troupe log ID).") }
        if search != nil, !words.isEmpty { throw ValidationError("--search lists matching turns; give it without an ID.") }
        if limit < 1 { throw ValidationError("--limit must be at least 1.") }
    }

    func run() async throws {
        guard let path = TroupePaths().logDatabase else {
            throw ValidationError("HOME is not set, so there is no conversation log.")
        }
        guard FileManager.default.fileExists(atPath: path) else {
            if json {
                StandardOutput.write("[]\n")
            } else {
                StandardOutput.write("No conversations logged yet (\(path)).\n")
            }
            return
        }
        let log = try ConversationLog(path: path)
        let view = LogView(colors: OutputTerminal.standardOutput.colors)
        if let search {
            let hits = try log.search(text: search, limit: limit, highlight: view.highlight)
            StandardOutput.write(json ? LogView.json(hits) : view.text(hits, query: search))
        } else if let id = words.last {
            let detail = try log.conversation(idPrefix: id)
            StandardOutput.write(json ? LogView.json(detail) : view.text(detail))
        } else {
            let list = try log.conversations(limit: limit)
            StandardOutput.write(json ? LogView.json(list) : view.text(list, path: path, totals: try log.totals()))
        }
    }
}
