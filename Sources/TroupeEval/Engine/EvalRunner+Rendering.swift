import Foundation
import TroupeCore

/// Why a cell's prompt could not be made.
public enum EvalRenderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A `file://` variable names a file that cannot be read.
    case unreadableVariable(name: String, path: String)
    /// The Nunjucks prompt failed while rendering (a filter on a value it cannot take).
    case template(NunjucksError)
    /// A troupe template (`template:NAME`) failed.
    case troupeTemplate(String)

    public var description: String {
        switch self {
        case .unreadableVariable(let name, let path): return "the variable \(name) names \(path), which cannot be read"
        case .template(let error): return "the prompt did not render: \(error)"
        case .troupeTemplate(let message): return "the template did not render: \(message)"
        }
    }
}

extension EvalRunner {
    /// The variables with `file://` values replaced by the files' text (trimmed).
    static func resolvedVariables(_ vars: [String: JSONValue]) throws(EvalRenderError) -> [String: JSONValue] {
        var resolved = vars
        for (name, value) in vars {
            guard case .string(let text) = value, text.hasPrefix("file://") else { continue }
            let path = String(text.dropFirst(7))
            guard let data = FileManager.default.contents(atPath: path), let content = String(data: data, encoding: .utf8) else {
                throw .unreadableVariable(name: name, path: path)
            }
            resolved[name] = .string(content.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return resolved
    }

    /// The messages `prompt` renders to with `vars` (already resolved).
    static func messages(
        for prompt: EvalPrompt, vars: [String: JSONValue], templates: TemplateRenderer
    ) throws(EvalRenderError) -> [ChatMessage] {
        switch prompt.body {
        case .text(let template):
            do { return [.user(try template.render(vars))] } catch { throw .template(error) }
        case .chat(let parts):
            var messages: [ChatMessage] = []
            for part in parts {
                do { messages.append(ChatMessage(role: part.role, content: try part.content.render(vars))) } catch {
                    throw .template(error)
                }
            }
            return messages
        case .template(let name):
            do {
                let rendered = try templates.render(name, variables: TemplateVariables(vars))
                return [.user(rendered.text)]
            } catch {
                throw .troupeTemplate("\(error)")
            }
        }
    }

    /// A check's value with the Nunjucks templates in its strings rendered.
    public static func renderedValue(_ value: JSONValue?, vars: [String: JSONValue]) throws(NunjucksError) -> JSONValue? {
        guard let value else { return nil }
        switch value {
        case .string(let text) where NunjucksTemplate.hasSyntax(text):
            return .string(try NunjucksTemplate(text).render(vars))
        case .array(let items):
            var rendered: [JSONValue] = []
            for item in items { rendered.append(try renderedValue(item, vars: vars) ?? .null) }
            return .array(rendered)
        default:
            return value
        }
    }
}
