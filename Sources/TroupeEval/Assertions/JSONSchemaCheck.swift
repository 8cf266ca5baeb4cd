import Foundation
import TroupeCore

/// Why a value does not fit a JSON schema (or why the schema cannot be checked).
public struct JSONSchemaProblem: Sendable, Hashable, CustomStringConvertible {
    /// Where in the value: `$.items[2].name`.
    public var path: String
    public var message: String
    /// The schema uses a keyword troupe does not check.
    public var unsupported: Bool

    public var description: String { "\(path): \(message)" }
}

/// Checks a value against a JSON schema: `type` (one or a list), `properties`, `required`,
/// `items`, `enum`, `const`, `additionalProperties` (a boolean or a schema), `minimum`,
/// `maximum`, `minLength`, `maxLength`, `minItems`, `maxItems`, `pattern`. Annotations
/// (`title`, `description`, `$schema`, ...) are ignored; any other keyword is reported as
/// unsupported, so a schema is never half-checked.
enum JSONSchemaCheck {
    private static let annotations: Set<String> = ["$schema", "$id", "title", "description", "default", "examples", "$comment", "strict"]
    private static let keywords: Set<String> = [
        "type", "properties", "required", "items", "enum", "const", "additionalProperties", "minimum", "maximum",
        "minLength", "maxLength", "minItems", "maxItems", "pattern",
    ]

    static func check(_ value: JSONValue, against schema: JSONValue, path: String = "$") -> JSONSchemaProblem? {
        guard case .object(let rules) = schema else {
            if schema == .bool(true) { return nil }
            if schema == .bool(false) { return JSONSchemaProblem(path: path, message: "no value is allowed here", unsupported: false) }
            return JSONSchemaProblem(path: path, message: "the schema is not an object", unsupported: true)
        }
        func fail(_ message: String) -> JSONSchemaProblem { JSONSchemaProblem(path: path, message: message, unsupported: false) }
        for key in rules.keys.sorted() where !keywords.contains(key) && !annotations.contains(key) {
            return JSONSchemaProblem(path: path, message: "the schema keyword \(key) is not supported by troupe", unsupported: true)
        }
        if let type = rules["type"] {
            let allowed = type.stringArray ?? [type.stringValue ?? ""]
            guard allowed.contains(where: { matches(value, type: $0) }) else {
                return fail("expected \(allowed.joined(separator: " or ")), found \(typeName(of: value))")
            }
        }
        if case .array(let options)? = rules["enum"], !options.contains(value) {
            return fail("\(value.compactJSON) is not one of \(JSONValue.array(options).compactJSON)")
        }
        if let constant = rules["const"], constant != value {
            return fail("expected \(constant.compactJSON)")
        }
        switch value {
        case .object(let fields):
            if case .array(let required)? = rules["required"] {
                for case .string(let name) in required where fields[name] == nil {
                    return fail("the required property \(name) is missing")
                }
            }
            var properties: [String: JSONValue] = [:]
            if case .object(let declared)? = rules["properties"] { properties = declared }
            for name in fields.keys.sorted() {
                let field = fields[name] ?? .null
                if let schema = properties[name] {
                    if let problem = check(field, against: schema, path: "\(path).\(name)") { return problem }
                } else if let extra = rules["additionalProperties"] {
                    if extra == .bool(false) { return fail("the property \(name) is not allowed") }
                    if let problem = check(field, against: extra, path: "\(path).\(name)") { return problem }
                }
            }
        case .array(let items):
            if let count = rules["minItems"]?.numberValue, Double(items.count) < count { return fail("fewer than \(Int(count)) items") }
            if let count = rules["maxItems"]?.numberValue, Double(items.count) > count { return fail("more than \(Int(count)) items") }
            if let schema = rules["items"] {
                for (index, item) in items.enumerated() {
                    if let problem = check(item, against: schema, path: "\(path)[\(index)]") { return problem }
                }
            }
        case .string(let text):
            if let count = rules["minLength"]?.numberValue, Double(text.count) < count { return fail("shorter than \(Int(count)) characters") }
            if let count = rules["maxLength"]?.numberValue, Double(text.count) > count { return fail("longer than \(Int(count)) characters") }
            if let pattern = rules["pattern"]?.stringValue {
                guard let expression = try? NSRegularExpression(pattern: pattern) else {
                    return JSONSchemaProblem(path: path, message: "the pattern \(pattern) is not a valid expression", unsupported: true)
                }
                if expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) == nil {
                    return fail("\"\(text)\" does not match \(pattern)")
                }
            }
        case .number(let number):
            if let limit = rules["minimum"]?.numberValue, number < limit { return fail("\(JSONValue.numberText(number)) is below \(JSONValue.numberText(limit))") }
            if let limit = rules["maximum"]?.numberValue, number > limit { return fail("\(JSONValue.numberText(number)) is above \(JSONValue.numberText(limit))") }
        default:
            break
        }
        return nil
    }

    private static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null): return true
        case ("number", .number): return true
        case ("integer", .number(let number)): return number.rounded() == number
        default: return false
        }
    }

    private static func typeName(of value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}

/// The JSON objects and lists found inside text (a reply that wraps JSON in prose or a
/// fenced block), first first.
enum JSONExtraction {
    static func values(in text: String) -> [JSONValue] {
        let scalars = Array(text.utf8)
        var found: [JSONValue] = []
        var index = 0
        while index < scalars.count {
            let byte = scalars[index]
            guard byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") else {
                index += 1
                continue
            }
            if let end = matchingEnd(scalars, from: index),
               let value = try? JSONDecoder().decode(JSONValue.self, from: Data(scalars[index...end])) {
                found.append(value)
                index = end + 1
            } else {
                index += 1
            }
        }
        return found
    }

    /// The index of the bracket closing the one at `start`, skipping strings.
    private static func matchingEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        var depth = 0
        var inString = false
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                if byte == UInt8(ascii: "\\") { index += 2; continue }
                if byte == UInt8(ascii: "\"") { inString = false }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                depth += 1
            } else if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                depth -= 1
                if depth == 0 { return index }
            }
            index += 1
        }
        return nil
    }
}
