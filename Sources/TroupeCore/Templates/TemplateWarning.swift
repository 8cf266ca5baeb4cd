/// Something a render noticed that did not stop it.
public struct TemplateWarning: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// A variable the caller did not give, rendered as empty text (only with `allowMissing`).
        case missingVariable
        /// A section (`{{#name}}` or `{{^name}}`) whose name is not given: treated as false, as
        /// Mustache does. Not an error, because optional parts are written this way.
        case missingSection
    }

    public var kind: Kind
    public var name: String
    public var template: String
    public var line: Int
    public var column: Int

    public init(kind: Kind, name: String, template: String, line: Int, column: Int) {
        self.kind = kind
        self.name = name
        self.template = template
        self.line = line
        self.column = column
    }

    public var description: String {
        switch kind {
        case .missingVariable:
            return "\(template):\(line):\(column): '\(name)' is not given; rendered as empty text"
        case .missingSection:
            return "\(template):\(line):\(column): section '\(name)' is not given; treated as false"
        }
    }
}
