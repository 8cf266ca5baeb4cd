import Foundation
import TroupeCore

extension ShellEngine {
    /// Writes one turn to the conversation log (when there is one); a log that cannot be
    /// written is said once and the shell goes on.
    /// `/set log off` stops the writing for the rest of the session (`/set log on` resumes it).
    func logTurn(
        apiType: String, parameters: ChatParameters, messages: [ChatMessage], completion: ChatCompletion? = nil,
        partial: String? = nil, error: (any Error)? = nil, branch: String, time: Date
    ) async {
        guard let recorder, await service.config[.log]?.boolValue != false else { return }
        let cost = service.cost(of: completion, model: parameters.model, apiType: apiType)
        if let problem = recorder.record(
            apiType: apiType, parameters: parameters, messages: messages, completion: completion,
            partialReply: partial, cost: cost, error: error, branch: branch, time: time)
        {
            output.info("warning: the conversation log is not written (\(problem)); LOG=off turns it off")
        }
    }

    /// A recorder for a `/replay`: the shell's log, a conversation of its own.
    var replayRecorder: ConversationRecorder? {
        guard let log = try? recorder?.log() else { return nil }
        return ConversationRecorder(log: log, kind: .replay)
    }
}
