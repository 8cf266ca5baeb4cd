import Foundation

/// The variables a template is rendered with: a JSON object whose values may be strings, numbers,
/// booleans, null, lists or nested objects.
///
/// Built from `k=v` pairs, a JSON or YAML file, or both (pairs override the file):
/// - A value is read as JSON when it is valid JSON (`34`, `true`, `null`, `"quoted"`, `[1,2]`,
///   `{"a":1}`), otherwise it is the text as written (`Ana`, `hello world`, `01234`).
/// - A dotted key creates nested objects: `persona.name=Ana` sets `{"persona": {"name": "Ana"}}`
///   and keeps the other keys of `persona`. Keys with a dot cannot be set as one flat name.
/// - Setting a dotted key under a value that is not an object replaces that value by an object.
public struct TemplateVariables: Sendable, Hashable {
    /// The top-level object.
    public var values: [String: JSONValue]

    public init(_ values: [String: JSONValue] = [:]) {
        self.values = values
    }

    /// Variables from `k=v` pairs, applied in order (a later pair wins).
    /// - Throws: ``TemplateError/invalidPair(_:)`` for a pair without `=` or with an empty key.
    public init(pairs: [String]) throws {
        self.init()
        for pair in pairs { try set(pair: pair) }
    }

    public var isEmpty: Bool { values.isEmpty }

    /// The value at a dotted path (`persona.name`), if any.
    public subscript(path path: String) -> JSONValue? {
        var current: JSONValue = .object(values)
        for key in Self.split(path) {
            guard case .object(let object) = current, let next = object[key] else { return nil }
            current = next
        }
        return current
    }

    /// Parses one `k=v` pair and sets it.
    public mutating func set(pair: String) throws {
        guard let equals = pair.firstIndex(of: "=") else { throw TemplateError.invalidPair(pair) }
        let key = pair[..<equals].trimmingCharacters(in: .whitespaces)
        guard !key.isEmpty, !Self.split(key).isEmpty, !Self.split(key).contains("") else {
            throw TemplateError.invalidPair(pair)
        }
        set(key, to: Self.parseValue(String(pair[pair.index(after: equals)...])))
    }

    /// Sets the value at a dotted path, creating (or replacing by) objects on the way.
    public mutating func set(_ path: String, to value: JSONValue) {
        let keys = Self.split(path)
        guard !keys.isEmpty else { return }
        values = Self.setting(value, at: keys[...], in: values)
    }

    /// Removes the value at a dotted path. Returns true when there was one.
    @discardableResult
    public mutating func remove(_ path: String) -> Bool {
        guard self[path: path] != nil else { return false }
        let keys = Self.split(path)
        if keys.count == 1 {
            values[keys[0]] = nil
        } else if case .object(var parent)? = self[path: keys.dropLast().joined(separator: ".")] {
            parent[keys[keys.count - 1]] = nil
            set(keys.dropLast().joined(separator: "."), to: .object(parent))
        }
        return true
    }

    /// These variables with `other` laid over them: objects merge key by key, anything else is replaced.
    public func merging(_ other: TemplateVariables) -> TemplateVariables {
        TemplateVariables(Self.deepMerge(values, other.values))
    }

    /// Every dotted path that leads to a value (objects are listed and so are their members),
    /// sorted; used for completion and `/vars`.
    public var paths: [String] {
        var result: [String] = []
        func walk(_ object: [String: JSONValue], prefix: String) {
            for (key, value) in object {
                let path = prefix.isEmpty ? key : prefix + "." + key
                result.append(path)
                if case .object(let child) = value { walk(child, prefix: path) }
            }
        }
        walk(values, prefix: "")
        return result.sorted()
    }

    /// The value of a `k=v` pair: JSON when it parses as JSON, the text itself otherwise.
    public static func parseValue(_ text: String) -> JSONValue {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, let data = trimmed.data(using: .utf8),
            let value = try? JSONDecoder().decode(JSONValue.self, from: data)
        else { return .string(text) }
        return value
    }

    // MARK: - Helpers

    static func split(_ path: String) -> [String] {
        path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }

    private static func setting(_ value: JSONValue, at keys: ArraySlice<String>, in object: [String: JSONValue]) -> [String: JSONValue] {
        var object = object
        let key = keys[keys.startIndex]
        if keys.count == 1 {
            object[key] = value
        } else {
            var child: [String: JSONValue] = [:]
            if case .object(let existing)? = object[key] { child = existing }
            object[key] = .object(setting(value, at: keys.dropFirst(), in: child))
        }
        return object
    }

    private static func deepMerge(_ base: [String: JSONValue], _ top: [String: JSONValue]) -> [String: JSONValue] {
        var result = base
        for (key, value) in top {
            if case .object(let old)? = result[key], case .object(let new) = value {
                result[key] = .object(deepMerge(old, new))
            } else {
                result[key] = value
            }
        }
        return result
    }
}

extension TemplateVariables: ExpressibleByDictionaryLiteral {
    /// `["name": .string("Ana"), "age": .number(34)]`; keys are top-level names (not dotted paths).
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
