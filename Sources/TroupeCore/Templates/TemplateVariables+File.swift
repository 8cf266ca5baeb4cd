import Foundation
import Yams

extension TemplateVariables {
    /// Reads variables from a JSON or YAML file holding one object.
    ///
    /// `.json` files are read as JSON, `.yaml`/`.yml` as YAML; any other name is tried as JSON,
    /// then as YAML.
    /// - Throws: ``TemplateError/invalidVariablesFile(path:reason:)``.
    public init(contentsOfFile path: String) throws {
        let text: String
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: TemplateLocator.expandingTilde(path)))
            guard let decoded = String(data: data, encoding: .utf8) else {
                throw TemplateError.invalidVariablesFile(path: path, reason: "the file is not UTF-8 text")
            }
            text = decoded
        } catch let error as TemplateError {
            throw error
        } catch {
            throw TemplateError.invalidVariablesFile(path: path, reason: error.localizedDescription)
        }
        let lowered = path.lowercased()
        if lowered.hasSuffix(".json") {
            try self.init(json: text, path: path)
        } else if lowered.hasSuffix(".yaml") || lowered.hasSuffix(".yml") {
            try self.init(yaml: text, path: path)
        } else if let fromJSON = try? TemplateVariables(json: text, path: path) {
            self = fromJSON
        } else {
            try self.init(yaml: text, path: path)
        }
    }

    /// Variables from a JSON object's text.
    public init(json text: String, path: String = "JSON text") throws {
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        } catch {
            throw TemplateError.invalidVariablesFile(path: path, reason: "invalid JSON (\(Self.describe(error)))")
        }
        try self.init(topLevel: value, path: path)
    }

    /// Variables from a YAML mapping's text.
    public init(yaml text: String, path: String = "YAML text") throws {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw TemplateError.invalidVariablesFile(path: path, reason: "invalid YAML (\(error))")
        }
        guard let node else {
            // An empty document is an empty set of variables.
            self.init()
            return
        }
        try self.init(topLevel: Self.jsonValue(of: node), path: path)
    }

    /// Variables read from an optional file with `k=v` pairs laid over it.
    public static func from(file: String?, pairs: [String]) throws -> TemplateVariables {
        let base = try file.map { try TemplateVariables(contentsOfFile: $0) } ?? TemplateVariables()
        return base.merging(try TemplateVariables(pairs: pairs))
    }

    private init(topLevel value: JSONValue, path: String) throws {
        guard case .object(let object) = value else {
            throw TemplateError.invalidVariablesFile(path: path, reason: "the top level is not an object")
        }
        self.init(object)
    }

    /// YAML to JSON: plain scalars follow YAML 1.2 core types (null, booleans, numbers), quoted
    /// scalars stay strings, mapping keys become strings.
    static func jsonValue(of node: Node) -> JSONValue {
        switch node {
        case .scalar(let scalar):
            if scalar.style != .plain { return .string(scalar.string) }
            switch node.tag.description {
            case Tag.Name.null.rawValue: return .null
            case Tag.Name.bool.rawValue: return node.bool.map(JSONValue.bool) ?? .string(scalar.string)
            case Tag.Name.int.rawValue: return node.int.map { .number(Double($0)) } ?? .string(scalar.string)
            case Tag.Name.float.rawValue: return node.float.map { .number($0) } ?? .string(scalar.string)
            default: return .string(scalar.string)
            }
        case .sequence(let sequence):
            return .array(sequence.map(jsonValue(of:)))
        case .mapping(let mapping):
            var object: [String: JSONValue] = [:]
            for (key, value) in mapping {
                object[key.string ?? String(describing: key)] = jsonValue(of: value)
            }
            return .object(object)
        }
    }

    private static func describe(_ error: Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            return context.underlyingError.map { "\($0.localizedDescription)" } ?? context.debugDescription
        }
        return error.localizedDescription
    }
}
