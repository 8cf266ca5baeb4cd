import Foundation

/// Why a template could not be found, parsed or rendered, or why its variables could not be read.
///
/// Every message says what went wrong and what to do about it.
public enum TemplateError: Error, Sendable, Hashable {
    /// No template with this name in any search location.
    /// - `searched`: the places looked in, in order (directories, and "built-in templates").
    /// - `suggestion`: the nearest known name, when one is close enough.
    case notFound(name: String, searched: [String], suggestion: String?)
    /// A partial (`{{> name}}`) that no search location holds.
    case partialNotFound(name: String, template: String, searched: [String], suggestion: String?)
    /// The Mustache text does not parse.
    case syntax(template: String, path: String?, line: Int, column: Int, lineText: String, reason: String)
    /// Names the template uses that the variables do not define (unless missing names are allowed).
    case missingVariables(template: String, names: [MissingVariable])
    /// Partials include each other more deeply than troupe allows (most likely a partial that
    /// includes itself whatever the variables).
    case partialTooDeep(chain: [String])
    /// A template file exists but cannot be read.
    case unreadable(path: String, reason: String)
    /// A `k=v` pair without `=` or with an empty key.
    case invalidPair(String)
    /// A variables file that is not JSON or YAML, or whose top level is not an object.
    case invalidVariablesFile(path: String, reason: String)
}

/// A variable a template uses but the caller did not give, with where it is used.
public struct MissingVariable: Sendable, Hashable, CustomStringConvertible {
    /// The name as written in the tag, e.g. `persona.name` or `age`.
    public var name: String
    /// The template (or partial) that uses it.
    public var template: String
    /// 1-based line and column of the tag.
    public var line: Int
    public var column: Int

    public init(name: String, template: String, line: Int, column: Int) {
        self.name = name
        self.template = template
        self.line = line
        self.column = column
    }

    public var description: String { "\(name) (\(template):\(line):\(column))" }
}

extension TemplateError: CustomStringConvertible, LocalizedError {
    public var description: String {
        switch self {
        case .notFound(let name, let searched, let suggestion):
            return "No template named '\(name)'. Looked in: \(searched.joined(separator: "; "))."
                + Self.hint(suggestion)
        case .partialNotFound(let name, let template, let searched, let suggestion):
            return "Template '\(template)' includes the partial '{{> \(name)}}', which was not found. "
                + "Looked in: \(searched.joined(separator: "; "))." + Self.hint(suggestion)
        case .syntax(let template, let path, let line, let column, let lineText, let reason):
            let location = path ?? template
            let caret = String(repeating: " ", count: max(0, column - 1)) + "^"
            return "Syntax error in template '\(template)' at \(location):\(line):\(column): \(reason).\n"
                + "    \(lineText)\n    \(caret)"
        case .missingVariables(let template, let names):
            let list = names.map { "  - \($0.name) (used at \($0.template):\($0.line):\($0.column))" }
            return "Template '\(template)' uses \(names.count == 1 ? "a variable" : "variables") you did not give:\n"
                + list.joined(separator: "\n")
        case .partialTooDeep(let chain):
            return "Partials are nested more than \(chain.count - 1) deep: \(chain.joined(separator: " > ")). "
                + "A partial that includes itself needs a section that ends the recursion."
        case .unreadable(let path, let reason):
            return "Cannot read template file \(path): \(reason). Check that it exists and is readable."
        case .invalidPair(let pair):
            return "Invalid variable '\(pair)': write it as NAME=VALUE (e.g. name=Ana, age=34, "
                + "traits='[\"kind\",\"curious\"]', persona.name=Ana)."
        case .invalidVariablesFile(let path, let reason):
            return "Cannot read variables from \(path): \(reason). "
                + "The file must hold a JSON or YAML object (a mapping of names to values)."
        }
    }

    public var errorDescription: String? { description }

    private static func hint(_ suggestion: String?) -> String {
        suggestion.map { " Did you mean '\($0)'?" } ?? ""
    }
}
