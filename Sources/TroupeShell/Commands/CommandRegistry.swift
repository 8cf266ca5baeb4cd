/// The shell's slash commands by name.
///
/// To add commands from another file or module, write an `extension SlashCommand` with static
/// builders (as `SlashCommand+Conversation.swift` does) and register them, either in
/// ``CommandRegistry/standard(extra:)`` or by passing them in `ShellOptions.extraCommands`.
public struct CommandRegistry: Sendable {
    private var commands: [String: SlashCommand] = [:]
    private var order: [String] = []

    public init(_ commands: [SlashCommand] = []) {
        for command in commands {
            register(command)
        }
    }

    /// The built-in commands, plus `extra` (a later command replaces one of the same name).
    public static func standard(extra: [SlashCommand] = []) -> CommandRegistry {
        CommandRegistry(SlashCommand.builtIn + extra)
    }

    /// Adds a command, or replaces the one with the same name.
    public mutating func register(_ command: SlashCommand) {
        if commands[command.name] == nil {
            order.append(command.name)
        }
        commands[command.name] = command
    }

    /// Every command in registration order.
    public var all: [SlashCommand] {
        order.compactMap { commands[$0] }
    }

    /// Every command name, sorted.
    public var names: [String] {
        order.sorted()
    }

    public func command(named name: String) -> SlashCommand? {
        commands[name]
    }

    /// The closest command name to a mistyped one, when it is close enough to be a typo
    /// (or when the typed text is the start of exactly one name).
    public func nearest(to name: String) -> String? {
        let prefixed = order.filter { $0.hasPrefix(name) }
        if !name.isEmpty, prefixed.count == 1 {
            return prefixed[0]
        }
        guard let best = order.nearest(to: name) else { return nil }
        return best.distance <= max(2, best.name.count / 3) ? best.name : nil
    }
}
