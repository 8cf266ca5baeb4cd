import Testing
@testable import TroupeShell

@Suite("/help layout")
struct HelpLayoutTests {
    static let style = TextStyle(enabled: true)

    @Test func wrappingKeepsEveryWordWhole() {
        let text = "Set or replace the system message (alone: show it); wide 世界 words too"
        for width in 12...60 {
            let lines = TextWrap.lines(text, width: width, first: "  ", rest: "    ")
            #expect(lines.allSatisfy { TerminalWidth.of($0) <= width }, "width \(width): \(lines)")
            #expect(lines.joined(separator: " ").split(separator: " ") == text.split(separator: " "), "width \(width)")
        }
        // A word longer than a line is cut, and nothing is lost.
        let long = TextWrap.lines("see https://example.com/a/very/long/path/indeed ok", width: 12)
        #expect(long.allSatisfy { $0.count <= 12 })
        #expect(long.joined().replacingOccurrences(of: " ", with: "") == "seehttps://example.com/a/very/long/path/indeedok")
        #expect(TextWrap.lines("", width: 10, first: "  ") == ["  "])
    }

    @Test func everyLineOfTheHelpFitsAtEveryWidth() {
        let commands = CommandRegistry.standard().all
        for width in 20...140 {
            var lines = HelpLayout.listing(commands, width: width, style: Self.style)
            for command in commands {
                lines += HelpLayout.details(of: command, width: width, style: Self.style)
            }
            let tooWide = lines.filter { TerminalWidth.of(stripping: $0) > width }
            #expect(tooWide.isEmpty, "width \(width): \(tooWide)")
        }
    }

    @Test func summariesStandBesideTheSynopsesWhenThereIsRoom() {
        let commands = CommandRegistry.standard().all
        let wide = HelpLayout.listing(commands, width: 100, style: TextStyle(enabled: false))
        #expect(wide.contains { $0.hasPrefix("  /history ") && $0.hasSuffix("Show the conversation so far") })
        let narrow = HelpLayout.listing(commands, width: 40, style: TextStyle(enabled: false))
        let index = narrow.firstIndex(of: "  /history")
        #expect(index.map { narrow[$0 + 1] } == "    Show the conversation so far")
        // Every command is listed, and every word of every summary survives.
        for command in commands {
            #expect(narrow.contains { $0.hasPrefix("  /" + command.name) }, "\(command.name)")
        }
        let words = narrow.joined(separator: " ").split(separator: " ")
        for command in commands {
            for word in command.summary.split(separator: " ") {
                #expect(words.contains(word), "\(word)")
            }
        }
    }
}
