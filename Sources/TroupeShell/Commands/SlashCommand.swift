/// One slash command of the shell (`/model`, `/set`, ...).
///
/// Commands are values: a module adds its own by building `SlashCommand`s in its own file and
/// registering them (see ``CommandRegistry``). A command's `run` executes on the engine's actor,
/// so it may read and change the conversation, the configuration and the output directly.
public struct SlashCommand: Sendable {
    /// The name without the slash.
    public var name: String
    /// Argument synopsis shown in help, e.g. `NAME` or `[on|off]`; empty when none.
    public var arguments: String
    /// One line for the `/help` list.
    public var summary: String
    /// More detail for `/help NAME`; may be empty.
    public var details: String
    /// Candidates for the argument being typed at the Tab key, given the arguments before it.
    public var complete: @Sendable (_ context: CompletionContext, _ previous: [String]) -> [String]
    /// Runs the command with the text after its name (trimmed).
    public var run: @Sendable (_ shell: isolated ShellEngine, _ arguments: String) async throws -> Void

    public init(
        name: String,
        arguments: String = "",
        summary: String,
        details: String = "",
        complete: @escaping @Sendable (_ context: CompletionContext, _ previous: [String]) -> [String] = { _, _ in [] },
        run: @escaping @Sendable (_ shell: isolated ShellEngine, _ arguments: String) async throws -> Void
    ) {
        self.name = name
        self.arguments = arguments
        self.summary = summary
        self.details = details
        self.complete = complete
        self.run = run
    }

    /// `/name ARGS`, as shown in help and usage errors.
    public var synopsis: String {
        arguments.isEmpty ? "/\(name)" : "/\(name) \(arguments)"
    }
}

/// A command's complaint about its arguments; printed as `usage: ...` or as the message.
public enum ShellCommandError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The arguments do not fit; carries the synopsis.
    case usage(String)
    /// A value was refused; carries a message a user can act on.
    case invalid(String)

    public var description: String {
        switch self {
        case .usage(let synopsis): "usage: \(synopsis)"
        case .invalid(let message): message
        }
    }
}
