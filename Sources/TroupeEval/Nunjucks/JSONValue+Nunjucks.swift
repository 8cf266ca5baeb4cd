import Foundation
import TroupeCore

extension JSONValue {
    /// The value as a template prints it: text as is, `none` as empty, numbers without a needless
    /// fraction (`3`, `0.5`), booleans as `true`/`false`, lists joined by `,` (as JavaScript
    /// does), objects as compact JSON.
    public var nunjucksText: String {
        switch self {
        case .null: return ""
        case .bool(let value): return value ? "true" : "false"
        case .number(let value): return Self.numberText(value)
        case .string(let value): return value
        case .array(let items): return items.map(\.nunjucksText).joined(separator: ",")
        case .object: return compactJSON
        }
    }

    /// JavaScript's spelling of a number: integral values without `.0`.
    static func numberText(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "Infinity" : "-Infinity" }
        if value.rounded() == value, abs(value) < 1e21 {
            return String(format: "%.0f", value)
        }
        let text = "\(value)"
        // JavaScript writes 0.000001 in full and only smaller numbers as 1e-7; Swift writes 1e-06.
        if text.contains("e-") {
            if abs(value) >= 1e-6, let exact = Decimal(string: text) { return "\(exact)" }
            return text.replacingOccurrences(of: "e-0", with: "e-")
        }
        return text
    }

    /// The value as JSON text without spaces, keys sorted (`JSON.stringify` for `dump`).
    var compactJSON: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// The value as indented JSON (`dump(2)`).
    func indentedJSON(_ spaces: Int) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        guard let data = try? encoder.encode(self) else { return "" }
        let text = String(decoding: data, as: UTF8.self)
        // JSONEncoder indents by two spaces; re-indent for another width.
        guard spaces != 2 else { return text.replacingOccurrences(of: " : ", with: ": ") }
        let lines: [String] = text.components(separatedBy: "\n").map { (line: String) -> String in
            let leading = line.prefix(while: { $0 == " " }).count
            return String(repeating: " ", count: leading / 2 * spaces) + String(line.dropFirst(leading))
        }
        return lines.joined(separator: "\n").replacingOccurrences(of: " : ", with: ": ")
    }

    /// JavaScript truthiness: `false`, `0`, `NaN`, empty text and `none` are false; lists and
    /// objects are true even when empty.
    var isTruthy: Bool {
        switch self {
        case .null: return false
        case .bool(let value): return value
        case .number(let value): return value != 0 && !value.isNaN
        case .string(let value): return !value.isEmpty
        case .array, .object: return true
        }
    }

    /// The value as a number the way JavaScript converts it for arithmetic, when it is one.
    var numericValue: Double? {
        switch self {
        case .number(let value): return value
        case .bool(let value): return value ? 1 : 0
        case .string(let text):
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            return trimmed.isEmpty ? 0 : Double(trimmed)
        case .null: return 0
        case .array, .object: return nil
        }
    }
}
