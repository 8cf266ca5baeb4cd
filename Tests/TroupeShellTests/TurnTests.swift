import TroupeCore
import Testing
@testable import TroupeShell

@Suite("Turn state machine")
struct TurnTests {
    let clock = ContinuousClock()

    @Test func theFirstDeltaStopsTheSpinnerAndTextIsPrinted() {
        let start = clock.now
        var turn = Turn(start: start)
        #expect(turn.phase == .waiting)
        #expect(turn.receive(.delta("Hel"), at: start + .milliseconds(200)) == [.stopSpinner, .print("Hel")])
        #expect(turn.receive(.delta("lo"), at: start + .milliseconds(300)) == [.print("lo")])
        #expect(turn.timeToFirstToken == .milliseconds(200))
        let usage = Usage(promptTokens: 7, completionTokens: 2)
        #expect(turn.complete(ChatCompletion(content: "Hello", usage: usage), at: start + .seconds(1)) == [])
        guard case .replied(let completion) = turn.finish(cancelled: false, error: nil) else {
            Issue.record("expected a reply")
            return
        }
        #expect(completion.content == "Hello")
        #expect(completion.usage == usage)
    }

    @Test func aReplyWithoutDeltasIsPrintedWhole() {
        var turn = Turn(start: clock.now)
        let actions = turn.complete(ChatCompletion(content: "cached answer", fromCache: true), at: clock.now)
        #expect(actions == [.stopSpinner, .print("cached answer")])
        guard case .replied(let completion) = turn.finish(cancelled: false, error: nil) else {
            Issue.record("expected a reply")
            return
        }
        #expect(completion.fromCache)
    }

    @Test func cancellingKeepsWhatArrived() {
        var turn = Turn(start: clock.now)
        _ = turn.receive(.delta("partial "), at: clock.now)
        guard case .cut(let text) = turn.finish(cancelled: true, error: nil) else {
            Issue.record("expected a cut reply")
            return
        }
        #expect(text == "partial ")
    }

    @Test func cancellingBeforeAnyTextKeepsNothing() {
        var turn = Turn(start: clock.now)
        guard case .stoppedBeforeReply = turn.finish(cancelled: false, error: CancellationError()) else {
            Issue.record("expected stoppedBeforeReply")
            return
        }
    }

    @Test func anErrorFailsTheTurn() {
        var turn = Turn(start: clock.now)
        guard case .failed = turn.finish(cancelled: false, error: TurnError.emptyReply) else {
            Issue.record("expected a failure")
            return
        }
    }

    @Test func statusLineHasEveryFigure() {
        let report = TurnReport(
            model: "gpt-4o-mini", apiType: "openai", promptTokens: 12, completionTokens: 30,
            countedLocally: false, timeToFirstToken: .milliseconds(210), totalTime: .milliseconds(1030),
            cached: true, cut: false)
        #expect(report.statusLine
            == "gpt-4o-mini · openai · 12 prompt + 30 completion tokens · first token 0.21 s · total 1.03 s · $0 cached")
    }

    @Test func contextWindowsOfKnownModels() {
        #expect(ModelCatalog.builtIn.contextWindow(for: "gpt-4o-mini") == 128_000)
        #expect(ModelCatalog.builtIn.contextWindow(for: "gpt-4o-2024-08-06") == 128_000)
        #expect(ModelCatalog.builtIn.contextWindow(for: "gpt-4.1-mini") == 1_047_576)
        #expect(ModelCatalog.builtIn.contextWindow(for: "gpt-4") == 8_192)
        #expect(ModelCatalog.builtIn.contextWindow(for: "gpt-4-turbo") == 128_000)
        #expect(ModelCatalog.builtIn.contextWindow(for: "o3-mini") == 200_000)
        #expect(ModelCatalog.builtIn.contextWindow(for: "my-own-model") == nil)
    }

    /// Retries and a starting server change what the spinner says while nothing has arrived;
    /// once text streams they are not shown over it. Warnings always reach the user.
    @Test func retriesAndWaitsBecomeTheStatusLine() {
        let start = clock.now
        var turn = Turn(start: start)
        let notice = RetryNotice(reason: "HTTP 503", wait: .milliseconds(800), nextAttempt: 2, maxAttempts: 5)
        #expect(turn.receive(.retrying(notice), at: start) == [.status("HTTP 503, retrying in 800 ms, attempt 2 of 5")])
        #expect(turn.receive(.waiting("starting the local model"), at: start) == [.status("starting the local model")])
        #expect(turn.receive(.warning("cache unusable"), at: start) == [.warn("cache unusable")])
        _ = turn.receive(.delta("x"), at: start)
        #expect(turn.receive(.retrying(notice), at: start) == [])
        #expect(RetryNotice(reason: "HTTP 429", wait: .seconds(2.5), nextAttempt: 3, maxAttempts: 5).description
            == "HTTP 429, retrying in 2.5 s, attempt 3 of 5")
    }
}
