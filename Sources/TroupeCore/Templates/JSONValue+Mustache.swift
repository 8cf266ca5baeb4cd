import Foundation
import Mustache

extension JSONValue {
    /// The value as swift-mustache reads it: strings, `Int` for integral numbers (so `34`
    /// renders as `34`, not `34.0`), `Double` otherwise, `Bool`, `NSNull` for null (empty text,
    /// false in sections), and lists and objects that iterate and nest as Mustache expects and,
    /// inserted whole (`{{traits}}`), render as JSON.
    var mustacheValue: Any {
        switch self {
        case .null: return NSNull()
        case .bool(let value): return value
        case .number(let value):
            if value.rounded() == value, abs(value) < 1e15 { return Int(value) }
            return value
        case .string(let value): return value
        case .array(let values): return MustacheList(elements: values.map(\.mustacheValue), json: self)
        case .object(let object): return MustacheObject(members: object.mapValues(\.mustacheValue), json: self)
        }
    }

    /// The value as `/vars` and `troupe render` show it: strings bare, everything else as JSON.
    public var displayText: String {
        if case .string(let text) = self { return text }
        return jsonText(pretty: false)
    }

    /// JSON text with sorted keys; `pretty` indents it.
    func jsonText(pretty: Bool) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted] : [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "\(self)" }
        return String(decoding: data, as: UTF8.self)
    }

    /// How a list or object renders when a template inserts it whole: a list of plain values
    /// on one line (`["kind","curious"]`), objects and lists of objects indented.
    var insertedText: String {
        switch self {
        case .object: return jsonText(pretty: true)
        case .array(let values):
            let nested = values.contains {
                if case .object = $0 { return true }
                if case .array = $0 { return true }
                return false
            }
            return jsonText(pretty: nested)
        default: return displayText
        }
    }
}

/// A JSON list for swift-mustache: sections iterate it, transforms (`first`, `count`, ...)
/// apply as to an array, and `{{list}}` renders it as JSON.
struct MustacheList: MustacheSequence, MustacheCustomRenderable, MustacheTransformable {
    let elements: [Any]
    let json: JSONValue

    func makeIterator() -> IndexingIterator<[Any]> { elements.makeIterator() }
    var renderText: String { json.insertedText }
    var isNull: Bool { false }
    func transform(_ name: String) -> Any? { elements.transform(name) }
}

/// A JSON object for swift-mustache: names resolve to its members, sections push it, and
/// `{{object}}` renders it as indented JSON.
struct MustacheObject: MustacheParent, MustacheCustomRenderable, MustacheTransformable {
    let members: [String: Any]
    let json: JSONValue

    func child(named name: String) -> Any? { members[name] }
    var renderText: String { json.insertedText }
    var isNull: Bool { false }
    func transform(_ name: String) -> Any? { members.transform(name) }
}
