import Foundation
import TroupeCore

/// Runs one-string checks on a single reply (the shell's `/expect`, `troupe replay`): the plain
/// checks at once, model-graded ones through a grader made on first use.
public struct ReplyChecker: Sendable {
    /// Makes the grader's service when a model-graded check needs one.
    public var makeGrader: @Sendable () async throws -> LLMService

    public init(makeGrader: @escaping @Sendable () async throws -> LLMService) {
        self.makeGrader = makeGrader
    }

    /// A checker whose grader is `service` with GRADER_MODEL (default MODEL), sharing its bound.
    public static func grading(with service: LLMService) -> ReplyChecker {
        ReplyChecker {
            var config = await service.config
            try config.set(.model, value: .string(config.graderModel), source: .session)
            return service.sibling(with: config)
        }
    }

    /// Runs `checks` on `output`; check values are rendered with `vars`.
    /// - Parameter costDollars: what the reply cost when it was made (nil: unknown), for `cost`.
    public func run(
        _ checks: [EvalAssertion], on output: String, latencyMilliseconds: Double?, costDollars: Double? = nil,
        vars: [String: JSONValue] = [:]
    ) async -> [AssertionResult] {
        var grader: EvalGrader?
        var results: [AssertionResult] = []
        for check in checks {
            if let unsupported = check.unsupportedResult() {
                results.append(unsupported)
                continue
            }
            if check.type == "select-best" {
                results.append(check.result(
                    pass: false, score: 0, reason: "select-best compares several answers (a suite's cells, /compare)", unsupported: true))
                continue
            }
            let value: JSONValue?
            do {
                value = try EvalRunner.renderedValue(check.value, vars: vars)
            } catch {
                results.append(check.failure("the check's value did not render: \(error)"))
                continue
            }
            if let result = check.checkWithoutModel(output: output, value: value, latencyMilliseconds: latencyMilliseconds, costDollars: costDollars) {
                results.append(result)
                continue
            }
            do {
                if grader == nil { grader = EvalGrader(service: try await makeGrader()) }
                results.append(await grader!.check(check, output: output, value: value))
            } catch {
                results.append(check.failure("the grader cannot be set up: \(error)"))
            }
        }
        return results
    }
}

extension ReplyChecker {
    /// The checker `troupe replay` and `/replay` run a session's checks with.
    public static func replayChecker(grading service: LLMService) -> SessionReplayer.ReplayChecker {
        let checker = ReplyChecker.grading(with: service)
        return { reply, seconds, checks in
            let cost = await service.costWhenMade(of: reply).map { NSDecimalNumber(decimal: $0.dollars).doubleValue }
            return await checker.run(
                checks.map(EvalAssertion.init(oneString:)), on: reply.content, latencyMilliseconds: seconds * 1000, costDollars: cost
            ).map(\.turnCheck)
        }
    }
}

extension AssertionResult {
    /// The result as a session keeps it.
    public var turnCheck: TurnCheck { TurnCheck(assertion: check, passed: pass, reason: reason) }
}
