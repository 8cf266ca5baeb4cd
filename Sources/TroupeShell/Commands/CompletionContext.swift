import Foundation
import Synchronization
import TroupeCore

/// What a command's Tab completion may use: a snapshot of the shell's state taken after the
/// last input (Tab runs inside the line editor, outside the engine's actor).
public struct CompletionContext: Sendable {
    /// The configuration in effect (model, templates directories, ...).
    public var config: TroupeConfig
    /// API types with a registered client.
    public var apiTypes: [String]
    /// Every command name.
    public var commandNames: [String]
    /// Dotted paths of the template variables in force (`/var`, `/vars`).
    public var variableNames: [String] = []
    /// Templates rendered in this session, the latest first.
    public var recentTemplates: [String] = []
    /// The branches of the conversation.
    public var branchNames: [String] = []
    /// Model names the current endpoint listed (fetched in the background).
    public var fetchedModelNames: [String] = []
    /// The chat models the catalog lists (built-in and the user's `models.yaml`); empty until
    /// the shell has asked the catalog (then ``modelNames`` takes the built-in table's).
    public var catalogModelNames: [String] = []

    public init(config: TroupeConfig, apiTypes: [String], commandNames: [String]) {
        self.config = config
        self.apiTypes = apiTypes
        self.commandNames = commandNames
    }

    /// A template locator for the configuration in force (reads the folders at each call).
    public var templateLocator: TemplateLocator {
        TemplateLocator(config: config)
    }

    /// Model names to offer: the known ones plus those in the configuration.
    public var modelNames: [String] {
        Array(Set((catalogModelNames.isEmpty ? ModelCatalog.builtIn.knownModels : catalogModelNames) + [config.model, config.reasoningModel] + fetchedModelNames)).sorted()
    }
}

/// The latest ``CompletionContext`` and commands, shared between the engine and the editor.
final class CompletionSnapshot: Sendable {
    private let state: Mutex<(context: CompletionContext, registry: CommandRegistry)>

    init(_ context: CompletionContext, registry: CommandRegistry) {
        state = Mutex((context, registry))
    }

    var current: (context: CompletionContext, registry: CommandRegistry) {
        state.withLock { $0 }
    }

    func update(_ context: CompletionContext, registry: CommandRegistry) {
        state.withLock { $0 = (context, registry) }
    }
}

extension ShellEngine {
    /// Tab completion for the line editor: command names after `/`, then each command's
    /// own arguments. Plain text gets no completion.
    public nonisolated func completions(forLineBeforeCursor line: String) -> [String] {
        guard line.hasPrefix("/") else { return [] }
        let (context, registry) = completionSnapshot.current
        let words = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        if words.count == 1 {
            return context.commandNames.map { "/" + $0 }
        }
        let name = String(words[0].dropFirst()).lowercased()
        guard let command = registry.command(named: name) else { return [] }
        let previous = words.dropFirst().dropLast().filter { !$0.isEmpty }
        return command.complete(context, Array(previous))
    }
}
