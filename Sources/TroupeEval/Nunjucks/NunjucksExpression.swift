import TroupeCore

/// A parsed expression.
indirect enum NunjucksExpression: Sendable {
    case literal(JSONValue)
    case name(String)
    case list([NunjucksExpression])
    case object(keys: [String], values: [NunjucksExpression])
    /// `base.name` or `base[index]`.
    case member(NunjucksExpression, NunjucksExpression)
    case filter(NunjucksExpression, name: String, arguments: [NunjucksExpression])
    case unary(String, NunjucksExpression)
    case binary(String, NunjucksExpression, NunjucksExpression)
    /// `value if condition else otherwise` (no `else`: undefined).
    case conditional(value: NunjucksExpression, condition: NunjucksExpression, otherwise: NunjucksExpression?)
}

/// The filters a template may use; any other name is refused when the template is parsed.
enum NunjucksFilterName {
    static let supported: Set<String> = [
        "load", "dump", "default", "d", "trim", "upper", "lower", "capitalize", "join", "length",
        "first", "last", "replace", "string", "int", "float", "safe",
    ]
}

/// Reads one expression from the text of an output or a tag.
struct NunjucksExpressionParser {
    enum Token: Hashable {
        case name(String)
        case number(Double)
        case string(String)
        case symbol(String)
    }

    private var tokens: [Token]
    private var position = 0
    let line: Int
    let column: Int

    init(_ text: String, line: Int, column: Int) throws(NunjucksError) {
        self.line = line
        self.column = column
        tokens = try Self.tokenize(text, line: line, column: column)
    }

    var isAtEnd: Bool { position >= tokens.count }

    func error(_ kind: NunjucksError.Kind) -> NunjucksError { NunjucksError(kind, line: line, column: column) }

    mutating func peek() -> Token? { position < tokens.count ? tokens[position] : nil }

    mutating func next() -> Token? {
        defer { position += 1 }
        return peek()
    }

    mutating func accept(_ symbol: String) -> Bool {
        if peek() == .symbol(symbol) || peek() == .name(symbol) {
            position += 1
            return true
        }
        return false
    }

    mutating func expect(_ symbol: String) throws(NunjucksError) {
        guard accept(symbol) else { throw error(.syntax("expected \(symbol)\(describeNext())")) }
    }

    mutating func expectName() throws(NunjucksError) -> String {
        guard case .name(let name)? = next() else { throw error(.syntax("expected a name")) }
        return name
    }

    mutating func expectEnd() throws(NunjucksError) {
        guard isAtEnd else { throw error(.syntax("unexpected \(describe(tokens[position]))")) }
    }

    private mutating func describeNext() -> String {
        guard let token = peek() else { return " at the end" }
        return ", found \(describe(token))"
    }

    private func describe(_ token: Token) -> String {
        switch token {
        case .name(let name): return name
        case .number(let number): return JSONValue.number(number).nunjucksText
        case .string(let text): return "\"\(text)\""
        case .symbol(let symbol): return symbol
        }
    }

    // MARK: - Grammar, lowest precedence first

    mutating func parseExpression() throws(NunjucksError) -> NunjucksExpression {
        let value = try parseOr()
        guard accept("if") else { return value }
        let condition = try parseOr()
        let otherwise = accept("else") ? try parseOr() : nil
        return .conditional(value: value, condition: condition, otherwise: otherwise)
    }

    private mutating func parseOr() throws(NunjucksError) -> NunjucksExpression {
        var left = try parseAnd()
        while accept("or") { left = .binary("or", left, try parseAnd()) }
        return left
    }

    private mutating func parseAnd() throws(NunjucksError) -> NunjucksExpression {
        var left = try parseNot()
        while accept("and") { left = .binary("and", left, try parseNot()) }
        return left
    }

    private mutating func parseNot() throws(NunjucksError) -> NunjucksExpression {
        if accept("not") { return .unary("not", try parseNot()) }
        return try parseComparison()
    }

    private mutating func parseComparison() throws(NunjucksError) -> NunjucksExpression {
        var left = try parseConcat()
        while true {
            if let symbol = ["==", "===", "!=", "!==", "<=", ">=", "<", ">"].first(where: { peek() == .symbol($0) }) {
                position += 1
                let op = symbol.count == 3 ? String(symbol.dropLast()) : symbol
                left = .binary(op, left, try parseConcat())
            } else if accept("in") {
                left = .binary("in", left, try parseConcat())
            } else if peek() == .name("not"), position + 1 < tokens.count, tokens[position + 1] == .name("in") {
                position += 2
                left = .unary("not", .binary("in", left, try parseConcat()))
            } else if peek() == .name("is") {
                throw error(.unsupportedExpression("the `is` test"))
            } else {
                return left
            }
        }
    }

    private mutating func parseConcat() throws(NunjucksError) -> NunjucksExpression {
        var left = try parseAdditive()
        while accept("~") { left = .binary("~", left, try parseAdditive()) }
        return left
    }

    private mutating func parseAdditive() throws(NunjucksError) -> NunjucksExpression {
        var left = try parseMultiplicative()
        while true {
            if accept("+") { left = .binary("+", left, try parseMultiplicative()) }
            else if accept("-") { left = .binary("-", left, try parseMultiplicative()) }
            else { return left }
        }
    }

    private mutating func parseMultiplicative() throws(NunjucksError) -> NunjucksExpression {
        var left = try parseUnary()
        while true {
            if accept("*") { left = .binary("*", left, try parseUnary()) }
            else if accept("/") { left = .binary("/", left, try parseUnary()) }
            else if accept("%") { left = .binary("%", left, try parseUnary()) }
            else { return left }
        }
    }

