import Testing
import TroupeCore
@testable import TroupeEval

@Suite("Checks without a model")
struct DeterministicAssertionTests {
    func check(_ written: String, _ output: String, latency: Double? = nil) -> AssertionResult {
        let assertion = EvalAssertion(oneString: written)
        return assertion.checkWithoutModel(output: output, value: assertion.value, latencyMilliseconds: latency)!
    }

    func check(_ assertion: EvalAssertion, _ output: String) -> AssertionResult {
        assertion.checkWithoutModel(output: output, value: assertion.value, latencyMilliseconds: nil)!
    }

    @Test("each text check passes and fails, and not- inverts it", arguments: [
        ("equals: Paris", "Paris", "Paris."),
        ("contains: Par", "In Paris", "In Rome"),
        ("icontains: PARIS", "in paris", "in rome"),
        ("contains-any: Rome,Paris", "Paris!", "Oslo"),
        ("contains-all: a,b", "b and a", "a only"),
        ("icontains-any: ROME,PARIS", "paris", "oslo"),
        ("icontains-all: A,B", "b, a", "a"),
        ("starts-with: Yes", "Yes, sure", "No, yes"),
        ("regex: ^\\d{3}-\\d{4}$", "555-1234", "call 555-1234"),
        ("levenshtein(2): kitten", "sitten", "sitting down"),
        ("is-json", "{\"a\": 1}", "{a: 1}"),
        ("contains-json", "Here: ```json\n{\"a\": [1, 2]}\n```", "no json here"),
    ])
    func textChecks(written: String, passing: String, failing: String) {
        #expect(check(written, passing).pass, "\(written) on \(passing)")
        let failed = check(written, failing)
        #expect(!failed.pass, "\(written) on \(failing)")
        #expect(failed.score == 0)
        #expect(!failed.reason.isEmpty)
        #expect(!check("not-" + written, passing).pass)
        #expect(check("not-" + written, failing).pass)
    }

    @Test("equals with an object compares the output as JSON")
    func equalsJSON() {
        let assertion = EvalAssertion(type: "equals", value: ["a": 1, "b": ["x"]])
        #expect(check(assertion, "{\"b\": [\"x\"], \"a\": 1}").pass)
        #expect(!check(assertion, "{\"a\": 2}").pass)
    }

    @Test("is-json and contains-json validate against a JSON schema")
    func schema() {
        let schema: JSONValue = [
            "type": "object", "required": ["name", "tags"], "additionalProperties": false,
            "properties": ["name": ["type": "string"], "tags": ["type": "array", "items": ["enum": ["a", "b"]]], "age": ["type": "integer"]],
        ]
        let isJSON = EvalAssertion(type: "is-json", value: schema)
        #expect(check(isJSON, #"{"name": "Ana", "tags": ["a"], "age": 3}"#).pass)
        #expect(!check(isJSON, #"{"name": "Ana"}"#).pass, "a required property is missing")
        #expect(!check(isJSON, #"{"name": "Ana", "tags": ["c"]}"#).pass, "not in the enum")
        #expect(!check(isJSON, #"{"name": 3, "tags": []}"#).pass, "wrong type")
        #expect(!check(isJSON, #"{"name": "A", "tags": [], "extra": 1}"#).pass, "no additional properties")
        #expect(!check(isJSON, #"{"name": "A", "tags": [], "age": 2.5}"#).pass, "not an integer")
        let containsJSON = EvalAssertion(type: "contains-json", value: schema)
        #expect(check(containsJSON, #"Sure! {"x": 1} and {"name": "Bo", "tags": ["b"]}"#).pass, "any JSON in the text may fit")
        let unknown = check(EvalAssertion(type: "is-json", value: ["type": "object", "oneOf": []]), "{}")
        #expect(!unknown.pass)
        #expect(unknown.unsupported, "a schema keyword troupe does not check is not skipped")
    }

    @Test("latency compares the answer's time with the threshold in milliseconds")
    func latency() {
        #expect(check("latency(500)", "x", latency: 120).pass)
        #expect(!check("latency(500)", "x", latency: 900).pass)
        #expect(!check("latency", "x", latency: 1).pass, "no threshold: it cannot pass")
    }

    @Test("cost passes at or under its threshold in dollars, fails over it, and fails when the cost is unknown or no threshold is given")
    func cost() {
        func check(_ written: String, cost: Double?) -> AssertionResult {
            let assertion = EvalAssertion(oneString: written)
            return assertion.checkWithoutModel(output: "x", value: nil, latencyMilliseconds: nil, costDollars: cost)!
        }
        #expect(check("cost(0.001)", cost: 0.0008).pass)
        #expect(check("cost(0.001)", cost: 0.001).pass, "at the threshold passes, as promptfoo's <=")
        let over = check("cost(0.001)", cost: 0.0012)
        #expect(!over.pass)
        #expect(over.reason == "the answer cost $0.0012, over $0.001")
        #expect(check("not-cost(0.001)", cost: 0.0012).pass)
        #expect(check("cost(0.5)", cost: 0).pass, "the local model and cached answers priced at zero pass")
        let unknown = check("cost(0.001)", cost: nil)
        #expect(!unknown.pass && !unknown.unsupported)
        #expect(unknown.reason.contains("unknown"))
        #expect(!check("not-cost(0.001)", cost: nil).pass, "an unknown cost never passes, inverted or not")
        #expect(EvalAssertion(oneString: "cost(0.000001)").oneString == "cost(0.000001)", "small thresholds print as JavaScript does")
        #expect(JSONValue.numberText(1e-7) == "1e-7" && JSONValue.numberText(0.25) == "0.25")
        #expect(!check("cost", cost: 0).pass, "no threshold: it cannot pass")
        #expect(check("cost", cost: 0).reason == "cost needs a threshold in US dollars")
    }

    @Test("unsupported types and fields fail their cell, with a reason")
    func unsupported() {
        for written in ["javascript: output.length > 1", "python: True", "rouge-n: text"] {
            let result = check(written, "anything")
            #expect(!result.pass, "\(written)")
            #expect(result.unsupported, "\(written)")
            #expect(!check("not-" + written, "anything").pass, "not-\(written) does not pass either")
        }
        let transformed = EvalAssertion(type: "contains", value: "x", unsupportedFields: ["transform"])
        #expect(!check(transformed, "x").pass)
    }

    @Test("weights, thresholds and metrics add up as in promptfoo")
    func grading() {
        let pass = AssertionResult(type: "contains", check: "", pass: true, score: 1, reason: "", weight: 3, metric: "m")
        let fail = AssertionResult(type: "equals", check: "", pass: false, score: 0, reason: "no", weight: 1, metric: "m")
        let plain = GradingSummary([pass, fail], threshold: nil)
        #expect(!plain.pass)
        #expect(plain.score == 0.75)
        #expect(plain.namedScores["m"] == 0.75)
        #expect(GradingSummary([pass, fail], threshold: 0.7).pass)
        #expect(!GradingSummary([pass, fail], threshold: 0.8).pass)
        #expect(GradingSummary([], threshold: nil).pass)
        let unsupported = AssertionResult(type: "python", check: "", pass: false, score: 0, reason: "unsupported", unsupported: true, weight: 0)
        #expect(!GradingSummary([pass, unsupported], threshold: 0.1).pass, "a threshold does not hide an unsupported check")
    }
}
