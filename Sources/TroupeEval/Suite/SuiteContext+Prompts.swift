import Foundation
import TroupeCore

extension SuiteContext {
    /// `prompts:`: one entry or a list, each inline text, `file://` (a glob too), `template:NAME`
    /// or `{id, label}` / `{raw, label}`; a mapping of ids to labels is read as such a list.
    func prompts(_ node: SuiteNode) throws(EvalSuiteError) -> [EvalPrompt] {
        var prompts: [EvalPrompt] = []
        if node.isObject, node["id"] == nil, node["raw"] == nil {
            for key in node.keys {
                guard let label = node[key] else { continue }
                prompts += try prompt(id: key, label: try label.text(), at: label)
            }
            return prompts
        }
        for item in node.items {
            if case .string(let text) = item.value {
                prompts += try prompt(id: text, label: nil, at: item)
            } else if item.isObject {
                let label = try item["label"].map { node throws(EvalSuiteError) in try node.text() }
                if let raw = item["raw"] {
                    prompts += try prompt(id: try raw.text(), label: label, at: raw, inline: true)
                } else if let id = item["id"] {
                    prompts += try prompt(id: try id.text(), label: label, at: id)
                } else {
                    throw item.error(.missingField("\(item.fieldName).id"))
                }
            } else {
                throw item.invalid("a prompt: text, file://PATH, template:NAME or {id, label}")
            }
        }
        return prompts
    }

    private func prompt(id: String, label: String?, at node: SuiteNode, inline: Bool = false) throws(EvalSuiteError) -> [EvalPrompt] {
        if !inline, id.hasPrefix("template:") {
            let name = String(id.dropFirst("template:".count))
            guard !name.isEmpty else { throw node.invalid("template:NAME with a template name") }
            return [EvalPrompt(id: id, label: label ?? id, body: .template(name: name))]
        }
        guard !inline, id.hasPrefix("file://") else {
            return [EvalPrompt(id: id, label: label ?? id, body: try body(of: id, file: node.file, line: node.line))]
        }
        var prompts: [EvalPrompt] = []
        for path in try files(id, at: node) {
            let lower = path.lowercased()
            for suffix in [".js", ".cjs", ".mjs", ".ts", ".py", ".jsonl"] where lower.hasSuffix(suffix) {
                throw node.error(.unsupported("the prompt file \(id) (\(suffix) prompts)"))
            }
            let text = try readText(path, at: node)
            if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") {
                let document: YAMLDocument
                do { document = try YAMLReader().read(text, file: path) } catch {
                    throw EvalSuiteError(file: path, line: error.line, kind: .yaml(error))
                }
                let parts = try chatParts(document.value, file: path, line: 1)
                guard let parts else { throw EvalSuiteError(file: path, line: 1, kind: .invalidField(field: "the prompt", expected: "a list of {role, content}")) }
                prompts.append(EvalPrompt(id: id, label: label ?? "\(displayPath(path)): \(text)", body: .chat(parts)))
                continue
            }
            if lower.hasSuffix(".json") {
                prompts.append(EvalPrompt(id: id, label: label ?? "\(displayPath(path)): \(text)", body: try body(of: text, file: path, line: 1)))
                continue
            }
            // A text file: several prompts separated by lines that are exactly `---`.
            let parts = Self.splitPrompts(text)
            for (index, part) in parts.enumerated() {
                let partLabel: String
                if let label { partLabel = parts.count == 1 ? label : "\(label): \(part)" } else {
                    partLabel = "\(displayPath(path)): \(part)"
                }
                let line = Self.lineOfPart(index, in: text)
                prompts.append(EvalPrompt(id: id, label: partLabel, body: try body(of: part, file: path, line: line)))
            }
        }
        return prompts
    }

    /// The path as the suite would write it (relative to its folder when inside it).
    func displayPath(_ path: String) -> String {
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    /// Prompt text: a JSON list of `{role, content}` is a chat prompt, anything else a template.
    private func body(of text: String, file: String, line: Int) throws(EvalSuiteError) -> EvalPrompt.Body {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("["), let data = trimmed.data(using: .utf8),
           let value = try? JSONDecoder().decode(JSONValue.self, from: data),
           let parts = try chatParts(value, file: file, line: line) {
            return .chat(parts)
        }
        do {
            return .text(try NunjucksTemplate(text))
        } catch {
            var located = error
            located.line += line - 1
            throw EvalSuiteError(file: file, line: line + error.line - 1, kind: .template(prompt: text, located))
        }
    }

    /// The messages of a chat prompt, or nil when `value` is not a list of `{role, content}`.
    private func chatParts(_ value: JSONValue, file: String, line: Int) throws(EvalSuiteError) -> [EvalChatPart]? {
        guard case .array(let items) = value, !items.isEmpty else { return nil }
        var parts: [EvalChatPart] = []
        for item in items {
            guard case .object(let fields) = item, case .string(let roleText)? = fields["role"] else { return nil }
            guard let role = ChatMessage.Role(rawValue: roleText) else {
                throw EvalSuiteError(file: file, line: line, kind: .invalidField(field: "role \(roleText)", expected: "system, developer, user or assistant"))
            }
            let content: String
            switch fields["content"] {
            case .string(let text)?: content = text
            case nil, .null?: content = ""
            default:
                throw EvalSuiteError(file: file, line: line, kind: .unsupported("message content that is not text (images, parts)"))
            }
            do {
                parts.append(EvalChatPart(role: role, content: try NunjucksTemplate(content)))
            } catch {
                throw EvalSuiteError(file: file, line: line, kind: .template(prompt: content, error))
            }
        }
        return parts
    }

    /// The prompts of a text file: the parts between lines that are exactly `---`.
    static func splitPrompts(_ text: String) -> [String] {
        var parts: [String] = []
        var current: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "---" || line == "---\r" {
                parts.append(current.joined(separator: "\n"))
                current = []
            } else {
                current.append(line)
            }
        }
        parts.append(current.joined(separator: "\n"))
        let trimmed = parts.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        return trimmed.isEmpty ? [""] : trimmed
    }

    /// The 1-based line where part `index` of a `---`-separated file starts.
    static func lineOfPart(_ index: Int, in text: String) -> Int {
        guard index > 0 else { return 1 }
        var seen = 0
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where line == "---" {
            seen += 1
            if seen == index { return number + 2 }
        }
        return 1
    }
}
