/// A YAML file that could not be read, with the place in the file where reading stopped.
public struct YAMLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Hashable {
        /// The file could not be opened or read.
        case unreadable(String)
        /// The text is not valid YAML (libyaml's own wording).
        case syntax(String)
        /// Collections nest deeper than the reader's limit.
        case tooDeep(limit: Int)
        /// The document has more nodes than the reader's limit, counting each alias as a copy
        /// of what it refers to.
        case tooManyNodes(limit: Int)
        /// A mapping repeats a key.
        case duplicateKey(String)
        /// A mapping key is a sequence or a mapping; keys must be scalars.
        case nonScalarKey
        /// An alias (`*name`) refers to no earlier anchor (`&name`).
        case undefinedAlias(String)
        /// A tag the reader does not resolve (only the core schema's `!!str`, `!!int`,
        /// `!!float`, `!!bool`, `!!null`, `!!seq` and `!!map` are known).
        case unsupportedTag(String)
        /// A scalar whose explicit tag does not fit its text (`!!int abc`).
        case invalidScalar(tag: String, text: String)
        /// The file holds more than one document (`---` separators); one is expected.
        case multipleDocuments
    }

    /// The file the text came from (as the caller named it).
    public var file: String
    /// 1-based line, or 0 when the error is not tied to a place.
    public var line: Int
    /// 1-based column, or 0 when unknown.
    public var column: Int
    public var kind: Kind

    /// An error at `line` and `column` (0 when unknown) of `file`.
    public init(file: String, line: Int, column: Int, kind: Kind) {
        self.file = file
        self.line = line
        self.column = column
        self.kind = kind
    }

    /// `file:line:column: message`.
    public var description: String {
        let place = line > 0 ? "\(file):\(line):\(column > 0 ? "\(column):" : "")" : "\(file):"
        return "\(place) \(message)"
    }

    private var message: String {
        switch kind {
        case .unreadable(let reason): return "cannot read the file: \(reason)"
        case .syntax(let problem): return "not valid YAML: \(problem)"
        case .tooDeep(let limit): return "nested more than \(limit) levels deep"
        case .tooManyNodes(let limit):
            return "more than \(limit) values (counting every use of an alias); the file is too large or its aliases expand too far"
        case .duplicateKey(let key): return "the key \"\(key)\" appears twice in the same mapping"
        case .nonScalarKey: return "a mapping key must be a plain value, not a list or a mapping"
        case .undefinedAlias(let name): return "the alias *\(name) refers to no anchor &\(name) before it"
        case .unsupportedTag(let tag): return "unsupported tag \(tag)"
        case .invalidScalar(let tag, let text): return "\"\(text)\" is not a valid \(tag)"
        case .multipleDocuments: return "the file holds more than one YAML document; only one is read"
        }
    }
}
