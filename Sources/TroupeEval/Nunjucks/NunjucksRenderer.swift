import Foundation
import TroupeCore

/// Renders nodes with variables in scopes (innermost last); an undefined name is nil.
struct NunjucksRenderer {
    var scopes: [[String: JSONValue]]

    mutating func render(_ nodes: [NunjucksNode], into output: inout String) throws(NunjucksError) {
        for node in nodes {
            switch node {
            case .text(let text):
                output += text
            case .output(let expression, let line, let column):
                output += try evaluate(expression, line: line, column: column)?.nunjucksText ?? ""
            case .conditional(let branches, let otherwise):
                var taken = false
                for branch in branches {
                    // Conditions carry no place of their own; errors point at the output line.
                    if try evaluate(branch.condition, line: 0, column: 0)?.isTruthy ?? false {
                        try render(branch.body, into: &output)
                        taken = true
                        break
                    }
                }
                if !taken { try render(otherwise, into: &output) }
            case .loop(let names, let sequence, let body, let otherwise, let line, let column):
                let items = try loopItems(try evaluate(sequence, line: line, column: column), names: names)
                if items.isEmpty {
                    try render(otherwise, into: &output)
                    continue
                }
                for (index, values) in items.enumerated() {
                    var scope: [String: JSONValue] = [:]
                    for (name, value) in zip(names, values) { scope[name] = value }
                    scope["loop"] = .object([
                        "index": .number(Double(index + 1)), "index0": .number(Double(index)),
                        "revindex": .number(Double(items.count - index)), "revindex0": .number(Double(items.count - index - 1)),
                        "first": .bool(index == 0), "last": .bool(index == items.count - 1),
                        "length": .number(Double(items.count)),
                    ])
                    scopes.append(scope)
                    try render(body, into: &output)
                    scopes.removeLast()
                }
            case .assignment(let name, let value, let line, let column):
                let result = try evaluate(value, line: line, column: column) ?? .null
                scopes[scopes.count - 1][name] = result
            }
        }
    }

    private func loopItems(_ value: JSONValue?, names: [String]) throws(NunjucksError) -> [[JSONValue]] {
        switch value {
        case .array(let items)?:
            if names.count == 1 { return items.map { [$0] } }
            return items.map { item in
                if case .array(let parts) = item { return parts }
                return [item]
            }
        case .object(let fields)?:
            let keys = fields.keys.sorted()
            if names.count == 1 { return keys.map { [.string($0)] } }
            return keys.map { [.string($0), fields[$0] ?? .null] }
        case .string(let text)?:
            return text.map { [.string(String($0))] }
        default:
            return []
        }
    }

    func lookup(_ name: String) -> JSONValue? {
        for scope in scopes.reversed() {
            if let value = scope[name] { return value }
        }
        return nil
    }

    func evaluate(_ expression: NunjucksExpression, line: Int, column: Int) throws(NunjucksError) -> JSONValue? {
        switch expression {
        case .literal(let value):
            return value
        case .name(let name):
            return lookup(name)
        case .list(let items):
            var values: [JSONValue] = []
            for item in items { values.append(try evaluate(item, line: line, column: column) ?? .null) }
            return .array(values)
        case .object(let keys, let values):
            var fields: [String: JSONValue] = [:]
            for (key, value) in zip(keys, values) { fields[key] = try evaluate(value, line: line, column: column) ?? .null }
            return .object(fields)
        case .member(let base, let key):
            guard let container = try evaluate(base, line: line, column: column),
                  let key = try evaluate(key, line: line, column: column) else { return nil }
            return Self.member(of: container, key)
        case .filter(let base, let name, let arguments):
            let value = try evaluate(base, line: line, column: column)
            var values: [JSONValue?] = []
            for argument in arguments { values.append(try evaluate(argument, line: line, column: column)) }
            do {
                return try NunjucksFilters.apply(name, to: value, arguments: values)
            } catch let failure as NunjucksFilters.Failure {
                throw NunjucksError(.filterFailed(filter: name, reason: failure.reason), line: line, column: column)
            } catch {
                throw NunjucksError(.filterFailed(filter: name, reason: "\(error)"), line: line, column: column)
            }
        case .unary(let op, let operand):
            let value = try evaluate(operand, line: line, column: column)
            if op == "not" { return .bool(!(value?.isTruthy ?? false)) }
            return .number(-(value?.numericValue ?? .nan))
        case .conditional(let value, let condition, let otherwise):
            if try evaluate(condition, line: line, column: column)?.isTruthy ?? false {
                return try evaluate(value, line: line, column: column)
            }
            guard let otherwise else { return nil }
            return try evaluate(otherwise, line: line, column: column)
        case .binary(let op, let left, let right):
            if op == "and" {
                let first = try evaluate(left, line: line, column: column)
                guard first?.isTruthy ?? false else { return first ?? .bool(false) }
                return try evaluate(right, line: line, column: column)
            }
            if op == "or" {
                let first = try evaluate(left, line: line, column: column)
                if first?.isTruthy ?? false { return first }
                return try evaluate(right, line: line, column: column)
            }
            let a = try evaluate(left, line: line, column: column)
            let b = try evaluate(right, line: line, column: column)
            return Self.binary(op, a, b)
        }
    }

