import Foundation

extension JSONValue {
    /// The value as swift-mustache reads it: dictionaries, arrays, strings, `Int` for integral
    /// numbers (so `34` renders as `34`, not `34.0`), `Double` otherwise, `Bool`, and `NSNull`
    /// for null (which renders as empty text and counts as false in sections).
    var mustacheValue: Any {
        switch self {
        case .null: return NSNull()
        case .bool(let value): return value
        case .number(let value):
            if value.rounded() == value, abs(value) < 1e15 { return Int(value) }
            return value
        case .string(let value): return value
        case .array(let values): return values.map(\.mustacheValue)
        case .object(let object): return object.mapValues(\.mustacheValue)
        }
    }

    /// The value as `/vars` and `troupe render` show it: strings bare, everything else as JSON.
    public var displayText: String {
        if case .string(let text) = self { return text }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "\(self)" }
        return String(decoding: data, as: UTF8.self)
    }
}
