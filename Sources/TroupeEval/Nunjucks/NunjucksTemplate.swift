import TroupeCore

/// A prompt template in the part of Nunjucks that promptfoo suites use, parsed once and
/// rendered with a test's variables.
///
/// Supported: text; `{{ expression }}`; `{% if %}` / `{% elif %}` / `{% else %}` / `{% endif %}`;
/// `{% for x in list %}` and `{% for key, value in object %}` (with `loop.index`, `loop.index0`,
/// `loop.first`, `loop.last`, `loop.length`) and `{% else %}` for an empty list; `{% set name =
/// expression %}`; `{# comments #}`; `-` whitespace control on any delimiter. Expressions:
/// names, `a.b`, `a[expr]`, parentheses, string/number/boolean/`none` literals, list and object
/// literals, `and`/`or`/`not`, `==` `!=` `<` `<=` `>` `>=` `in`, `+` `-` `*` `/` `%` `~`,
/// `x if cond else y`, and filters written `x | name` or `x | name(arguments)`: `load` (parse a
/// JSON string), `dump`, `default`/`d`, `trim`, `upper`, `lower`, `capitalize`, `join`,
/// `length`, `first`, `last`, `replace`, `string`, `int`, `float`, `safe`.
///
/// Anything else (another tag, another filter, a function call) is a ``NunjucksError`` when the
/// template is parsed: nothing is rendered half-understood. Values print as Nunjucks prints
/// them (an undefined name or `none` as empty text, numbers without a needless `.0`, lists
/// joined by `,`), except that an object prints as JSON rather than `[object Object]`.
///
/// Why not Stencil: its expressions have no parentheses, its filter arguments are written
/// `x|f:"a"` rather than `x | f("a")`, and it renders from an untyped `[String: Any]`
/// context; translating Nunjucks text into it would need a parser of its own anyway.
public struct NunjucksTemplate: Sendable, Hashable {
    /// The template text as written.
    public let source: String
    let nodes: [NunjucksNode]

    /// Parses `source`.
    /// - Throws: ``NunjucksError`` with the line and column of the first problem.
    public init(_ source: String) throws(NunjucksError) {
        self.source = source
        var parser = NunjucksBlockParser(tokens: try NunjucksLexer.tokens(of: source))
        nodes = try parser.parseAll()
    }

    /// Whether `text` uses any template syntax at all (a plain prompt needs no parsing).
    public static func hasSyntax(_ text: String) -> Bool {
        text.contains("{{") || text.contains("{%") || text.contains("{#")
    }

    public static func == (lhs: NunjucksTemplate, rhs: NunjucksTemplate) -> Bool { lhs.source == rhs.source }
    public func hash(into hasher: inout Hasher) { hasher.combine(source) }

    /// Renders with `variables`.
    public func render(_ variables: [String: JSONValue]) throws(NunjucksError) -> String {
        var renderer = NunjucksRenderer(scopes: [variables.mapValues { $0 }])
        var output = ""
        try renderer.render(nodes, into: &output)
        return output
    }
}

/// A template that cannot be parsed or rendered, with where in the template text.
public struct NunjucksError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Hashable {
        /// The text does not follow the template grammar (an unclosed `{{`, a stray `)`).
        case syntax(String)
        /// A tag troupe does not run (`include`, `macro`, ...).
        case unsupportedTag(String)
        /// A filter troupe does not have.
        case unsupportedFilter(String)
        /// An expression form troupe does not evaluate (a function call, `is` tests, ...).
        case unsupportedExpression(String)
        /// A filter met a value it cannot take (`load` on text that is not JSON, ...).
        case filterFailed(filter: String, reason: String)
    }

    public var kind: Kind
    /// 1-based line in the template text.
    public var line: Int
    /// 1-based column in the template text (0 when unknown).
    public var column: Int

    public init(_ kind: Kind, line: Int, column: Int = 0) {
        self.kind = kind
        self.line = line
        self.column = column
    }

    /// Whether the template uses something outside the supported subset (rather than
    /// being malformed).
    public var isUnsupported: Bool {
        switch kind {
        case .unsupportedTag, .unsupportedFilter, .unsupportedExpression: return true
        case .syntax, .filterFailed: return false
        }
    }

    public var description: String {
        let place = column > 0 ? "line \(line), column \(column)" : "line \(line)"
        switch kind {
        case .syntax(let text): return "\(place): \(text)"
        case .unsupportedTag(let tag): return "\(place): the tag {% \(tag) %} is not supported"
        case .unsupportedFilter(let name): return "\(place): the filter \(name) is not supported"
        case .unsupportedExpression(let text): return "\(place): \(text) is not supported"
        case .filterFailed(let filter, let reason): return "\(place): the filter \(filter) failed: \(reason)"
        }
    }
}
