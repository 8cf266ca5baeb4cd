import Foundation
import TroupeCore
import TroupeEval

extension ShellEngine {
    /// The conversation as a session: messages, the settings in force and the recorded turns.
    public func currentSession() async -> Session {
        let config = await service.config
        var settings = SessionSettings(config: config, apiType: service.registry.apiType(for: config))
        settings.parameters.model = await service.modelInUse(settings.parameters)
        let expectations = checks.expectations.map(\.oneString)
        return sessions.session(tree: tree, settings: settings, checks: expectations.isEmpty ? nil : expectations)
    }

    /// Puts a loaded session in force: settings first (a refused value changes nothing), then
    /// the conversation and its turns.
    /// - Returns: Notes on settings that could not be carried over.
    public func restore(_ session: Session, reference: String?) async throws -> [String] {
        let known = knownAPITypes.union(TroupeConfig.builtInAPITypes)
        var config = await service.config
        let notes = try config.apply(session.settings, source: .session, knownAPITypes: known)
        await service.update(config)
        replaceConversation(with: session.tree)
        sessions.restore(session, reference: reference)
        checks.expectations = (session.checks ?? []).map(EvalAssertion.init(oneString:))
        return notes.map(Self.wording)
    }

    /// A note about a loaded session's settings, with the shell's way to change it.
    static func wording(_ note: SessionSettingsNote) -> String {
        switch note {
        case .cacheDiffers: return "\(note) (/cache to change)"
        default: return note.description
        }
    }

    /// Called after every turn that got a reply: saves when `/autosave` is on.
    func autosaveAfterTurn() async {
        guard sessions.autosave, let reference = sessions.reference else { return }
        let session = await currentSession()
        do {
            try sessions.store.save(session, to: reference)
        } catch {
            output.error("autosave failed: \(error)")
        }
    }
}

extension ShellEngine {
    /// Changes the session bookkeeping (tests point ``sessions`` at a temporary store).
    public func updateSessions(_ change: (inout SessionRecorder) -> Void) {
        change(&sessions)
    }
}
