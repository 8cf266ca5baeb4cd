import Foundation
import TroupeCore
import TroupeEval

/// What `/compare KEY=v1,v2 ...` varies: settings (a KEY that names one) and template
/// variables (any other KEY), each with its values; and the combinations in display order,
/// the first KEY slowest.
struct ComparisonPlan: Equatable {
    struct Axis: Equatable {
        var key: String
        /// The setting the key names, or nil for a template variable.
        var setting: Setting?
        /// The values as written (settings) or as JSON values (variables).
        var values: [JSONValue]
    }

    /// One combination: a value per axis.
    struct Combination: Equatable {
        var settings: [(Setting, String)]
        var variables: [String: JSONValue]
        /// `model=a temperature=0`.
        var label: String

        static func == (lhs: Combination, rhs: Combination) -> Bool {
            lhs.label == rhs.label && lhs.variables == rhs.variables
        }
    }

    var axes: [Axis]

    /// Reads `KEY=v1,v2` words; values split on `,` unless given as a JSON array.
    /// - Throws: ``ShellCommandError`` for a word without `=` or without values.
    init(parsing text: String) throws {
        let synopsis = "/compare KEY=v1,v2 [KEY=...]"
        let words = try CommandWords.split(text)
        guard !words.isEmpty else { throw ShellCommandError.usage(synopsis) }
        axes = try words.map { word in
            guard let equals = word.firstIndex(of: "="), equals != word.startIndex else {
                throw ShellCommandError.invalid("'\(word)' is not KEY=v1,v2 (\(synopsis)).")
            }
            let key = String(word[..<equals])
            let written = String(word[word.index(after: equals)...])
            var values: [JSONValue]
            if written.hasPrefix("["), let data = written.data(using: .utf8),
               case .array(let items)? = try? JSONDecoder().decode(JSONValue.self, from: data) {
                values = items
            } else {
                values = written.split(separator: ",", omittingEmptySubsequences: false).map { .string(String($0)) }
            }
            values = values.filter { $0 != .string("") }
            guard !values.isEmpty else { throw ShellCommandError.invalid("\(key) needs at least one value (\(synopsis)).") }
            let setting = Setting.named(key)
            if setting == nil {
                // Variables given as text are JSON when they parse as JSON, as /var takes them.
                values = values.map { value in
                    guard case .string(let text) = value, let data = text.data(using: .utf8),
                          let parsed = try? JSONDecoder().decode(JSONValue.self, from: data), parsed.isScalarNumberOrBool else { return value }
                    return parsed
                }
            }
            return Axis(key: key, setting: setting, values: values)
        }
    }

    /// Every combination, the first axis slowest.
    var combinations: [Combination] {
        var result: [Combination] = [Combination(settings: [], variables: [:], label: "")]
        for axis in axes {
            result = result.flatMap { partial in
                axis.values.map { value in
                    var next = partial
                    let text = value.nunjucksText
                    if let setting = axis.setting {
                        next.settings.append((setting, text))
                    } else {
                        next.variables[axis.key] = value
                    }
                    next.label += (next.label.isEmpty ? "" : " ") + "\(axis.key)=\(text)"
                    return next
                }
            }
        }
        return result
    }

    /// Whether any key is a template variable (the current template is rendered then).
    var hasVariables: Bool { axes.contains { $0.setting == nil } }
}

extension JSONValue {
    var isScalarNumberOrBool: Bool {
        switch self {
        case .number, .bool: return true
        default: return false
        }
    }
}

/// One answer of a comparison.
struct ComparisonAnswer: Sendable {
    var label: String
    var messages: [ChatMessage]
    var content: String?
    var error: String?
    var usage: Usage?
    var seconds: Double?
    var cached: Bool
    var checks: [AssertionResult]
}

/// A finished `/compare`: what was sent and the answers, in display order.
struct Comparison: Sendable {
    /// The conversation the answers continue (the request without the answer).
    var request: [ChatMessage]
    var answers: [ComparisonAnswer]
}

/// Lays answers out side by side when they fit, else one after another.
enum ComparisonLayout {
    /// The lines for `answers` in `width` columns: columns of at least `minimumColumn`
    /// columns each when they fit, else stacked blocks. Each answer is headed by its number
    /// and label, and followed by tokens, time, `cached` and its checks.
    static func lines(_ answers: [ComparisonAnswer], width: Int, minimumColumn: Int = 28) -> [String] {
        let blocks = answers.enumerated().map { index, answer in block(index + 1, answer) }
        let gap = " │ "
        let count = answers.count
        let columnWidth = count > 0 ? (width - gap.count * (count - 1)) / count : width
        guard count > 1, columnWidth >= minimumColumn else {
            var lines: [String] = []
            for (index, block) in blocks.enumerated() {
                if index > 0 { lines.append("") }
                for line in block { lines += TextWrap.lines(line, width: max(20, width)) }
            }
            return lines
        }
        let wrapped = blocks.map { block in block.flatMap { TextWrap.lines($0, width: columnWidth) } }
        let height = wrapped.map(\.count).max() ?? 0
        var lines: [String] = []
        for row in 0..<height {
            var line = ""
            for (index, column) in wrapped.enumerated() {
                let text = row < column.count ? column[row] : ""
                if index > 0 { line += gap }
                line += text
                if index < wrapped.count - 1 {
                    line += String(repeating: " ", count: max(0, columnWidth - TerminalWidth.of(text)))
                }
            }
            while line.last == " " { line.removeLast() }
            lines.append(line)
        }
        return lines
    }

    static func block(_ number: Int, _ answer: ComparisonAnswer) -> [String] {
        var lines = ["[\(number)] \(answer.label)"]
        if let content = answer.content {
            lines += content.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        } else {
            lines.append("error: \(answer.error ?? "no answer")")
        }
        var figures: [String] = []
        if let usage = answer.usage { figures.append("\(usage.promptTokens)+\(usage.completionTokens) tokens") }
        if let seconds = answer.seconds { figures.append(String(format: "%.2f s", seconds)) }
        if answer.cached { figures.append("cached") }
        if !figures.isEmpty { lines.append("── " + figures.joined(separator: ", ")) }
        lines += answer.checks.map(CheckLine.text)
        return lines
    }
}

/// `✓ contains: Paris — the output contains "Paris"`.
enum CheckLine {
    static func text(_ result: AssertionResult) -> String {
        "\(result.pass ? "✓" : "✗") \(result.check) — \(result.reason)"
    }
}
