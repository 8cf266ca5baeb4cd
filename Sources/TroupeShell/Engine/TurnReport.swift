import Foundation
import TroupeCore

/// The figures of one finished turn, shown in the dim status line after the reply.
public struct TurnReport: Sendable, Hashable {
    public var model: String
    public var apiType: String
    public var promptTokens: Int
    public var completionTokens: Int
    /// True when the API sent no usage and the tokens were counted locally.
    public var countedLocally: Bool
    public var timeToFirstToken: Duration?
    public var totalTime: Duration
    /// The answer came from the response cache.
    public var cached: Bool
    /// The reply was stopped with Ctrl-C.
    public var cut: Bool
    /// What the turn cost (zero for a cached or local answer); nil when unknown.
    public var cost: Cost?
    /// Reported cached prompt tokens and reasoning tokens (parts of the two totals).
    public var cachedPromptTokens = 0
    public var reasoningTokens = 0

    public init(
        model: String, apiType: String, promptTokens: Int, completionTokens: Int, countedLocally: Bool,
        timeToFirstToken: Duration?, totalTime: Duration, cached: Bool, cut: Bool, cost: Cost? = nil,
        cachedPromptTokens: Int = 0, reasoningTokens: Int = 0
    ) {
        self.model = model
        self.apiType = apiType
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.countedLocally = countedLocally
        self.timeToFirstToken = timeToFirstToken
        self.totalTime = totalTime
        self.cached = cached
        self.cut = cut
        self.cost = cost
        self.cachedPromptTokens = cachedPromptTokens
        self.reasoningTokens = reasoningTokens
    }

    /// `gpt-4o · openai · 12 prompt + 30 completion tokens · first token 0.21 s · total 1.03 s · $0.0012`;
    /// `· $0 cached` for an answer from the response cache, `· cost unknown` without prices.
    public var statusLine: String {
        var parts = [model, apiType]
        let counted = countedLocally ? " (counted)" : ""
        var details: [String] = []
        if cachedPromptTokens > 0 { details.append("\(cachedPromptTokens) cached") }
        if reasoningTokens > 0 { details.append("\(reasoningTokens) reasoning") }
        let detail = details.isEmpty ? "" : " (" + details.joined(separator: ", ") + ")"
        parts.append("\(promptTokens) prompt + \(completionTokens) completion tokens\(counted)\(detail)")
        if let timeToFirstToken {
            parts.append("first token \(Self.seconds(timeToFirstToken))")
        }
        parts.append("total \(Self.seconds(totalTime))")
        if cached {
            parts.append("$0 cached")
        } else {
            parts.append(cost?.formatted ?? "cost unknown")
        }
        if cut { parts.append("cut") }
        return parts.joined(separator: " · ")
    }

    static func seconds(_ duration: Duration) -> String {
        let value = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return String(format: "%.2f s", value)
    }
}
