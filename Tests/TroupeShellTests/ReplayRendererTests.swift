import Foundation
import Testing
@testable import TroupeCore
@testable import TroupeShell

@Suite("Replay rendering")
struct ReplayRendererTests {
    private func reply(_ text: String, tokens: Int = 10, seconds: Double = 0.5, cache: Bool = false) -> ReplayReport.Reply {
        .init(text: text, model: "m", finishReason: "stop",
              usage: Usage(promptTokens: 5, completionTokens: tokens),
              latency: TurnLatency(firstTokenSeconds: seconds / 2, totalSeconds: seconds), fromCache: cache)
    }

    @Test("side by side fits the width and puts old left, new right")
    func sideBySide() {
        let turn = ReplayReport.Turn(
            index: 2, user: "Describe the sea",
            template: "describe.mustache",
            old: reply("The sea is calm and blue today, with long slow waves rolling in."),
            new: reply("The sea is rough and grey today, with short steep waves crashing in.", seconds: 2.5))
        for width in [40, 60, 100] {
            let text = ReplayRenderer(width: width, colors: false).render(turn)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            for line in lines {
                #expect(TerminalWidth.of(String(line)) <= width, "line wider than \(width): \(line)")
            }
            #expect(text.contains("── Turn 2 · changed · template describe"))
            #expect(text.contains("5+10 tok"))
            #expect(text.contains("2.50 s"))
            let rows = lines.filter { $0.contains(" │ ") }
            #expect(rows.count >= 2)
            let left = rows.map { String($0.split(separator: "│", maxSplits: 1)[0]) }.joined(separator: " ")
            let right = rows.map { String($0.split(separator: "│", maxSplits: 1).dropFirst().first ?? "") }.joined(separator: " ")
            #expect(left.contains("calm") && !left.contains("rough"))
            #expect(right.contains("rough") && !right.contains("calm"))
        }
    }

    @Test("word diff marks removed and inserted words; colours are ANSI only when asked")
    func wordDiff() {
        let turn = ReplayReport.Turn(index: 1, user: "q", template: nil, old: reply("a b c"), new: reply("a x c"))
        let plain = ReplayRenderer(width: 80, colors: false, style: .wordDiff).render(turn)
        #expect(plain.contains("a [-b-] {+x+} c"))
        #expect(!plain.contains("\u{1B}["))
        let colored = ReplayRenderer(width: 80, colors: true, style: .wordDiff).render(turn)
        #expect(colored.contains("\u{1B}[31;9mb\u{1B}[0m"))
        #expect(colored.contains("\u{1B}[32mx\u{1B}[0m"))
    }

    @Test("an unchanged turn is one short block without a diff")
    func unchanged() {
        let turn = ReplayReport.Turn(index: 3, user: "hi", template: nil, old: reply("same"), new: reply("same", seconds: 0.001, cache: true))
        let text = ReplayRenderer(width: 80, colors: false).render(turn)
        #expect(text.contains("Turn 3 · unchanged"))
        #expect(text.contains("old: 5+10 tok, 500 ms (first 250 ms)"))
        #expect(text.contains("new: 5+10 tok, 1 ms"))
        #expect(text.hasSuffix(", cache\n"))
        #expect(!text.contains("│"))
    }

    @Test("wide characters and long words are wrapped by display width")
    func wideText() {
        let old = String(repeating: "漢字", count: 30)
        let new = String(repeating: "x", count: 120) + " 🎭🎭🎭"
        let turn = ReplayReport.Turn(index: 1, user: "q", template: nil, old: reply(old), new: reply(new))
        let text = ReplayRenderer(width: 50, colors: true).render(turn)
        for line in text.split(separator: "\n") {
            #expect(TerminalWidth.of(stripping: String(line)) <= 50, "too wide: \(line)")
        }
        #expect(TerminalWidth.of("漢") == 2)
        #expect(TerminalWidth.of("🎭") == 2)
        #expect(TerminalWidth.of("é") == 1)
    }

    @Test("the summary counts changes, requests and totals")
    func summary() {
        let turns = [
            ReplayReport.Turn(index: 1, user: "a", template: nil, old: reply("x"), new: reply("x", cache: true)),
            ReplayReport.Turn(index: 2, user: "b", template: nil, old: reply("x"), new: reply("y")),
        ]
        let report = ReplayReport(
            session: "s", replayedAt: Date(), original: .init(apiType: "openai", model: "a"),
            replay: .init(apiType: "openai", model: "b"), overrides: ["model=b"], cacheEnabled: true, turns: turns)
        let text = ReplayRenderer(width: 80, colors: false).render(report)
        #expect(text.hasPrefix("Replaying s: openai/a → openai/b\n  overrides: model=b\n  cache: on\n"))
        #expect(text.contains("2 turns: 1 changed, 1 unchanged; 1 requests, 1 from cache; tokens 30 → 30"))
    }

    /// A reply that differs only by a removed blank line is a change, and both views show it:
    /// kept blank lines stay blank lines, the removed one is a marked ¶.
    @Test("blank lines are kept, and a removed one shows")
    func blankLines() {
        let old = "First paragraph.\n\nSecond paragraph."
        let new = "First paragraph.\nSecond paragraph."
        let turn = ReplayReport.Turn(index: 1, user: "u", template: nil, old: reply(old), new: reply(new))
        #expect(turn.changed)
        let diff = try? #require(turn.diff)
        #expect(diff?.isEqual == false)
        #expect(diff?.inlineText == "First paragraph.\n\n[-¶-]Second paragraph." || diff?.inlineText.contains("[-¶-]") == true)
        let words = ReplayRenderer(width: 80, colors: false, style: .wordDiff).render(turn)
        #expect(words.contains("[-¶-]"), "\(words)")
        let sides = ReplayRenderer(width: 80, colors: false).render(turn)
        #expect(sides.contains("¶"), "\(sides)")

        // Unchanged blank lines come out as blank lines.
        let same = "One.\n\nTwo."
        let kept = ReplayReport.Turn(index: 1, user: "u", template: nil, old: reply(same), new: reply(same + " More."))
        let rendered = ReplayRenderer(width: 80, colors: false, style: .wordDiff).render(kept)
        #expect(rendered.contains("One.\n\nTwo."), "\(rendered)")
    }
}
