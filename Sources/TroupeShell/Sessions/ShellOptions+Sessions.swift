import Foundation
import TroupeCore

extension ShellOptions {
    /// Starts the shell from a saved session: its messages, its settings put in force in
    /// `config`, and its name for `/save` and `/autosave`.
    /// - Parameters:
    ///   - flags: Settings given on the command line (`MODEL`, `API_TYPE`, ...); they win over
    ///     the session's.
    /// - Returns: Notes on settings that could not be carried over.
    /// - Throws: ``SessionError`` when the session cannot be read, ``ConfigError`` when a
    ///   saved or given value is refused; nothing is changed then.
    public mutating func resume(
        _ reference: String,
        store: SessionStore = SessionStore(),
        config: inout TroupeConfig,
        flags: [String: String] = [:],
        knownAPITypes: Set<String> = TroupeConfig.builtInAPITypes
    ) throws -> [SessionSettingsNote] {
        let session = try store.load(reference)
        var resumed = config
        let notes = try resumed.apply(session.settings, source: .session, knownAPITypes: knownAPITypes)
        for (key, value) in flags.sorted(by: { $0.key < $1.key }) {
            try resumed.set(key, to: value, source: .flag, knownAPITypes: knownAPITypes)
        }
        var recorder = SessionRecorder(store: store)
        recorder.restore(session, reference: reference)
        config = resumed
        messages = session.messages
        sessions = recorder
        return notes
    }
}
