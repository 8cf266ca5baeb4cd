/// The outcome of one check on one answer.
public struct AssertionResult: Sendable, Hashable, Codable {
    /// The check's type as written (`not-contains`).
    public var type: String
    /// The check in its one-string form (`contains: Paris`), for reports.
    public var check: String
    public var pass: Bool
    /// 0…1 (a similarity, a grader's score; 1 or 0 for the plain checks).
    public var score: Double
    /// Why it passed or failed.
    public var reason: String
    /// The check is of a type (or uses a field) troupe does not run: it failed for that reason.
    public var unsupported: Bool
    public var weight: Double
    public var metric: String?

    public init(
        type: String, check: String, pass: Bool, score: Double, reason: String, unsupported: Bool = false,
        weight: Double = 1, metric: String? = nil
    ) {
        self.type = type
        self.check = check
        self.pass = pass
        self.score = score
        self.reason = reason
        self.unsupported = unsupported
        self.weight = weight
        self.metric = metric
    }
}

/// How a cell's checks add up, as promptfoo adds them: the score is the weighted mean of the
/// scores; without a test threshold the cell passes when every check passes, with one when the
/// score reaches it.
public struct GradingSummary: Sendable, Hashable, Codable {
    public var pass: Bool
    public var score: Double
    /// The first failed check's reason (nil when passed).
    public var reason: String?
    /// Scores by `metric` name (the weighted mean of the checks naming it).
    public var namedScores: [String: Double]

    public init(_ results: [AssertionResult], threshold: Double?) {
        let totalWeight = results.reduce(0) { $0 + $1.weight }
        let weighted = results.reduce(0) { $0 + $1.score * $1.weight }
        score = results.isEmpty ? 1 : totalWeight > 0 ? weighted / totalWeight : 0
        let failed = results.first { !$0.pass }
        // An unsupported check fails its cell whatever the threshold says.
        let unsupported = results.first { $0.unsupported }
        if let threshold {
            pass = score >= threshold && unsupported == nil
            reason = pass ? nil : unsupported?.reason ?? "score \(score) is below the threshold \(threshold)"
        } else {
            pass = failed == nil
            reason = failed?.reason
        }
        var sums: [String: (Double, Double)] = [:]
        for result in results {
            guard let metric = result.metric else { continue }
            let (score, weight) = sums[metric] ?? (0, 0)
            sums[metric] = (score + result.score * result.weight, weight + result.weight)
        }
        namedScores = sums.mapValues { $0.1 > 0 ? $0.0 / $0.1 : 0 }
    }
}
