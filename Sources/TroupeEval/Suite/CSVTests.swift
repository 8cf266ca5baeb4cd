import SwiftCSV
import TroupeCore

/// Tests from a CSV file, as promptfoo reads them: every column is a variable except
/// `__expected` / `__expected1`…`N` (one-string checks), `__description`, `__metadata:NAME`
/// and `__config:__expectedN:threshold`.
enum CSVTests {
    static func read(_ text: String, file: String) throws(EvalSuiteError) -> [EvalTest] {
        let table: CSV<Enumerated>
        do {
            table = try CSV<Enumerated>(string: text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text, delimiter: .comma)
        } catch {
            throw EvalSuiteError(file: file, line: 0, kind: .csv("\(error)"))
        }
        let header = table.header.map { $0.trimmingCharacters(in: .whitespaces) }
        for column in header where column.hasPrefix("__") && !isKnown(column) {
            throw EvalSuiteError(file: file, line: 1, kind: .unsupported("the CSV column \(column)"))
        }
        var tests: [EvalTest] = []
        // A row's line, for messages: rows start on line 2 (cells spanning lines shift this).
        for (rowIndex, row) in table.rows.enumerated() {
            var test = EvalTest()
            var assertions: [String: EvalAssertion] = [:]
            var thresholds: [String: Double] = [:]
            for (column, cell) in zip(header, row) {
                if column == "__description" {
                    test.description = cell
                } else if column == "__expected" || isExpected(column) {
                    guard !cell.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
                    assertions[column] = EvalAssertion(oneString: cell)
                } else if column.hasPrefix("__metadata:") {
                    test.metadata[String(column.dropFirst("__metadata:".count))] = .string(cell)
                } else if column.hasPrefix("__config:") {
                    let parts = column.split(separator: ":")
                    guard parts.count == 3, parts[2] == "threshold" else {
                        throw EvalSuiteError(file: file, line: 1, kind: .unsupported("the CSV column \(column)"))
                    }
                    guard cell.isEmpty || Double(cell) != nil else {
                        throw EvalSuiteError(file: file, line: rowIndex + 2, kind: .invalidField(field: column, expected: "a number"))
                    }
                    if let number = Double(cell) { thresholds[String(parts[1])] = number }
                } else {
                    test.vars[column] = .string(cell)
                }
            }
            for column in assertions.keys.sorted(by: expectedOrder) {
                guard var assertion = assertions[column] else { continue }
                if let threshold = thresholds[column] { assertion.threshold = threshold }
                test.assertions.append(assertion)
            }
            tests.append(test)
        }
        return tests
    }

    private static func isExpected(_ column: String) -> Bool {
        column.hasPrefix("__expected") && Int(column.dropFirst("__expected".count)) != nil
    }

    private static func isKnown(_ column: String) -> Bool {
        column == "__description" || column == "__expected" || isExpected(column)
            || column.hasPrefix("__metadata:") || column.hasPrefix("__config:")
    }

    /// `__expected` first, then `__expected1`, `__expected2`, … by number.
    private static func expectedOrder(_ a: String, _ b: String) -> Bool {
        let x = Int(a.dropFirst("__expected".count)) ?? 0
        let y = Int(b.dropFirst("__expected".count)) ?? 0
        return x < y
    }
}
