/// A models file that cannot be used, with the file, line and field at fault.
public enum ModelCatalogError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file is not readable YAML (or breaks the reader's limits).
    case yaml(YAMLError)
    /// The file, or an entry in it, is not a mapping of names to fields.
    case notAMapping(file: String, line: Int, model: String?)
    /// An entry has a field troupe does not know.
    case unknownField(file: String, line: Int, model: String, field: String)
    /// A field's value has the wrong type or range.
    case invalidValue(file: String, line: Int, model: String, field: String, expected: String, found: String)
    /// `model: NAME` names no known entry.
    case unknownBaseModel(file: String, line: Int, model: String, base: String)
    /// Entries take each other's facts in a circle.
    case baseModelCycle(file: String, line: Int, models: [String])

    /// The fields an entry may have, for error messages.
    public static let knownFields: [String] = ["model"] + ModelField.allCases.map(\.rawValue)
        + ["checked", "sources", "unconfirmed", "notes"]

    /// What is wrong and where, in words a user can act on.
    public var description: String {
        switch self {
        case .yaml(let error):
            return error.description
        case .notAMapping(let file, let line, let model?):
            return "\(file):\(line): the entry \"\(model)\" must be a mapping of fields (such as context: 4096)"
        case .notAMapping(let file, let line, nil):
            return "\(file):\(line): expected a mapping of model names to their fields"
        case .unknownField(let file, let line, let model, let field):
            return "\(file):\(line): model \"\(model)\": unknown field \"\(field)\" (known fields: \(Self.knownFields.joined(separator: ", ")))"
        case .invalidValue(let file, let line, let model, let field, let expected, let found):
            return "\(file):\(line): model \"\(model)\", field \"\(field)\": expected \(expected), found \(found)"
        case .unknownBaseModel(let file, let line, let model, let base):
            return "\(file):\(line): model \"\(model)\": \"model: \(base)\" names no known model"
        case .baseModelCycle(let file, let line, let models):
            return "\(file):\(line): models take their facts from each other in a circle: \(models.joined(separator: " → "))"
        }
    }
}
