import TroupeCore

/// Reads assertion mappings, following `$ref: "#/assertionTemplates/NAME"`.
struct AssertionReader: Sendable {
    let templates: [String: SuiteNode]

    func assertion(_ node: SuiteNode) throws(EvalSuiteError) -> EvalAssertion {
        guard node.isObject else { throw node.invalid("an assertion: {type, value}") }
        if let reference = node["$ref"] {
            let text = try reference.text()
            let prefix = "#/assertionTemplates/"
            guard text.hasPrefix(prefix), let template = templates[String(text.dropFirst(prefix.count))] else {
                throw reference.error(.unknownReference(text))
            }
            // Fields beside `$ref` refine the template (weight, metric, ...).
            var assertion = try self.assertion(template)
            if let weight = node["weight"] { assertion.weight = try weight.number() }
            if let metric = node["metric"] { assertion.metric = try metric.text() }
            if let threshold = node["threshold"] { assertion.threshold = try threshold.number() }
            if let value = node["value"] { assertion.value = value.value }
            return assertion
        }
        guard let typeNode = node["type"] else { throw node.error(.missingField("\(node.fieldName).type")) }
        let written = try typeNode.text()
        var assertion = EvalAssertion(type: written)
        if written.hasPrefix("not-") {
            assertion.type = String(written.dropFirst(4))
            assertion.negated = true
        }
        assertion.value = node["value"]?.value
        assertion.threshold = try node["threshold"].map { node throws(EvalSuiteError) in try node.number() }
        assertion.weight = try node["weight"].map { node throws(EvalSuiteError) in try node.number() } ?? 1
        assertion.metric = try node["metric"].map { node throws(EvalSuiteError) in try node.text() }
        let known: Set<String> = ["type", "value", "threshold", "weight", "metric"]
        assertion.unsupportedFields = node.keys.filter { !known.contains($0) }
        return assertion
    }
}

extension EvalAssertion {
    /// promptfoo's assertion types, for the one-string form (`icontains: paris`); a text that
    /// names none of them is an `equals` check of the whole text, as in promptfoo.
    static let oneStringTypes: Set<String> = [
        "answer-relevance", "bleu", "classifier", "contains", "contains-all", "contains-any", "contains-html",
        "contains-json", "contains-sql", "contains-xml", "context-faithfulness", "context-recall",
        "context-relevance", "conversation-relevance", "cost", "equals", "factuality", "finish-reason", "g-eval",
        "gleu", "guardrails", "icontains", "icontains-all", "icontains-any", "is-html", "is-json", "is-refusal",
        "is-sql", "is-valid-function-call", "is-valid-openai-function-call", "is-valid-openai-tools-call",
        "is-xml", "javascript", "latency", "levenshtein", "llm-rubric", "meteor", "model-graded-closedqa",
        "model-graded-factuality", "moderation", "perplexity", "perplexity-score", "pi", "python", "regex",
        "rouge-n", "ruby", "select-best", "similar", "starts-with", "webhook", "word-count",
    ]

    /// Reads the one-string form of a check, as CSV `__expected` columns and the shell's
    /// `/expect` write it: `contains: Paris`, `not-icontains: sorry`, `similar(0.8): text`,
    /// `grade: is polite` (llm-rubric), `levenshtein(3): text`, `latency(500)`, `is-json`;
    /// `fn:`/`javascript:`/`eval:` and `python:` name those (unsupported) types; any other text is
    /// `equals` of the whole text. The `-any`/`-all` lists split on `,`.
    public init(oneString written: String) {
        let text = written.trimmingCharacters(in: .whitespaces)
        func rest(after prefix: String) -> String {
            String(text.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
        }
        for (prefix, type) in [("grade:", "llm-rubric"), ("llm-rubric:", "llm-rubric"), ("javascript:", "javascript"),
                               ("fn:", "javascript"), ("eval:", "javascript"), ("python:", "python")]
        where text.hasPrefix(prefix) {
            self.init(type: type, value: .string(rest(after: prefix)))
            return
        }
        let scalars = Array(text)
        var index = 0
        var negated = false
        if text.hasPrefix("not-") {
            negated = true
            index = 4
        }
        var name = ""
        while index < scalars.count, scalars[index].isLetter || scalars[index] == "-" || scalars[index].isNumber {
            name.append(scalars[index])
            index += 1
        }
        var threshold: Double?
        var valid = Self.oneStringTypes.contains(name)
        if valid, index < scalars.count, scalars[index] == "(" {
            guard let close = scalars[index...].firstIndex(of: ")"),
                  let number = Double(String(scalars[(index + 1)..<close])) else {
                valid = false
                self.init(type: "equals", value: .string(text))
                return
            }
            threshold = number
            index = close + 1
        }
        var value: String?
        if valid, index < scalars.count {
            if scalars[index] == ":" {
                value = String(scalars[(index + 1)...]).trimmingCharacters(in: .whitespaces)
            } else {
                valid = false
            }
        }
        guard valid else {
            self.init(type: "equals", value: .string(text))
            return
        }
        var parsed: JSONValue? = value.map(JSONValue.string)
        if let value, ["contains-any", "contains-all", "icontains-any", "icontains-all"].contains(name) {
            parsed = .array(value.split(separator: ",").map { .string($0.trimmingCharacters(in: .whitespaces)) })
        }
        if value?.isEmpty ?? false { parsed = nil }
        self.init(type: name, negated: negated, value: parsed, threshold: threshold)
    }

    /// The check in its one-string form (for listings): `contains: Paris`, `similar(0.8): text`.
    public var oneString: String {
        var text = typeName
        if let threshold { text += "(\(JSONValue.numberText(threshold)))" }
        switch value {
        case nil, .null?: return text
        case .array(let items)?: return text + ": " + items.map(\.nunjucksText).joined(separator: ",")
        case .object?: return text + ": " + (value?.compactJSON ?? "")
        case let other?: return text + ": " + other.nunjucksText
        }
    }
}
