import Foundation
import TroupeCore

extension EvalAssertion {
    /// The types checked without a model.
    static let deterministicTypes: Set<String> = [
        "equals", "contains", "icontains", "contains-any", "contains-all", "icontains-any", "icontains-all",
        "starts-with", "regex", "is-json", "contains-json", "levenshtein", "latency", "cost",
    ]

    /// The types that need a grading or embedding request.
    static let modelGradedTypes: Set<String> = ["similar", "llm-rubric", "select-best"]

    /// Whether troupe runs this type at all (the others are reported as unsupported).
    public var isSupported: Bool {
        unsupportedFields.isEmpty && (Self.deterministicTypes.contains(type) || Self.modelGradedTypes.contains(type))
    }

    /// The result for an unsupported check, or nil when the check is supported.
    public func unsupportedResult() -> AssertionResult? {
        if let field = unsupportedFields.first {
            return result(pass: false, score: 0, reason: "the assertion field `\(field)` is not supported by troupe", unsupported: true)
        }
        if !Self.deterministicTypes.contains(type), !Self.modelGradedTypes.contains(type) {
            return result(pass: false, score: 0, reason: "the assertion type \(typeName) is not supported by troupe", unsupported: true)
        }
        return nil
    }

    /// A result of this check; `pass` is the plain check's outcome, inverted here for `not-`.
    public func result(pass: Bool, score: Double? = nil, reason: String, unsupported: Bool = false) -> AssertionResult {
        let passed = unsupported ? false : (negated ? !pass : pass)
        let plainScore = score ?? (pass ? 1 : 0)
        let finalScore = unsupported ? 0 : (negated ? 1 - plainScore : plainScore)
        var why = reason
        if negated, !unsupported, pass { why = "should not hold, yet \(reason)" }
        return AssertionResult(
            type: typeName, check: oneString, pass: passed, score: finalScore, reason: why, unsupported: unsupported,
            weight: weight, metric: metric)
    }

