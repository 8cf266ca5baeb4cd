import TroupeCore

/// A value of a suite file with where it is: its file, its path in the document, its line.
struct SuiteNode: Sendable {
    let value: JSONValue
    let path: YAMLPath
    let document: YAMLDocument?
    /// The file (for errors), also when the value did not come from YAML (a CSV row).
    let file: String
    /// The line when there is no document to ask (CSV rows).
    let fixedLine: Int

    init(document: YAMLDocument) {
        value = document.value
        path = YAMLPath()
        self.document = document
        file = document.file
        fixedLine = 0
    }

    init(value: JSONValue, file: String, line: Int) {
        self.value = value
        path = YAMLPath()
        document = nil
        self.file = file
        fixedLine = line
    }

    private init(value: JSONValue, path: YAMLPath, parent: SuiteNode) {
        self.value = value
        self.path = path
        document = parent.document
        file = parent.file
        fixedLine = parent.fixedLine
    }

    /// The line the value starts on (or the nearest enclosing value's line).
    var line: Int {
        guard let document else { return fixedLine }
        var probe = path
        while true {
            if let line = document.line(at: probe) { return line }
            guard !probe.components.isEmpty else { return 0 }
            probe = YAMLPath(Array(probe.components.dropLast()))
        }
    }

    /// The field's name for messages: `tests.[2].vars`.
    var fieldName: String { path.components.isEmpty ? "the suite" : path.description }

    subscript(_ key: String) -> SuiteNode? {
        guard case .object(let fields) = value, let field = fields[key] else { return nil }
        return SuiteNode(value: field, path: path.appending(.key(key)), parent: self)
    }

    /// The keys of an object, sorted (YAML mappings keep no order here).
    var keys: [String] {
        guard case .object(let fields) = value else { return [] }
        return fields.keys.sorted()
    }

    /// The items of a list, or this one value as a list of one.
    var items: [SuiteNode] {
        guard case .array(let values) = value else { return [self] }
        return values.enumerated().map { SuiteNode(value: $1, path: path.appending(.index($0)), parent: self) }
    }

    var isObject: Bool {
        if case .object = value { return true }
        return false
    }

    func error(_ kind: EvalSuiteError.Kind) -> EvalSuiteError {
        EvalSuiteError(file: file, line: line, kind: kind)
    }

    func invalid(_ expected: String) -> EvalSuiteError {
        error(.invalidField(field: fieldName, expected: expected))
    }

    /// Text of a scalar (numbers and booleans as written).
    func text() throws(EvalSuiteError) -> String {
        switch value {
        case .string(let text): return text
        case .number, .bool: return value.nunjucksText
        default: throw invalid("text")
        }
    }

    func number() throws(EvalSuiteError) -> Double {
        switch value {
        case .number(let number): return number
        case .string(let text):
            guard let number = Double(text.trimmingCharacters(in: .whitespaces)) else { throw invalid("a number") }
            return number
        default: throw invalid("a number")
        }
    }
}
