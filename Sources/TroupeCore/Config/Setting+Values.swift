import Foundation

extension Setting {
    /// Why a value was refused: the setting and what it accepts (see ``expected``).
    public struct InvalidValue: Error, Sendable, Hashable {
        public var setting: Setting
        public var value: String
    }

    /// Reads a value as written in a file, a flag or `/set`.
    ///
    /// Numbers are plain decimals (`0.5`, `1e3`; not `0x10`, `inf` or `nan`); `none` or an empty
    /// value unsets an optional setting (except where `none` is itself one of the choices).
    /// - Returns: the value to keep, or nil for "unset".
    /// - Throws: ``InvalidValue``.
    public func parse(_ written: String) throws -> JSONValue? {
        let text = written.trimmingCharacters(in: .whitespacesAndNewlines)
        let invalid = InvalidValue(setting: self, value: written)
        if case .choice(let options) = kind, options.contains(text.lowercased()) {
            return .string(text.lowercased())
        }
        if text.isEmpty || text.lowercased() == "none" {
            if isOptional { return nil }
            if case .pathList = kind { return .array([]) }
            throw invalid
        }
        switch kind {
        case .name:
            guard !text.contains(where: \.isWhitespace) else { throw invalid }
            return .string(text)
        case .text:
            return .string(text)
        case .apiType:
            let type = text.lowercased()
            guard type.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else { throw invalid }
            return .string(type)
        case .number(let range, let above):
            guard let number = Self.decimal(text), range.contains(number), !(above && number == range.lowerBound) else {
                throw invalid
            }
            return .number(number)
        case .integer(let range):
            guard Self.isInteger(text), let number = Int(text), range.contains(number) else { throw invalid }
            return .number(Double(number))
        case .limit(let range):
            guard Self.isInteger(text), let number = Int(text), number == 0 || range.contains(number) else { throw invalid }
            return number == 0 ? nil : .number(Double(number))
        case .boolean:
            guard let flag = INIDocument.boolean(text) else { throw invalid }
            return .bool(flag)
        case .choice:
            throw invalid
        case .url:
            guard let url = URL(string: text), let scheme = url.scheme?.lowercased(),
                  scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty else {
                throw invalid
            }
            return .string(text.withoutTrailingSlash)
        case .pathList:
            let parts = text.split(separator: ":").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return .array(parts.map(JSONValue.string))
        case .stopSequences:
            guard text.hasPrefix("[") else { return .array([.string(text)]) }
            guard let list = try? JSONDecoder().decode([String].self, from: Data(text.utf8)),
                  (1...4).contains(list.count), !list.contains(where: \.isEmpty) else {
                throw invalid
            }
            return .array(list.map(JSONValue.string))
        }
    }

    /// Checks a value that arrives already typed (a saved session, a library caller).
    /// - Returns: the value as this setting keeps it.
    /// - Throws: ``InvalidValue``.
    public func validate(_ value: JSONValue?) throws -> JSONValue? {
        guard let value, value != .null else {
            if isOptional { return nil }
            throw InvalidValue(setting: self, value: "null")
        }
        return try parse(Self.written(value))
    }

    /// The value as text that ``parse(_:)`` reads back to the same value (`none` when unset).
    public func display(_ value: JSONValue?) -> String {
        guard let value else {
            // Where `none` is itself a choice, unset is shown as empty.
            if case .choice(let options) = kind, options.contains("none") { return "" }
            return isOptional ? "none" : ""
        }
        if case .pathList = kind, case .array(let items) = value {
            return items.map { Self.written($0) }.joined(separator: ":")
        }
        if case .stopSequences = kind, case .array(let items) = value, items.count == 1,
           case .string(let only) = items[0], !only.hasPrefix("["), !only.contains("\"") {
            return only
        }
        return Self.written(value)
    }

    /// What the setting accepts, for messages (`a number from 0 to 2, or none to leave it unset`).
    public var expected: String {
        let unset = isOptional ? ", or none to leave it unset" : ""
        switch kind {
        case .name: return "a name without spaces"
        case .text: return "a file name or path"
        case .apiType: return "an API type with a registered client (openai, azure, local, ...)"
        case .number(let range, let above):
            let low = Self.format(range.lowerBound), high = Self.format(range.upperBound)
            if above { return "a number greater than \(low) and at most \(high)\(unset)" }
            return "a number from \(low) to \(high)\(unset)"
        case .integer(let range):
            return "a whole number from \(range.lowerBound) to \(range.upperBound)\(unset)"
        case .limit(let range):
            return "a whole number from \(range.lowerBound) to \(range.upperBound) (0 or none: no limit)"
        case .boolean: return "a boolean (true/false, yes/no, on/off, 1/0)"
        case .choice(let options): return "one of \(options.joined(separator: ", "))\(unset)"
        case .url: return "an http:// or https:// URL, or empty for the default"
        case .pathList: return "directories separated by ':'"
        case .stopSequences: return "a stop sequence, or a JSON array of up to 4 of them\(unset)"
        }
    }

    /// Values offered by Tab after `/set NAME`.
    public var suggestions: [String] {
        switch kind {
        case .boolean: return ["on", "off"]
        case .choice(let options): return options
        default: return isOptional ? ["none"] : []
        }
    }

    // MARK: - Text forms

    /// A plain decimal: optional sign, digits, optional fraction, optional exponent. Swift's
    /// `Double(_:)` also reads `0x10`, `inf` and `nan`, which no setting means.
    static func decimal(_ text: String) -> Double? {
        var rest = Substring(text)
        if rest.first == "-" || rest.first == "+" { rest = rest.dropFirst() }
        let mantissa = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        guard mantissa.contains(where: \.isNumber), mantissa.filter({ $0 == "." }).count <= 1 else { return nil }
        rest = rest.dropFirst(mantissa.count)
        if let e = rest.first, e == "e" || e == "E" {
            rest = rest.dropFirst()
            if rest.first == "-" || rest.first == "+" { rest = rest.dropFirst() }
            guard !rest.isEmpty, rest.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            rest = rest.dropFirst(rest.count)
        }
        guard rest.isEmpty, let value = Double(text), value.isFinite else { return nil }
        return value
    }

    private static func isInteger(_ text: String) -> Bool {
        let digits = text.first == "-" || text.first == "+" ? text.dropFirst() : Substring(text)
        return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// A value as a user would write it: numbers without a needless `.0`, arrays as JSON.
    static func written(_ value: JSONValue) -> String {
        switch value {
        case .null: return "none"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let number): return format(number)
        case .string(let text): return text
        case .array, .object: return value.compactJSON
        }
    }

    static func format(_ number: Double) -> String {
        if number.rounded() == number, abs(number) < 1e15 { return String(Int64(number)) }
        return String(number)
    }
}

extension JSONValue {
    /// The value as compact JSON with sorted keys.
    var compactJSON: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }

    /// The number, when the value is one.
    public var numberValue: Double? {
        if case .number(let number) = self { return number }
        return nil
    }

    /// The text, when the value is a string.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The flag, when the value is a boolean.
    public var boolValue: Bool? {
        if case .bool(let flag) = self { return flag }
        return nil
    }

    /// The strings of an array of strings.
    public var stringArray: [String]? {
        guard case .array(let items) = self else { return nil }
        return items.compactMap(\.stringValue)
    }
}
