import Foundation

/// A conversation as readable Markdown (`/export FILE.md`): a heading, then each message
/// under its role's heading, its text as written (replies are Markdown already), an image as
/// a line naming it.
public enum ConversationMarkdown {
    /// - Parameters:
    ///   - messages: the conversation, in order.
    ///   - model: the model that answered, named in the replies' headings.
    ///   - branch: the branch exported, named in the title.
    ///   - date: when it was exported, shown in `timeZone`.
    public static func render(
        _ messages: [ChatMessage], model: String, branch: String, date: Date, timeZone: TimeZone = .current
    ) -> String {
        let formatter = DateFormatter()
        formatter.timeZone = timeZone
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        var out = "# Conversation with \(model)\n\n"
        out += "Exported by troupe on \(formatter.string(from: date)), branch \(branch), \(messages.count) message(s).\n"
        for message in messages {
            let heading: String
            switch message.role {
            case .system: heading = "System"
            case .developer: heading = "Developer"
            case .user: heading = message.name.map { "User (\($0))" } ?? "User"
            case .assistant: heading = model
            case .tool: heading = "Tool"
            }
            let body = message.content.hasSuffix("\n") ? String(message.content.dropLast()) : message.content
            out += "\n## \(heading)\n\n\(body)\n"
            for image in message.images { out += "\n[image: \(image.name), \(image.mediaType)]\n" }
        }
        return out
    }
}
