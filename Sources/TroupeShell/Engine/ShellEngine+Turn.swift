import Foundation
import TroupeCore

extension ShellEngine {
    /// Sends `text` as a user message with the whole conversation and streams the reply.
    ///
    /// On success the message and the reply join the conversation. On failure the message
    /// stays out of it and is kept for `/retry`. Cancelling the task (Ctrl-C) keeps what
    /// arrived, marked as cut.
    public func send(_ text: String) async {
        await runTurn(user: .user(text))
    }

    /// Sends the failed message again, or asks for a new reply to the last message.
    public func retry() async {
        if let failed = failedMessage {
            await runTurn(user: failed)
            return
        }
        guard let last = messages.indices.last else {
            output.info("Nothing to retry.")
            return
        }
        var end = last
        if messages[end].role == .assistant {
            end -= 1
        }
        guard end >= 0, messages[end].role == .user else {
            output.info("Nothing to retry.")
            return
        }
        let user = messages[end]
        messages.removeSubrange(end...)
        cutMessages = cutMessages.filter { $0 < end }
        await runTurn(user: user)
    }

    func runTurn(user: ChatMessage) async {
        let request = messages + [user]
        let config = await service.config
        let parameters = config.chatParameters()
        let apiType = service.registry.apiType(for: config)
        let clock = ContinuousClock()
        let startedAt = Date()
        var turn = Turn(start: clock.now)
        let spinner = output.isInteractive ? Spinner(output: output) : nil
        await spinner?.start(label: "waiting for \(parameters.model)")

        var streamError: (any Error)?
        do {
            for try await event in await service.stream(request, parameters: parameters) {
                for action in turn.receive(event, at: clock.now) {
                    switch action {
                    case .stopSpinner: await spinner?.stop()
                    case .print(let text): output.write(text)
                    }
                }
            }
        } catch {
            streamError = error
        }
        await spinner?.stop()
        let outcome = turn.finish(cancelled: Task.isCancelled, error: streamError)
        let elapsed = clock.now - turn.start
        if !turn.text.isEmpty, !turn.text.hasSuffix("\n") {
            output.write("\n")
        }

        switch outcome {
        case .replied(let completion):
            messages = request + [.assistant(completion.content)]
            failedMessage = nil
            finishReport(completion: completion, request: request, text: completion.content,
                         model: parameters.model, apiType: apiType, turn: turn, elapsed: elapsed, cut: false)
            sessions.record(
                user: user, messageIndex: request.count - 1, apiType: apiType, parameters: parameters,
                completion: completion, firstToken: turn.timeToFirstToken, total: elapsed, startedAt: startedAt)
            await autosaveAfterTurn()
        case .cut(let partial):
            messages = request + [.assistant(partial)]
            cutMessages.insert(messages.count - 1)
            failedMessage = nil
            output.info("[reply cut with Ctrl-C; the part above is kept]")
            finishReport(completion: nil, request: request, text: partial,
                         model: parameters.model, apiType: apiType, turn: turn, elapsed: elapsed, cut: true)
        case .stoppedBeforeReply:
            failedMessage = user
            output.info("[stopped before the reply began; /retry sends the message again]")
        case .failed(let error):
            failedMessage = user
            failedTurns += 1
            output.error(Self.describe(error))
            output.info("The message was not added to the conversation; /retry sends it again.")
        }
    }

    private func finishReport(
        completion: ChatCompletion?, request: [ChatMessage], text: String,
        model: String, apiType: String, turn: Turn, elapsed: Duration, cut: Bool
    ) {
        let usage = completion?.usage
        let report = TurnReport(
            model: completion?.model ?? model,
            apiType: apiType,
            promptTokens: usage?.promptTokens ?? ChatTokenCount.promptTokens(request, model: model),
            completionTokens: usage?.completionTokens ?? ChatTokenCount.completionTokens(text, model: model),
            countedLocally: usage == nil,
            timeToFirstToken: turn.timeToFirstToken,
            totalTime: elapsed,
            cached: completion?.fromCache ?? false,
            cut: cut)
        if let usage, completion?.fromCache == false {
            totals.promptTokens += usage.promptTokens
            totals.completionTokens += usage.completionTokens
            totals.requests += 1
        }
        lastTurn = report
        output.info(report.statusLine)
    }
}
