import Foundation
import TroupeCore

/// Runs the model-graded checks through a grader service: `similar` (cosine of embeddings),
/// `llm-rubric` (a grading request that answers pass, score and reason) and `select-best`
/// (one grading request over several answers). A check never passes without its request:
/// a failed request fails the check with the request's error as the reason.
public struct EvalGrader: Sendable {
    public let service: LLMService

    public init(service: LLMService) {
        self.service = service
    }

    /// The default `similar` threshold, as promptfoo's.
    public static let defaultSimilarity = 0.75

    /// Checks `output` with a model-graded `assertion` (`value` rendered).
    public func check(_ assertion: EvalAssertion, output: String, value: JSONValue?) async -> AssertionResult {
        switch assertion.type {
        case "similar": return await similar(assertion, output: output, value: value)
        case "llm-rubric": return await rubric(assertion, output: output, value: value)
        default:
            return assertion.result(pass: false, score: 0, reason: "\(assertion.type) is not a model-graded check", unsupported: true)
        }
    }

    private func similar(_ assertion: EvalAssertion, output: String, value: JSONValue?) async -> AssertionResult {
        guard let value else { return assertion.failure("similar needs the expected text as its value") }
        let threshold = assertion.threshold ?? Self.defaultSimilarity
        let expected = EvalAssertion.list(value.isContainer ? value : .array([value]))
        do {
            let outputVector = try await service.embedding(of: output)
            var best = -1.0
            for text in expected {
                let vector = try await service.embedding(of: text)
                best = max(best, Self.cosine(outputVector, vector))
            }
            let pass = best >= threshold
            let shown = String(format: "%.3f", best)
            return assertion.result(
                pass: pass, score: max(0, best),
                reason: "similarity \(shown) \(pass ? "≥" : "<") \(JSONValue.numberText(threshold))")
        } catch {
            return assertion.failure("the embedding request failed: \(error)")
        }
    }

    private func rubric(_ assertion: EvalAssertion, output: String, value: JSONValue?) async -> AssertionResult {
        guard let rubric = value?.nunjucksText, !rubric.isEmpty else { return assertion.failure("llm-rubric needs a rubric as its value") }
        let messages: [ChatMessage] = [
            .system("""
                You grade an answer against a rubric. Decide whether the answer meets the rubric. \
                Reply with one JSON object and nothing else: \
                {"reason": "<why, in one sentence>", "pass": true or false, "score": <a number from 0 to 1>}
                """),
            .user("<Output>\n\(output)\n</Output>\n<Rubric>\n\(rubric)\n</Rubric>"),
        ]
        let reply: String
        do {
            reply = try await service.complete(messages).content
        } catch {
            return assertion.failure("the grading request failed: \(error)")
        }
        guard let verdict = Self.verdict(in: reply) else {
            return assertion.failure("the grader's reply is not a verdict: \(reply.prefix(120))")
        }
        var pass = verdict.pass
        if let threshold = assertion.threshold { pass = pass && verdict.score >= threshold }
        return assertion.result(pass: pass, score: verdict.score, reason: verdict.reason)
    }

    /// The grader's `{pass, score, reason}`: a missing `pass` counts as true (as in promptfoo),
    /// a missing score follows `pass`.
    static func verdict(in reply: String) -> (pass: Bool, score: Double, reason: String)? {
        for case .object(let fields) in JSONExtraction.values(in: reply) where fields["pass"] != nil || fields["score"] != nil {
            var pass = true
            if case .bool(let value)? = fields["pass"] { pass = value }
            if case .string(let text)? = fields["pass"] { pass = text.lowercased() == "true" }
            let score = fields["score"]?.numericValue ?? (pass ? 1 : 0)
            let reason = fields["reason"]?.stringValue ?? (pass ? "the grader passed it" : "the grader failed it")
            return (pass, min(max(score, 0), 1), reason)
        }
        return nil
    }

    /// One grading request over `outputs`: the index of the best one by `criteria`.
    /// - Throws: the request's error, or ``EvalGraderError/noChoice(_:)`` for a reply that names
    ///   no answer.
    public func selectBest(criteria: String, outputs: [String]) async throws -> Int {
        var listing = ""
        for (index, output) in outputs.enumerated() {
            listing += "<Answer \(index)>\n\(output)\n</Answer \(index)>\n"
        }
        let messages: [ChatMessage] = [
            .system("""
                You compare answers to the same request and pick the one that best meets the criteria. \
                Reply with the number of the best answer only (counting from 0).
                """),
            .user("Criteria: \(criteria)\n\n\(listing)"),
        ]
        let reply = try await service.complete(messages).content
        guard let range = reply.range(of: "[0-9]+", options: .regularExpression),
              let index = Int(reply[range]), outputs.indices.contains(index) else {
            throw EvalGraderError.noChoice(String(reply.prefix(120)))
        }
        return index
    }

    static func cosine(_ a: [Double], _ b: [Double]) -> Double {
        guard a.count == b.count, !a.isEmpty else { return 0 }
        var dot = 0.0, x = 0.0, y = 0.0
        for index in a.indices {
            dot += a[index] * b[index]
            x += a[index] * a[index]
            y += b[index] * b[index]
        }
        guard x > 0, y > 0 else { return 0 }
        return dot / (x.squareRoot() * y.squareRoot())
    }
}

/// A grading reply troupe cannot use.
public enum EvalGraderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// select-best's reply names no answer in range.
    case noChoice(String)

    public var description: String {
        switch self {
        case .noChoice(let reply): return "the grader's reply names no answer: \(reply)"
        }
    }
}

extension EvalAssertion {
    /// A failure that `not-` does not turn into a pass (a missing value, a failed request).
    public func failure(_ reason: String) -> AssertionResult {
        AssertionResult(type: typeName, check: oneString, pass: false, score: 0, reason: reason, weight: weight, metric: metric)
    }
}
