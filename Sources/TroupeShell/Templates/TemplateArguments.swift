/// The arguments of `/render` and `/template`:
/// `NAME [USER] [k=v ...] [--user] [--allow-missing] [--no-escape]`.
struct TemplateArguments: Equatable {
    /// The first template: the system message, or with `asUser` the next user message.
    var name: String
    /// A user template rendered after the system one (a second word without `=`).
    var userTemplate: String?
    /// `k=v` pairs for this render only, in order.
    var pairs: [String] = []
    /// `--user`: render `name` as the next user message of the current conversation.
    var asUser = false
    /// `--allow-missing`: names not given render empty, with a warning.
    var allowMissing = false
    /// `--no-escape`: `{{name}}` inserts text as written.
    var noEscape = false

    /// The options both commands take, for help and completion.
    static let options = ["--user", "--allow-missing", "--no-escape"]

    /// - Parameter synopsis: the command's synopsis, for the usage error.
    init(parsing text: String, synopsis: String) throws {
        var name: String?
        for word in try CommandWords.split(text) {
            switch word {
            case "--user": asUser = true
            case "--allow-missing": allowMissing = true
            case "--no-escape": noEscape = true
            case _ where word.hasPrefix("--"):
                let known = Self.options.joined(separator: ", ")
                throw ShellCommandError.invalid("unknown option \(word); the options are \(known).")
            case _ where word.contains("="):
                pairs.append(word)
            default:
                if name == nil {
                    name = word
                } else if userTemplate == nil {
                    userTemplate = word
                } else {
                    throw ShellCommandError.invalid(
                        "'\(word)' is neither a template nor a NAME=VALUE pair (\(synopsis)).")
                }
            }
        }
        guard let name else { throw ShellCommandError.usage(synopsis) }
        if asUser, let userTemplate {
            throw ShellCommandError.invalid(
                "--user renders one template as your next message; '\(userTemplate)' is a second one.")
        }
        self.name = name
    }
}
