import Foundation
import TroupeCore

extension EvalReport {
    /// The results as a text table `width` columns wide: one row per test (and sample), one
    /// column per provider × prompt, each cell `PASS`/`FAIL`/`ERROR` (and `cached`) with the
    /// answer (or the reason it failed) cut to the column.
    public func table(width: Int) -> String {
        struct Column: Hashable { var provider: Int; var prompt: Int }
        struct Row: Hashable { var test: Int; var sample: Int }
        var columns: [Column] = []
        var rows: [Row] = []
        // Positions in `results`, not copies: a suite of many cells keeps one set of results.
        var cells: [Row: [Column: Int]] = [:]
        for (index, result) in results.enumerated() {
            let column = Column(provider: result.providerIndex, prompt: result.promptIndex)
            let row = Row(test: result.testIndex, sample: result.repeatIndex)
            if !columns.contains(column) { columns.append(column) }
            if cells[row] == nil { rows.append(row) }
            cells[row, default: [:]][column] = index
        }
        guard !columns.isEmpty else { return "" }
        let available = max(width, 40)
        let testWidth = min(28, max(12, available / (columns.count + 2)))
        let cellWidth = max(10, (available - testWidth - 3 * columns.count) / columns.count)

        func fit(_ text: String, _ width: Int) -> String {
            let flat = Self.oneLine(text, limit: Int.max)
            if flat.count <= width { return flat + String(repeating: " ", count: width - flat.count) }
            return String(flat.prefix(width - 1)) + "…"
        }
        // The columns by number, named in full above the table (a header cell is often too narrow).
        var lines: [String] = []
        var header = fit("test", testWidth)
        for (number, column) in columns.enumerated() {
            let provider = providers[column.provider]
            let name = "\(provider.label ?? provider.id) › \(prompts[column.prompt].label)"
            lines.append(String(Self.oneLine("[\(number + 1)] \(name)", limit: available).prefix(available)))
            header += " │ " + fit("[\(number + 1)] \(name)", cellWidth)
        }
        lines.append(header)
        lines.append(String(repeating: "─", count: testWidth) + columns.map { _ in "─┼─" + String(repeating: "─", count: cellWidth) }.joined())
        for row in rows {
            // The row's own cells name the test (a search of all results per row is quadratic).
            var testName = tests[row.test].description ?? cells[row]?.values.first.map { results[$0].test } ?? ""
            if repeatCount > 1 { testName += " #\(row.sample + 1)" }
            var line = fit(testName, testWidth)
            for column in columns {
                guard let index = cells[row]?[column] else {
                    line += " │ " + fit("", cellWidth)
                    continue
                }
                let result = results[index]
                var text: String
                switch result.status {
                case .pass: text = "PASS "
                case .fail: text = "FAIL "
                case .error: text = "ERROR "
                }
                if result.cached { text += "(cached) " }
                text += result.output ?? result.reason ?? ""
                line += " │ " + fit(text, cellWidth)
            }
            lines.append(line)
        }
        // Why cells did not pass, below the table (the cells show the answers).
        let notPassed = results.filter { !$0.passed }
        for (shown, result) in notPassed.enumerated() {
            if shown == Self.listedFailures {
                lines.append("… and \(notPassed.count - shown) more (--output writes every reason)")
                break
            }
            let number = (columns.firstIndex(of: Column(provider: result.providerIndex, prompt: result.promptIndex)) ?? 0) + 1
            var name = result.test
            if repeatCount > 1 { name += " #\(result.repeatIndex + 1)" }
            let label = result.status == .error ? "ERROR" : "FAIL"
            lines.append(Self.oneLine("\(label) [\(number)] \(name): \(result.reason ?? "")", limit: available))
        }
        return lines.map { line in
            var trimmed = line
            while trimmed.last == " " { trimmed.removeLast() }
            return trimmed
        }.joined(separator: "\n") + "\n"
    }

    /// How many failures the table lists under it.
    static let listedFailures = 20

    /// `8 passed, 1 failed, 0 errors (9 cells, 3 cached) in 1.2 s`.
    public var summaryLine: String {
        let seconds = durationSeconds < 10 ? String(format: "%.2f", durationSeconds) : String(format: "%.1f", durationSeconds)
        return "\(stats.passed) passed, \(stats.failed) failed, \(stats.errors) errors (\(stats.cells) cells, \(stats.cached) cached) in \(seconds) s" + costText
    }

    /// `, $0.0123 spent` (with `+ N cells of unknown cost` when some have no prices), or empty
    /// for a report without costs.
    var costText: String {
        guard let spent = stats.cost else { return "" }
        var text = ", " + Cost(dollars: Decimal(spent)).formatted + " spent"
        if let unknown = stats.costUnknown, unknown > 0 { text += " + \(unknown) \(unknown == 1 ? "cell" : "cells") of unknown cost" }
        return text
    }
}
