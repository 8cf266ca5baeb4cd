import Synchronization
import TroupeCore

/// The first error writing the conversation log during a run (the recorder reports each
/// problem once; the run goes on without logging).
final class EvalLogProblems: Sendable {
    private let first = Mutex<ConversationLogError?>(nil)

    func report(_ problem: ConversationLogError) {
        first.withLock { if $0 == nil { $0 = problem } }
    }

    var problem: ConversationLogError? { first.withLock { $0 } }
}
