/// Plain-text views of templates and rendered prompts, shared by `troupe render` and the shell.
public enum TemplateListing {
    /// One line per template: name, origin and path; shadowed ones are marked.
    public static func text(_ entries: [TemplateEntry]) -> String {
        guard !entries.isEmpty else { return "No templates found.\n" }
        let nameWidth = min(40, entries.map(\.name.count).max() ?? 0)
        let originWidth = entries.map(\.origin.description.count).max() ?? 0
        var lines: [String] = []
        for entry in entries {
            var line = pad(entry.name, nameWidth) + "  " + pad(entry.origin.description, originWidth) + "  " + entry.path
            if entry.isShadowed { line += "  (shadowed)" }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Each message under a header with its role, template, origin and, when given, token count.
    /// - Parameter tokenCounts: one count per message (same order), or nil to leave them out.
    public static func text(_ prompt: RenderedPrompt, tokenCounts: [Int]?) -> String {
        let renders = [prompt.system] + (prompt.user.map { [$0] } ?? [])
        return text(Array(zip(prompt.messages, renders)), tokenCounts: tokenCounts)
    }

    /// Messages with the renders they came from, each under a header as above.
    public static func text(_ messages: [(message: ChatMessage, render: RenderedTemplate)], tokenCounts: [Int]?) -> String {
        var out = ""
        for (index, (message, render)) in messages.enumerated() {
            var header = "── \(message.role.rawValue) · \(render.entry.name) (\(render.entry.origin): \(render.entry.path))"
            if !render.partials.isEmpty { header += " + " + render.partials.map(\.name).joined(separator: ", ") }
            if let tokenCounts, index < tokenCounts.count { header += " · \(tokenCounts[index]) tokens" }
            if index > 0 { out += "\n" }
            out += header + "\n" + message.content + "\n"
        }
        if let tokenCounts, tokenCounts.count > 1 {
            out += "\n── \(tokenCounts.reduce(0, +)) tokens in \(tokenCounts.count) messages\n"
        }
        return out
    }

    /// Warnings as lines to show: one per missing variable, and one note gathering the optional
    /// sections that were not given (they are usually meant to be optional).
    public static func warningLines(_ warnings: [TemplateWarning]) -> [String] {
        var lines = warnings.filter { $0.kind == .missingVariable }.map { "warning: \($0)" }
        var sections: [String] = []
        for warning in warnings where warning.kind == .missingSection && !sections.contains(warning.name) {
            sections.append(warning.name)
        }
        if !sections.isEmpty {
            lines.append("note: sections not given (treated as false): \(sections.joined(separator: ", "))")
        }
        return lines
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