    /// Checks `output` with the plain checks; nil for a model-graded type.
    /// - Parameters:
    ///   - value: the check's value with its templates rendered.
    ///   - latencyMilliseconds: how long the answer took when it was made.
    ///   - costDollars: what the answer cost when it was made (nil: unknown).
    public func checkWithoutModel(
        output: String, value: JSONValue?, latencyMilliseconds: Double?, costDollars: Double? = nil
    ) -> AssertionResult? {
        if let unsupported = unsupportedResult() { return unsupported }
        let text = value?.nunjucksText ?? ""
        func quoted(_ s: String) -> String { "\"\(s.count > 80 ? String(s.prefix(80)) + "…" : s)\"" }
        switch type {
        case "equals":
            if let value, value.isContainer {
                let parsed = try? JSONDecoder().decode(JSONValue.self, from: Data(output.utf8))
                let same = parsed == value
                return result(pass: same, reason: same ? "the JSON output equals the expected value" : "the output is not the expected JSON \(value.compactJSON)")
            }
            let same = output == text
            return result(pass: same, reason: same ? "the output equals \(quoted(text))" : "expected \(quoted(text)), got \(quoted(output))")
        case "contains", "icontains":
            guard value != nil else { return missingValue() }
            let found = type == "contains" ? output.contains(text) : output.lowercased().contains(text.lowercased())
            return result(pass: found, reason: found ? "the output contains \(quoted(text))" : "the output does not contain \(quoted(text))")
        case "contains-any", "contains-all", "icontains-any", "icontains-all":
            guard let value else { return missingValue() }
            let wanted = Self.list(value)
            let caseless = type.hasPrefix("i")
            let haystack = caseless ? output.lowercased() : output
            let found = wanted.filter { haystack.contains(caseless ? $0.lowercased() : $0) }
            if type.hasSuffix("-any") {
                let pass = !found.isEmpty
                return result(pass: pass, reason: pass ? "the output contains \(quoted(found[0]))" : "the output contains none of \(wanted.map(quoted).joined(separator: ", "))")
            }
            let missing = wanted.filter { !found.contains($0) }
            return result(pass: missing.isEmpty, reason: missing.isEmpty ? "the output contains all of them" : "the output lacks \(missing.map(quoted).joined(separator: ", "))")
        case "starts-with":
            guard value != nil else { return missingValue() }
            let pass = output.hasPrefix(text)
            return result(pass: pass, reason: pass ? "the output starts with \(quoted(text))" : "the output does not start with \(quoted(text))")
        case "regex":
            guard value != nil else { return missingValue() }
            guard let expression = try? NSRegularExpression(pattern: text) else {
                return AssertionResult(type: typeName, check: oneString, pass: false, score: 0, reason: "\(quoted(text)) is not a valid regular expression", weight: weight, metric: metric)
            }
            let range = NSRange(output.startIndex..., in: output)
            let pass = expression.firstMatch(in: output, range: range) != nil
            return result(pass: pass, reason: pass ? "the output matches /\(text)/" : "the output does not match /\(text)/")
        case "is-json":
            guard let parsed = try? JSONDecoder().decode(JSONValue.self, from: Data(output.utf8)) else {
                return result(pass: false, reason: "the output is not valid JSON")
            }
            return schemaResult(for: [parsed], schema: value, whole: true)
        case "contains-json":
            let found = JSONExtraction.values(in: output)
            guard !found.isEmpty else { return result(pass: false, reason: "the output contains no JSON") }
            return schemaResult(for: found, schema: value, whole: false)
        case "levenshtein":
            guard value != nil else { return missingValue() }
            let limit = threshold ?? 5
            let distance = output.editDistance(to: text)
            let pass = Double(distance) <= limit
            return result(pass: pass, reason: "the edit distance to \(quoted(text)) is \(distance) (at most \(JSONValue.numberText(limit)) passes)")
        case "latency":
            guard let limit = threshold else {
                return AssertionResult(type: typeName, check: oneString, pass: false, score: 0, reason: "latency needs a threshold in milliseconds", weight: weight, metric: metric)
            }
            guard let latencyMilliseconds else {
                return AssertionResult(type: typeName, check: oneString, pass: false, score: 0, reason: "the answer's latency is unknown", weight: weight, metric: metric)
            }
            let pass = latencyMilliseconds <= limit
            return result(pass: pass, reason: "the answer took \(Int(latencyMilliseconds.rounded())) ms (at most \(JSONValue.numberText(limit)) ms passes)")
        case "cost":
            // As promptfoo: the threshold is in US dollars, and an unknown cost fails the check.
            guard let limit = threshold else {
                return AssertionResult(type: typeName, check: oneString, pass: false, score: 0, reason: "cost needs a threshold in US dollars", weight: weight, metric: metric)
            }
            guard let costDollars else {
                return AssertionResult(
                    type: typeName, check: oneString, pass: false, score: 0,
                    reason: "the answer's cost is unknown (no usage came, or the model catalog has no prices for the model)",
                    weight: weight, metric: metric)
            }
            let pass = costDollars <= limit
            let spent = Cost(dollars: Decimal(costDollars)).formatted
            let budget = Cost(dollars: Decimal(string: JSONValue.numberText(limit)) ?? Decimal(limit)).formatted
            return result(pass: pass, reason: "the answer cost \(spent), \(pass ? "within" : "over") \(budget)")
        default:
            return nil
        }
    }

    private func missingValue() -> AssertionResult {
        AssertionResult(type: typeName, check: oneString, pass: false, score: 0, reason: "\(type) needs a value", weight: weight, metric: metric)
    }

    private func schemaResult(for candidates: [JSONValue], schema: JSONValue?, whole: Bool) -> AssertionResult {
        guard let schema, schema.isContainer else {
            return result(pass: true, reason: whole ? "the output is valid JSON" : "the output contains JSON")
        }
        var firstProblem: JSONSchemaProblem?
        for candidate in candidates {
            switch JSONSchemaCheck.check(candidate, against: schema) {
            case nil:
                return result(pass: true, reason: whole ? "the output is JSON that fits the schema" : "the output contains JSON that fits the schema")
            case let problem?:
                if problem.unsupported {
                    return AssertionResult(type: typeName, check: oneString, pass: false, score: 0, reason: problem.description, unsupported: true, weight: weight, metric: metric)
                }
                if firstProblem == nil { firstProblem = problem }
            }
        }
        return result(pass: false, reason: "the JSON does not fit the schema: \(firstProblem?.description ?? "")")
    }

    /// A value given as a list, or as text separated by `,`.
    static func list(_ value: JSONValue) -> [String] {
        switch value {
        case .array(let items): return items.map(\.nunjucksText)
        default: return value.nunjucksText.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        }
    }
}

extension JSONValue {
    var isContainer: Bool {
        switch self {
        case .array, .object: return true
        default: return false
        }
    }
}
