import TroupeCore

/// One turn's progress as a value state machine: stream events and the end of the stream go
/// in, what to print and how the turn ended come out. No I/O, so it is tested on its own.
struct Turn {
    enum Phase: Equatable {
        /// Sent; no token yet (the spinner runs).
        case waiting
        /// Tokens are arriving.
        case streaming
        case ended
    }

    /// What the engine does for an event.
    enum Action: Equatable {
        /// Clear the spinner (first token arrived).
        case stopSpinner
        /// Print text of the reply.
        case print(String)
        /// Say what the turn is waiting for (a retry, a server starting): the spinner's label.
        case status(String)
        /// Tell the user of a problem that did not stop the turn.
        case warn(String)
    }

    /// How the turn ended.
    enum Outcome {
        /// The whole reply arrived.
        case replied(ChatCompletion)
        /// Ctrl-C after some text arrived: keep it, marked as cut.
        case cut(String)
        /// Ctrl-C before any text: nothing to keep.
        case stoppedBeforeReply
        /// The request failed.
        case failed(any Error)
        /// The request failed after part of the reply arrived: keep it, marked as cut.
        case interrupted(String, any Error)
    }

    let start: ContinuousClock.Instant
    private(set) var phase = Phase.waiting
    private(set) var text = ""
    private(set) var timeToFirstToken: Duration?
    private(set) var completion: ChatCompletion?

    init(start: ContinuousClock.Instant) {
        self.start = start
    }

    mutating func receive(_ event: ChatEvent, at now: ContinuousClock.Instant) -> [Action] {
        switch event {
        case .delta(let piece):
            guard !piece.isEmpty else { return [] }
            var actions: [Action] = []
            if phase == .waiting {
                phase = .streaming
                timeToFirstToken = now - start
                actions.append(.stopSpinner)
            }
            text += piece
            actions.append(.print(piece))
            return actions
        case .retrying(let notice):
            return phase == .waiting ? [.status(notice.description)] : []
        case .waiting(let what):
            return phase == .waiting ? [.status(what)] : []
        case .warning(let message):
            return [.warn(message)]
        }
    }

    /// The request returned its whole answer.
    mutating func complete(_ result: ChatCompletion, at now: ContinuousClock.Instant) -> [Action] {
        completion = result
        guard phase == .waiting else { return [] }
        // A reply with no deltas (empty, or sent whole): print what it holds.
        phase = .streaming
        timeToFirstToken = now - start
        guard text.isEmpty, !result.content.isEmpty else { return [.stopSpinner] }
        text = result.content
        return [.stopSpinner, .print(result.content)]
    }

    /// Ends the turn.
    /// - Parameters:
    ///   - cancelled: the user pressed Ctrl-C.
    ///   - error: what the stream threw, if anything.
    mutating func finish(cancelled: Bool, error: (any Error)?) -> Outcome {
        phase = .ended
        if cancelled || error is CancellationError {
            return text.isEmpty ? .stoppedBeforeReply : .cut(text)
        }
        if let error {
            return text.isEmpty ? .failed(error) : .interrupted(text, error)
        }
        if let completion {
            var whole = completion
            // The streamed text is what the user saw; keep exactly that.
            if !text.isEmpty { whole.content = text }
            return .replied(whole)
        }
        // The stream ended without its final event: the connection was cut.
        return text.isEmpty ? .failed(TurnError.emptyReply) : .replied(ChatCompletion(content: text))
    }
}

/// A turn that ended without an error from the client but also without an answer.
enum TurnError: Error, CustomStringConvertible {
    case emptyReply

    var description: String {
        switch self {
        case .emptyReply: "the server closed the reply without sending anything"
        }
    }
}
