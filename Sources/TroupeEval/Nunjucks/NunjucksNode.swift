/// A parsed piece of a template.
indirect enum NunjucksNode: Sendable {
    case text(String)
    case output(NunjucksExpression, line: Int, column: Int)
    /// `if` / `elif` branches in order, then the `else` body.
    case conditional(branches: [(condition: NunjucksExpression, body: [NunjucksNode])], otherwise: [NunjucksNode])
    /// `for names in sequence`, with the `else` body for an empty sequence.
    case loop(names: [String], sequence: NunjucksExpression, body: [NunjucksNode], otherwise: [NunjucksNode], line: Int, column: Int)
    case assignment(name: String, value: NunjucksExpression, line: Int, column: Int)
}

/// Builds the node tree from tokens, matching `if`/`for` with their ends.
struct NunjucksBlockParser {
    private let tokens: [NunjucksToken]
    private var position = 0

    init(tokens: [NunjucksToken]) {
        self.tokens = tokens
    }

    mutating func parseAll() throws(NunjucksError) -> [NunjucksNode] {
        let (nodes, end) = try parseNodes(until: [])
        if let end { throw NunjucksError(.syntax("{% \(end.word) %} without an opening tag"), line: end.line, column: end.column) }
        return nodes
    }

    private struct EndTag {
        var word: String
        var parser: NunjucksExpressionParser
        var line: Int
        var column: Int
    }

    /// Nodes up to one of the tags `enders` (returned, its parser positioned after the word), or
    /// to the end of the tokens (nil).
    private mutating func parseNodes(until enders: Set<String>) throws(NunjucksError) -> ([NunjucksNode], EndTag?) {
        var nodes: [NunjucksNode] = []
        while position < tokens.count {
            let token = tokens[position]
            position += 1
            switch token {
            case .text(let text):
                nodes.append(.text(text))
            case .output(let text, let line, let column):
                var parser = try NunjucksExpressionParser(text, line: line, column: column)
                let expression = try parser.parseExpression()
                try parser.expectEnd()
                nodes.append(.output(expression, line: line, column: column))
            case .tag(let text, let line, let column):
                var parser = try NunjucksExpressionParser(text, line: line, column: column)
                guard case .name(let word)? = parser.next() else {
                    throw NunjucksError(.syntax("a tag must start with its name"), line: line, column: column)
                }
                if enders.contains(word) { return (nodes, EndTag(word: word, parser: parser, line: line, column: column)) }
                switch word {
                case "if": nodes.append(try parseIf(parser, line: line, column: column))
                case "for": nodes.append(try parseFor(parser, line: line, column: column))
                case "set":
                    let name = try parser.expectName()
                    try parser.expect("=")
                    let value = try parser.parseExpression()
                    try parser.expectEnd()
                    nodes.append(.assignment(name: name, value: value, line: line, column: column))
                case "elif", "elseif", "else", "endif", "endfor":
                    throw NunjucksError(.syntax("{% \(word) %} without an opening tag"), line: line, column: column)
                default:
                    throw NunjucksError(.unsupportedTag(word), line: line, column: column)
                }
            }
        }
        return (nodes, nil)
    }

    private mutating func parseIf(_ opening: NunjucksExpressionParser, line: Int, column: Int) throws(NunjucksError) -> NunjucksNode {
        var parser = opening
        var branches: [(condition: NunjucksExpression, body: [NunjucksNode])] = []
        var condition = try parser.parseExpression()
        try parser.expectEnd()
        while true {
            let (body, end) = try parseNodes(until: ["elif", "elseif", "else", "endif"])
            guard var end else { throw NunjucksError(.syntax("{% if %} is never closed by {% endif %}"), line: line, column: column) }
            branches.append((condition, body))
            switch end.word {
            case "elif", "elseif":
                condition = try end.parser.parseExpression()
                try end.parser.expectEnd()
            case "else":
                try end.parser.expectEnd()
                let (otherwise, close) = try parseNodes(until: ["endif"])
                guard close != nil else { throw NunjucksError(.syntax("{% if %} is never closed by {% endif %}"), line: line, column: column) }
                return .conditional(branches: branches, otherwise: otherwise)
            default:
                try end.parser.expectEnd()
                return .conditional(branches: branches, otherwise: [])
            }
        }
    }

    private mutating func parseFor(_ opening: NunjucksExpressionParser, line: Int, column: Int) throws(NunjucksError) -> NunjucksNode {
        var parser = opening
        var names = [try parser.expectName()]
        while parser.accept(",") { names.append(try parser.expectName()) }
        try parser.expect("in")
        let sequence = try parser.parseExpression()
        try parser.expectEnd()
        let (body, end) = try parseNodes(until: ["else", "endfor"])
        guard var end else { throw NunjucksError(.syntax("{% for %} is never closed by {% endfor %}"), line: line, column: column) }
        try end.parser.expectEnd()
        var otherwise: [NunjucksNode] = []
        if end.word == "else" {
            let (elseBody, close) = try parseNodes(until: ["endfor"])
            guard close != nil else { throw NunjucksError(.syntax("{% for %} is never closed by {% endfor %}"), line: line, column: column) }
            otherwise = elseBody
        }
        return .loop(names: names, sequence: sequence, body: body, otherwise: otherwise, line: line, column: column)
    }
}