    private mutating func parseUnary() throws(NunjucksError) -> NunjucksExpression {
        if accept("-") { return .unary("-", try parseUnary()) }
        if accept("+") { return try parseUnary() }
        var value = try parsePostfix()
        while accept("|") {
            let name = try expectName()
            guard NunjucksFilterName.supported.contains(name) else { throw error(.unsupportedFilter(name)) }
            var arguments: [NunjucksExpression] = []
            if accept("(") { arguments = try parseArguments(closing: ")") }
            value = .filter(value, name: name, arguments: arguments)
        }
        return value
    }

    private mutating func parsePostfix() throws(NunjucksError) -> NunjucksExpression {
        var value = try parsePrimary()
        while true {
            if accept(".") {
                value = .member(value, .literal(.string(try expectName())))
            } else if accept("[") {
                let index = try parseExpression()
                try expect("]")
                value = .member(value, index)
            } else if peek() == .symbol("(") {
                throw error(.unsupportedExpression("calling a function"))
            } else {
                return value
            }
        }
    }

    private mutating func parsePrimary() throws(NunjucksError) -> NunjucksExpression {
        guard let token = next() else { throw error(.syntax("expected an expression")) }
        switch token {
        case .number(let number): return .literal(.number(number))
        case .string(let text): return .literal(.string(text))
        case .name(let name):
            switch name {
            case "true", "True": return .literal(.bool(true))
            case "false", "False": return .literal(.bool(false))
            case "none", "None", "null": return .literal(.null)
            default: return .name(name)
            }
        case .symbol("("):
            let inner = try parseExpression()
            try expect(")")
            return inner
        case .symbol("["):
            return .list(try parseArguments(closing: "]"))
        case .symbol("{"):
            var keys: [String] = []
            var values: [NunjucksExpression] = []
            while !accept("}") {
                if !keys.isEmpty { try expect(",") }
                if accept("}") { break }
                let key: String
                switch next() {
                case .string(let text)?, .name(let text)?: key = text
                default: throw error(.syntax("an object key must be a name or a string"))
                }
                try expect(":")
                keys.append(key)
                values.append(try parseExpression())
            }
            return .object(keys: keys, values: values)
        case .symbol(let symbol):
            throw error(.syntax("unexpected \(symbol)"))
        }
    }

    private mutating func parseArguments(closing: String) throws(NunjucksError) -> [NunjucksExpression] {
        var items: [NunjucksExpression] = []
        while !accept(closing) {
            if !items.isEmpty {
                try expect(",")
                if accept(closing) { break }
            }
            if case .name(let name)? = peek(), position + 1 < tokens.count, tokens[position + 1] == .symbol("=") {
                throw error(.unsupportedExpression("the keyword argument \(name)="))
            }
            items.append(try parseExpression())
        }
        return items
    }

    // MARK: - Tokens

    static func tokenize(_ text: String, line: Int, column: Int) throws(NunjucksError) -> [Token] {
        let scalars = Array(text.unicodeScalars)
        var tokens: [Token] = []
        var index = 0
        let symbols = ["===", "!==", "==", "!=", "<=", ">=", "(", ")", "[", "]", "{", "}", ".", ",", "|", ":",
                       "<", ">", "+", "-", "*", "/", "%", "~", "="]
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar.properties.isWhitespace {
                index += 1
            } else if scalar == "\"" || scalar == "'" {
                var value = String.UnicodeScalarView()
                index += 1
                var closed = false
                while index < scalars.count {
                    let current = scalars[index]
                    if current == scalar { closed = true; index += 1; break }
                    if current == "\\", index + 1 < scalars.count {
                        index += 1
                        switch scalars[index] {
                        case "n": value.append("\n")
                        case "t": value.append("\t")
                        case "r": value.append("\r")
                        default: value.append(scalars[index])
                        }
                    } else {
                        value.append(current)
                    }
                    index += 1
                }
                guard closed else { throw NunjucksError(.syntax("a string is never closed"), line: line, column: column) }
                tokens.append(.string(String(value)))
            } else if scalar.properties.numericType != nil, ("0"..."9").contains(scalar) {
                var digits = ""
                while index < scalars.count, ("0"..."9").contains(scalars[index]) || scalars[index] == "." {
                    // `1.` followed by a name is member access on a number: not a fraction.
                    if scalars[index] == ".", digits.contains(".") { break }
                    digits.unicodeScalars.append(scalars[index])
                    index += 1
                }
                guard let number = Double(digits) else {
                    throw NunjucksError(.syntax("\(digits) is not a number"), line: line, column: column)
                }
                tokens.append(.number(number))
            } else if scalar == "_" || scalar.properties.isAlphabetic || scalar == "$" {
                var name = ""
                while index < scalars.count,
                      scalars[index] == "_" || scalars[index] == "$" || scalars[index].properties.isAlphabetic
                        || ("0"..."9").contains(scalars[index]) {
                    name.unicodeScalars.append(scalars[index])
                    index += 1
                }
                tokens.append(.name(name))
            } else if let symbol = symbols.first(where: { matches($0, scalars, at: index) }) {
                tokens.append(.symbol(symbol))
                index += symbol.unicodeScalars.count
            } else {
                throw NunjucksError(.syntax("unexpected character \(Character(scalar))"), line: line, column: column)
            }
        }
        return tokens
    }

    private static func matches(_ symbol: String, _ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        let wanted = Array(symbol.unicodeScalars)
        guard index + wanted.count <= scalars.count else { return false }
        return Array(scalars[index..<index + wanted.count]) == wanted
    }
}
