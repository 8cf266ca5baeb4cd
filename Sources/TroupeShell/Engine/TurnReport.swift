import Foundation

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

    /// `gpt-4o · openai · 12 prompt + 30 completion tokens · first token 0.21 s · 1.03 s · cached`
    public var statusLine: String {
        var parts = [model, apiType]
        let counted = countedLocally ? " (counted)" : ""
        parts.append("\(promptTokens) prompt + \(completionTokens) completion tokens\(counted)")
        if let timeToFirstToken {
            parts.append("first token \(Self.seconds(timeToFirstToken))")
        }
        parts.append("total \(Self.seconds(totalTime))")
        if cached { parts.append("cached") }
        if cut { parts.append("cut") }
        return parts.joined(separator: " · ")
    }

    static func seconds(_ duration: Duration) -> String {
        let value = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return String(format: "%.2f s", value)
    }
}
