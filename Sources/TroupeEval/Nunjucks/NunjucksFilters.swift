import Foundation
import TroupeCore

/// The filters, each as Nunjucks defines it (nil is an undefined value).
enum NunjucksFilters {
    struct Failure: Error {
        var reason: String
    }

    static func apply(_ name: String, to value: JSONValue?, arguments: [JSONValue?]) throws -> JSONValue? {
        func argument(_ index: Int) -> JSONValue? { index < arguments.count ? arguments[index] : nil }
        switch name {
        case "load":
            guard case .string(let text)? = value else {
                // Already parsed (a YAML var that is a list or an object): nothing to do.
                if let value, value != .null { return value }
                throw Failure(reason: "it takes JSON text, and the value is undefined")
            }
            do {
                return try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
            } catch {
                throw Failure(reason: "the text is not JSON: \(text.prefix(60))")
            }
        case "dump":
            guard let value else { return .string("") }
            if let spaces = argument(0)?.numericValue, spaces > 0 { return .string(value.indentedJSON(Int(spaces))) }
            return .string(value.compactJSON)
        case "default", "d":
            let useFalsy = argument(1)?.isTruthy ?? false
            if value == nil || (useFalsy && !(value?.isTruthy ?? false)) { return argument(0) ?? .string("") }
            return value
        case "trim":
            return .string((value?.nunjucksText ?? "").trimmingCharacters(in: .whitespacesAndNewlines))
        case "upper":
            return .string((value?.nunjucksText ?? "").uppercased())
        case "lower":
            return .string((value?.nunjucksText ?? "").lowercased())
        case "capitalize":
            let text = (value?.nunjucksText ?? "").lowercased()
            return .string(text.prefix(1).uppercased() + text.dropFirst())
        case "join":
            guard case .array(let items)? = value else { return value }
            let separator = argument(0)?.nunjucksText ?? ""
            if let attribute = argument(1) {
                return .string(items.map { NunjucksRenderer.member(of: $0, attribute)?.nunjucksText ?? "" }.joined(separator: separator))
            }
            return .string(items.map(\.nunjucksText).joined(separator: separator))
        case "length":
            switch value {
            case .array(let items)?: return .number(Double(items.count))
            case .object(let fields)?: return .number(Double(fields.count))
            case .string(let text)?: return .number(Double(text.count))
            default: return .number(0)
            }
        case "first":
            if case .array(let items)? = value { return items.first }
            if case .string(let text)? = value { return text.first.map { .string(String($0)) } }
            return nil
        case "last":
            if case .array(let items)? = value { return items.last }
            if case .string(let text)? = value { return text.last.map { .string(String($0)) } }
            return nil
        case "replace":
            let old = argument(0)?.nunjucksText ?? ""
            let new = argument(1)?.nunjucksText ?? ""
            guard !old.isEmpty else { return value }
            return .string((value?.nunjucksText ?? "").replacingOccurrences(of: old, with: new))
        case "string":
            return .string(value?.nunjucksText ?? "")
        case "int":
            let number = value?.numericValue ?? Double(value?.nunjucksText.prefix(while: { $0.isNumber || $0 == "-" }) ?? "")
            return .number((number ?? argument(0)?.numericValue ?? 0).rounded(.towardZero))
        case "float":
            return .number(value?.numericValue ?? argument(0)?.numericValue ?? 0)
        case "safe":
            return value
        default:
            throw Failure(reason: "unknown filter")
        }
    }
}