    static func member(of container: JSONValue, _ key: JSONValue) -> JSONValue? {
        switch (container, key) {
        case (.object(let fields), _):
            return fields[key.nunjucksText]
        case (.array(let items), .number(let index)):
            let position = Int(index)
            return items.indices.contains(position) ? items[position] : nil
        case (.array(let items), .string("length")):
            return .number(Double(items.count))
        case (.string(let text), .string("length")):
            return .number(Double(text.utf16.count))
        case (.string(let text), .number(let index)):
            let characters = Array(text)
            let position = Int(index)
            return characters.indices.contains(position) ? .string(String(characters[position])) : nil
        default:
            return nil
        }
    }

    static func binary(_ op: String, _ a: JSONValue?, _ b: JSONValue?) -> JSONValue? {
        switch op {
        case "==": return .bool(looselyEqual(a, b))
        case "!=": return .bool(!looselyEqual(a, b))
        case "<", "<=", ">", ">=":
            let ordered: Bool
            if case .string(let x)? = a, case .string(let y)? = b {
                ordered = op == "<" ? x < y : op == "<=" ? x <= y : op == ">" ? x > y : x >= y
            } else {
                let x = a?.numericValue ?? .nan
                let y = b?.numericValue ?? .nan
                ordered = op == "<" ? x < y : op == "<=" ? x <= y : op == ">" ? x > y : x >= y
            }
            return .bool(ordered)
        case "in":
            switch b {
            case .array(let items)?: return .bool(items.contains { looselyEqual($0, a) })
            case .object(let fields)?: return .bool(fields[a?.nunjucksText ?? ""] != nil)
            case .string(let text)?: return .bool(text.contains(a?.nunjucksText ?? ""))
            default: return .bool(false)
            }
        case "~":
            return .string((a?.nunjucksText ?? "") + (b?.nunjucksText ?? ""))
        case "+":
            if case .string? = a { return .string((a?.nunjucksText ?? "") + (b?.nunjucksText ?? "")) }
            if case .string? = b { return .string((a?.nunjucksText ?? "") + (b?.nunjucksText ?? "")) }
            return .number((a?.numericValue ?? .nan) + (b?.numericValue ?? .nan))
        case "-": return .number((a?.numericValue ?? .nan) - (b?.numericValue ?? .nan))
        case "*": return .number((a?.numericValue ?? .nan) * (b?.numericValue ?? .nan))
        case "/": return .number((a?.numericValue ?? .nan) / (b?.numericValue ?? .nan))
        case "%": return .number(fmod(a?.numericValue ?? .nan, b?.numericValue ?? .nan))
        default: return nil
        }
    }

    /// `==` as Nunjucks compiles it (JavaScript's loose equality, for the values JSON has).
    static func looselyEqual(_ a: JSONValue?, _ b: JSONValue?) -> Bool {
        switch (a ?? .null, b ?? .null) {
        case (.null, .null): return true
        case (.null, _), (_, .null): return false
        case (.string(let x), .string(let y)): return x == y
        case (.array, _), (_, .array), (.object, _), (_, .object): return a == b
        case (let x, let y): return x.numericValue == y.numericValue
        }
    }
}
