import Foundation
import Synchronization
import TroupeCore

extension ShellEngine {
    /// Sends `text` as a user message with the whole conversation and streams the reply.
    ///
    /// On success the message and the reply join the conversation. On failure the message
    /// stays out of it and is kept for `/retry`. Cancelling the task (Ctrl-C) keeps what
    /// arrived, marked as cut.
    /// Files attached with `/file` go first, each as its name and a fenced block.
    public func send(_ text: String) async {
        let attachments = pendingAttachments
        let images = pendingImages
        pendingAttachments = []
        pendingImages = []
        await runTurn(user: ChatMessage(role: .user, content: Attachment.message(attachments, text: text), images: images))
    }

    /// Sends the failed message again, or asks for a new reply to the last message. Either
    /// way the answer is a new one, never the cached answer given before (it is kept in the
    /// cache as the request's next sample).
    public func retry() async {
        if let failed = failedMessage {
            await runTurn(user: failed, sample: .fresh)
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
        if end + 1 < messages.count {
            setAside(from: end, what: "The earlier reply is")
        } else {
            messages.removeSubrange(end...)
        }
        await runTurn(user: user, sample: .fresh)
    }

    func runTurn(user: ChatMessage, sample: CacheSample = .first) async {
        let request = messages + [user]
        let config = await service.config
        var parameters = config.chatParameters()
        // What the turn is recorded with: the local API type answers with LOCAL_MODEL's file.
        parameters.model = await service.modelInUse(parameters)
        let apiType = service.registry.apiType(for: config)
        let clock = ContinuousClock()
        let startedAt = Date()
        let progress = TurnProgress(start: clock.now)
        let spinner = output.isInteractive ? Spinner(output: output) : nil
        await spinner?.start(label: "waiting for \(parameters.model)")
        let output = self.output
        // Markdown only where it can be seen: a terminal with colours and MARKDOWN on; the
        // conversation and the session always keep the raw text.
        let printer = ReplyPrinter(
            output: output,
            render: output.isInteractive && output.style.enabled && config[.markdown]?.boolValue != false,
            width: TerminalInfo.columns())

        var completion: ChatCompletion?
        var streamError: (any Error)?
        do {
            completion = try await service.stream(request, parameters: parameters, sample: sample) { event in
                for action in progress.receive(event, at: clock.now) {
                    await Self.perform(action, printer: printer, output: output, spinner: spinner)
                }
            }
            if let completion {
                for action in progress.complete(completion, at: clock.now) {
                    await Self.perform(action, printer: printer, output: output, spinner: spinner)
                }
            }
        } catch {
            streamError = error
        }
        await spinner?.stop()
        let turn = progress.snapshot
        var outcome = progress.finish(cancelled: Task.isCancelled, error: streamError)
        let elapsed = clock.now - turn.start
        printer.finish()
        if case .replied(let reply) = outcome, reply.timedOut {
            outcome = .cut(reply.content)
        }

        let branch = tree.current.name
        switch outcome {
        case .replied(let completion):
            await logTurn(apiType: apiType, parameters: parameters, messages: request, completion: completion, branch: branch, time: startedAt)
            messages = request + [.assistant(completion.content)]
            failedMessage = nil
            finishReport(completion: completion, request: request, text: completion.content,
                         model: parameters.model, apiType: apiType, turn: turn, elapsed: elapsed, cut: false)
            sessions.record(
                user: user, messageIndex: request.count - 1, apiType: apiType, parameters: parameters,
                completion: completion, firstToken: turn.timeToFirstToken, total: elapsed, startedAt: startedAt)
            await reportChecks(on: completion)
            await autosaveAfterTurn()
        case .cut(let partial):
            await logTurn(apiType: apiType, parameters: parameters, messages: request, partial: partial, branch: branch, time: startedAt)
            messages = request + [.assistant(partial)]
            cutMessages.insert(messages.count - 1)
            failedMessage = nil
            if completion?.timedOut == true {
                output.info("[reply cut by TIMEOUT (\(Self.seconds(config.timeout))); the part above is kept]")
            } else {
                output.info("[reply cut with Ctrl-C; the part above is kept]")
            }
            // No usage arrived: on local the model's own tokenizer counts, elsewhere tiktoken.
            // A task of its own, as this one is cancelled after Ctrl-C.
            let service = self.service
            let counted = await Task { await service.localUsage(prompt: request, reply: partial) }.value
            finishReport(completion: nil, request: request, text: partial, counted: counted,
                         model: parameters.model, apiType: apiType, turn: turn, elapsed: elapsed, cut: true)
        case .interrupted(let partial, let error):
            await logTurn(apiType: apiType, parameters: parameters, messages: request, partial: partial, error: error,
                    branch: branch, time: startedAt)
            messages = request + [.assistant(partial)]
            cutMessages.insert(messages.count - 1)
            failedMessage = nil
            failedTurns += 1
            output.error(Self.describe(error))
            output.info("[the reply stopped part way; the part above is kept, marked as cut; /regenerate asks again]")
            finishReport(completion: nil, request: request, text: partial,
                         model: parameters.model, apiType: apiType, turn: turn, elapsed: elapsed, cut: true)
        case .stoppedBeforeReply:
            failedMessage = user
            output.info("[stopped before the reply began; /retry sends the message again]")
        case .failed(let error):
            await logTurn(apiType: apiType, parameters: parameters, messages: request, error: error, branch: branch, time: startedAt)
            failedMessage = user
            failedTurns += 1
            output.error(Self.describe(error))
            output.info("The message was not added to the conversation; /retry sends it again.")
        }
    }

    private static func perform(_ action: Turn.Action, printer: ReplyPrinter, output: ShellOutput, spinner: Spinner?) async {
        switch action {
        case .stopSpinner: await spinner?.stop()
        case .print(let text): printer.print(text)
        case .status(let text):
            if let spinner { await spinner.setLabel(text) } else { output.info(text) }
        case .warn(let text):
            await spinner?.stop()
            output.info("warning: \(text)")
        }
    }

    private static func seconds(_ value: Double) -> String {
        value.rounded() == value ? "\(Int(value)) s" : "\(value) s"
    }

    private func finishReport(
        completion: ChatCompletion?, request: [ChatMessage], text: String, counted: Usage? = nil,
        model: String, apiType: String, turn: Turn, elapsed: Duration, cut: Bool
    ) {
        let usage = completion?.usage
        let figures = usage ?? counted ?? Usage(
            promptTokens: ChatTokenCount.promptTokens(request, model: model),
            completionTokens: ChatTokenCount.completionTokens(text, model: model))
        let cached = completion?.fromCache ?? false
        // A cached answer shows the figures it had when it was made.
        let original = cached ? completion?.latency : nil
        let turnCost = service.cost(of: completion, model: model, apiType: apiType)
        let report = TurnReport(
            model: completion?.model ?? model,
            apiType: apiType,
            promptTokens: figures.promptTokens,
            completionTokens: figures.completionTokens,
            countedLocally: usage == nil,
            timeToFirstToken: original.map { $0.firstTokenSeconds.map { Duration.seconds($0) } } ?? turn.timeToFirstToken,
            totalTime: original.map { .seconds($0.totalSeconds) } ?? elapsed,
            cached: cached,
            cut: cut,
            cost: turnCost,
            cachedPromptTokens: usage?.cachedTokens ?? 0,
            reasoningTokens: usage?.reasoningTokens ?? 0)
        totals.add(usage: usage, cost: turnCost, fromCache: cached)
        lastTurn = report
        output.info(report.statusLine)
    }
}

/// A ``Turn`` shared between the engine and the request's event handler, which runs on the
/// request's task.
final class TurnProgress: Sendable {
    private let turn: Mutex<Turn>

    init(start: ContinuousClock.Instant) {
        turn = Mutex(Turn(start: start))
    }

    func receive(_ event: ChatEvent, at now: ContinuousClock.Instant) -> [Turn.Action] {
        turn.withLock { $0.receive(event, at: now) }
    }

    func complete(_ completion: ChatCompletion, at now: ContinuousClock.Instant) -> [Turn.Action] {
        turn.withLock { $0.complete(completion, at: now) }
    }

    func finish(cancelled: Bool, error: (any Error)?) -> Turn.Outcome {
        turn.withLock { $0.finish(cancelled: cancelled, error: error) }
    }

    var snapshot: Turn { turn.withLock { $0 } }
}
