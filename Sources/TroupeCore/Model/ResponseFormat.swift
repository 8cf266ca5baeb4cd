/// The `response_format` of a chat request: free text, JSON mode or a JSON schema.
public enum ResponseFormat: Codable, Sendable, Hashable {
    case text
    /// JSON mode: `{"type": "json_object"}`.
    case jsonObject
    /// Structured output: `{"type": "json_schema", "json_schema": {name, schema, strict}}`.
    case jsonSchema(name: String, schema: JSONValue, strict: Bool)
}
