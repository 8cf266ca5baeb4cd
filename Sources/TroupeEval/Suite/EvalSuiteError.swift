import TroupeCore

/// A suite that cannot be read: which file, which line (0 when not tied to one) and what is
/// wrong with it.
public struct EvalSuiteError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public enum Kind: Sendable, Hashable {
        /// The file cannot be read (missing, a folder, not UTF-8).
        case unreadable(String)
        /// The YAML itself is malformed (libyaml's wording, with its own line).
        case yaml(YAMLError)
        /// A field has a value of the wrong shape: `field` (a path such as `tests.[2].vars`)
        /// expected `expected`.
        case invalidField(field: String, expected: String)
        /// A field is missing.
        case missingField(String)
        /// A provider id troupe cannot run (`anthropic:...`).
        case unsupportedProvider(String)
        /// A part of promptfoo's format troupe does not run (`scenarios`, a `.js` prompt...).
        case unsupported(String)
        /// A prompt template that does not parse.
        case template(prompt: String, NunjucksError)
        /// `$ref` to an assertion template that does not exist.
        case unknownReference(String)
        /// A CSV file that cannot be read as a table.
        case csv(String)
        /// A `file://` glob that matches no file.
        case noMatch(String)
    }

    /// The file the problem is in.
    public var file: String
    /// 1-based line, or 0.
    public var line: Int
    public var kind: Kind

    public init(file: String, line: Int, kind: Kind) {
        self.file = file
        self.line = line
        self.kind = kind
    }

    /// `file:line: what is wrong`.
    public var description: String {
        if case .yaml(let error) = kind { return error.description }
        let place = line > 0 ? "\(file):\(line):" : "\(file):"
        return "\(place) \(message)"
    }

    /// What is wrong, without the place.
    public var message: String {
        switch kind {
        case .unreadable(let reason): return "cannot be read: \(reason)"
        case .yaml(let error): return error.description
        case .invalidField(let field, let expected): return "\(field) should be \(expected)"
        case .missingField(let field): return "\(field) is missing"
        case .unsupportedProvider(let id):
            return "the provider \(id) is not supported (openai:MODEL, openai:chat:MODEL, azureopenai:chat:DEPLOYMENT, azure:chat:DEPLOYMENT, local, local:GGUF)"
        case .unsupported(let what): return "\(what) is not supported"
        case .template(let prompt, let error): return "the prompt \(prompt.prefix(60)): \(error)"
        case .unknownReference(let reference): return "\(reference) names no assertion template"
        case .csv(let reason): return "not a CSV table: \(reason)"
        case .noMatch(let pattern): return "\(pattern) matches no file"
        }
    }
}
