import Foundation
import TroupeCore

/// Renders a replay for a terminal: per turn, the old and new replies side by side or as an
/// inline word diff, with tokens and latency of both, then a summary.
public struct ReplayRenderer: Sendable {
    /// How a changed reply is shown.
    public enum Style: String, Sendable, CaseIterable {
        /// Two columns, old on the left and new on the right; changed words highlighted.
        case sideBySide = "side-by-side"
        /// One text with `[-removed-]` and `{+inserted+}` words.
        case wordDiff = "word-diff"
    }

    /// Terminal columns to fit in (at least 40 are used).
    public var width: Int
    /// Use ANSI colours (red for removed, green for inserted, dim for details).
    public var colors: Bool
    public var style: Style

    public init(width: Int, colors: Bool, style: Style = .sideBySide) {
        self.width = max(40, width)
        self.colors = colors
        self.style = style
    }

    /// The lines before the first turn: what is replayed against what.
    public func header(session: String, original: ReplayReport.Side, replay: ReplayReport.Side, overrides: [String], cacheEnabled: Bool?) -> String {
        var text = "Replaying \(session): \(original.apiType)/\(original.model) → \(replay.apiType)/\(replay.model)"
        if !overrides.isEmpty { text += "\n  overrides: " + overrides.joined(separator: ", ") }
        if let cacheEnabled { text += "\n  cache: " + (cacheEnabled ? "on" : "off") }
        return text + "\n"
    }

