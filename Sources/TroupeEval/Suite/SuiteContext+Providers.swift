import TroupeCore

extension SuiteContext {
    /// One provider: an id, `{id, label, config, prompts}`, or `{ID: {label, config}}`.
    func provider(_ node: SuiteNode) throws(EvalSuiteError) -> EvalProvider {
        if case .string(let id) = node.value { return try Self.provider(id: id, at: node) }
        guard node.isObject else { throw node.invalid("a provider id such as openai:gpt-4.1-mini, or {id, label, config}") }
        let body: SuiteNode
        let id: String
        if let idNode = node["id"] {
            id = try idNode.text()
            body = node
        } else if node.keys.count == 1, let key = node.keys.first, let inner = node[key], inner.isObject {
            id = key
            body = inner
        } else {
            throw node.error(.missingField("\(node.fieldName).id"))
        }
        var provider = try Self.provider(id: id, at: node)
        provider.label = try body["label"].map { node throws(EvalSuiteError) in try node.text() }
        if let prompts = body["prompts"] {
            var labels: [String] = []
            for item in prompts.items { labels.append(try item.text()) }
            provider.promptFilter = labels
        }
        if let config = body["config"] {
            guard config.isObject else { throw config.invalid("a mapping of provider settings") }
            try apply(config, to: &provider)
        }
        return provider
    }

    /// The API and model an id names.
    static func provider(id: String, at node: SuiteNode) throws(EvalSuiteError) -> EvalProvider {
        let parts = id.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        switch parts.first {
        case "openai":
            if parts.count == 3, parts[1] == "chat", !parts[2].isEmpty { return EvalProvider(id: id, api: .openai, model: parts[2]) }
            if parts.count == 2, !parts[1].isEmpty, !["chat", "completion", "embedding", "embeddings", "assistant", "image", "realtime", "responses"].contains(parts[1]) {
                return EvalProvider(id: id, api: .openai, model: parts[1])
            }
        case "azureopenai", "azure":
            if parts.count == 3, parts[1] == "chat", !parts[2].isEmpty { return EvalProvider(id: id, api: .azure, model: parts[2]) }
        case "local":
            if parts.count == 1 { return EvalProvider(id: id, api: .local, model: "") }
            let file = parts.dropFirst().joined(separator: ":")
            if !file.isEmpty { return EvalProvider(id: id, api: .local, model: file) }
        default:
            break
        }
        throw node.error(.unsupportedProvider(id))
    }

    /// The request settings of `config` that troupe sends; a key that changes what is asked
    /// (tools, functions) is refused rather than left out.
    private func apply(_ config: SuiteNode, to provider: inout EvalProvider) throws(EvalSuiteError) {
        let parameters: [String: Setting] = [
            "temperature": .temperature, "max_tokens": .maxTokens, "max_completion_tokens": .maxCompletionTokens,
            "top_p": .topP, "seed": .seed, "stop": .stop, "frequency_penalty": .frequencyPenalty,
            "presence_penalty": .presencePenalty, "reasoning_effort": .reasoningEffort,
        ]
        let ignored: Set<String> = ["apiKey", "apiKeyEnvar", "organization", "cost", "headers", "passthrough"]
        for key in config.keys {
            guard let node = config[key] else { continue }
            if let setting = parameters[key] {
                do {
                    if let value = try setting.validate(node.value) { provider.parameters[setting] = value }
                } catch {
                    throw node.invalid(setting.expected)
                }
                continue
            }
            switch key {
            case "apiBaseUrl": provider.apiBaseURL = try node.text()
            case "apiHost": provider.apiHost = try node.text()
            case "apiVersion": provider.apiVersion = try node.text()
            case "response_format": provider.responseFormat = try Self.responseFormat(node)
            default:
                if ignored.contains(key) { continue }
                throw node.error(.unsupported("the provider setting config.\(key)"))
            }
        }
    }

    static func responseFormat(_ node: SuiteNode) throws(EvalSuiteError) -> ResponseFormat {
        let type = try node["type"]?.text()
        switch type {
        case "json_object": return .jsonObject
        case "text": return .text
        case "json_schema":
            guard let schema = node["json_schema"], let inner = schema["schema"] else {
                throw node.error(.missingField("\(node.fieldName).json_schema.schema"))
            }
            let name = try schema["name"]?.text() ?? "response"
            let strict = schema["strict"]?.value == .bool(true)
            return .jsonSchema(name: name, schema: inner.value, strict: strict)
        default:
            throw node.invalid("{type: json_object}, {type: text} or {type: json_schema, json_schema: {name, schema}}")
        }
    }
}