    /// One turn.
    public func render(_ turn: ReplayReport.Turn) -> String {
        var lines: [String] = []
        let head = "── Turn \(turn.index) · "
        let word = turn.changed ? "changed" : "unchanged"
        let tail = turn.template.map { " · template \($0)" } ?? ""
        let title = head + paint(word, turn.changed ? .yellow : .green)
            + TerminalWidth.truncate(tail, to: width - TerminalWidth.of(head + word))
        lines.append(title)
        lines += wrap(tokens("> " + turn.user, highlight: false), width: width).map { paint($0, .dim) }
        let old = "   old: " + details(turn.old), new = "   new: " + details(turn.new)
        if TerminalWidth.of(old + new) <= width {
            lines.append(paint(old + new, .dim))
        } else {
            lines += [old, new].map { paint(TerminalWidth.truncate($0, to: width), .dim) }
        }
        if turn.changed, let diff = turn.diff {
            switch style {
            case .sideBySide: lines += sideBySide(diff)
            case .wordDiff: lines += wordDiff(diff)
            }
        }
        if let note = turn.note { lines.append(paint("   note: " + note, .dim)) }
        for check in turn.checks ?? [] {
            let line = "   \(check.passed ? "✓" : "✗") \(check.assertion) — \(check.reason)"
            lines.append(check.passed ? paint(line, .dim) : paint(line, .yellow))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The totals after the last turn.
    public func summary(_ summary: ReplayReport.Summary) -> String {
        let changed = summary.changed == 0 ? paint("0 changed", .green) : paint("\(summary.changed) changed", .yellow)
        return "\(summary.turns) turns: \(changed), \(summary.unchanged) unchanged; "
            + "\(summary.requests) requests, \(summary.cacheHits) from cache; "
            + "tokens \(summary.oldTotalTokens) → \(summary.newTotalTokens); "
            + "time \(seconds(summary.oldTotalSeconds)) → \(seconds(summary.newTotalSeconds))"
            + (summary.failedChecks > 0 ? "; " + paint("\(summary.failedChecks) failed a check", .yellow) : "") + "\n"
    }

    /// The whole report.
    public func render(_ report: ReplayReport) -> String {
        header(session: report.session, original: report.original, replay: report.replay,
               overrides: report.overrides, cacheEnabled: report.cacheEnabled)
            + report.turns.map(render).joined()
            + summary(report.summary)
    }

    // MARK: - Pieces

    private func details(_ reply: ReplayReport.Reply) -> String {
        var parts: [String] = []
        if let usage = reply.usage { parts.append("\(usage.promptTokens)+\(usage.completionTokens) tok") }
        var time = seconds(reply.latency.totalSeconds)
        if let first = reply.latency.firstTokenSeconds { time += " (first \(seconds(first)))" }
        parts.append(time)
        if reply.fromCache { parts.append("cache") }
        return parts.joined(separator: ", ")
    }

    private func seconds(_ value: Double) -> String {
        value < 1 ? String(format: "%.0f ms", value * 1000) : String(format: "%.2f s", value)
    }

    private func sideBySide(_ diff: WordDiff) -> [String] {
        let gutter = " │ "
        let column = (width - gutter.count) / 2
        var left: [Token] = [], right: [Token] = []
        for segment in diff.segments {
            switch segment.operation {
            case .equal:
                left += tokens(segment.text, highlight: false)
                right += tokens(segment.text, highlight: false)
            case .removed: left += tokens(segment.text, highlight: true)
            case .inserted: right += tokens(segment.text, highlight: true)
            }
        }
        let leftLines = [pad(paint("old", .bold), 3, column)] + wrap(left, width: column, color: .red)
        let rightLines = [paint("new", .bold)] + wrap(right, width: column, color: .green)
        return (0..<max(leftLines.count, rightLines.count)).map { row in
            let l = row < leftLines.count ? leftLines[row] : ""
            let r = row < rightLines.count ? rightLines[row] : ""
            let padded = row == 0 ? l : pad(l, TerminalWidth.of(stripping: l), column)
            return (padded + paint(gutter, .dim) + r).trimmingTrailingSpaces()
        }
    }

    private func wordDiff(_ diff: WordDiff) -> [String] {
        var all: [Token] = []
        for segment in diff.segments {
            switch segment.operation {
            case .equal: all += tokens(segment.text, highlight: false)
            case .removed:
                all += tokens(segment.text, highlight: true, open: colors ? "" : "[-", close: colors ? "" : "-]", color: .red)
            case .inserted:
                all += tokens(segment.text, highlight: true, open: colors ? "" : "{+", close: colors ? "" : "+}", color: .green)
            }
        }
        return wrap(all, width: width)
    }

    // MARK: - Wrapping

    /// A word with whether it starts a new line (it followed a line break) and how it looks;
    /// a blank line is a token of its own (``blank``).
    struct Token {
        var word: String
        var newline: Bool
        var highlight: Bool
        var color: Color?
        /// A blank line between paragraphs (shown as `¶` when it is what changed).
        var blank = false
    }

    private func tokens(_ text: String, highlight: Bool, open: String = "", close: String = "", color: Color? = nil) -> [Token] {
        let words = WordDiff.words(of: text)
        return words.enumerated().map { offset, word in
            let first = offset == 0 ? open : ""
            let last = offset == words.count - 1 ? close : ""
            if word.word == WordDiff.paragraphBreak {
                return Token(word: first + "¶" + last, newline: true, highlight: highlight, color: color, blank: true)
            }
            return Token(word: first + word.word + last, newline: word.leading.contains("\n"), highlight: highlight, color: color)
        }
    }

    /// Fills lines up to `width` display columns; a word longer than a line is broken.
    private func wrap(_ tokens: [Token], width: Int, color: Color? = nil) -> [String] {
        var lines: [String] = []
        var line = "", used = 0
        func flush() { lines.append(line); line = ""; used = 0 }
        for token in tokens {
            if token.newline && used > 0 { flush() }
            // An unchanged blank line is kept as one; a changed one shows as a marked ¶.
            if token.blank && !token.highlight {
                flush()
                continue
            }
            var word = token.word
            let style = token.highlight ? (token.color ?? color) : nil
            while !word.isEmpty {
                let wordWidth = TerminalWidth.of(word)
                let space = used > 0 ? 1 : 0
                if used + space + wordWidth <= width {
                    line += String(repeating: " ", count: space) + paint(word, style)
                    used += space + wordWidth
                    word = ""
                } else if used > 0 {
                    flush()
                } else {
                    let (head, rest) = TerminalWidth.split(word, fitting: width)
                    line = paint(head, style)
                    used = TerminalWidth.of(head)
                    word = rest
                    flush()
                }
            }
        }
        if used > 0 || lines.isEmpty { flush() }
        return lines
    }

    private func pad(_ text: String, _ visible: Int, _ column: Int) -> String {
        text + String(repeating: " ", count: max(0, column - visible))
    }

    // MARK: - Colour

    enum Color: String {
        case red = "31", green = "32", yellow = "33", dim = "2", bold = "1"
    }

    private func paint(_ text: String, _ color: Color?) -> String {
        guard colors, let color, !text.isEmpty else { return text }
        if color == .red { return "\u{1B}[31;9m\(text)\u{1B}[0m" }  // red, struck through
        return "\u{1B}[\(color.rawValue)m\(text)\u{1B}[0m"
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
