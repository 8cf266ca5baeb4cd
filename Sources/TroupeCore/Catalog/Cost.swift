import Foundation

/// The tokens one request used, as the API reports them.
public struct TokenUsage: Sendable, Hashable, Codable {
    /// All input tokens, cached ones included (`prompt_tokens`).
    public var promptTokens: Int
    /// The input tokens served from the prompt cache (`prompt_tokens_details.cached_tokens`).
    public var cachedTokens: Int
    /// All output tokens, reasoning ones included (`completion_tokens`).
    public var completionTokens: Int
    /// The output tokens spent reasoning (`completion_tokens_details.reasoning_tokens`); billed
    /// as output, already counted in ``completionTokens``.
    public var reasoningTokens: Int

    /// Usage as reported; `cachedTokens` and `reasoningTokens` are parts of the other two.
    public init(promptTokens: Int, cachedTokens: Int = 0, completionTokens: Int, reasoningTokens: Int = 0) {
        self.promptTokens = promptTokens
        self.cachedTokens = cachedTokens
        self.completionTokens = completionTokens
        self.reasoningTokens = reasoningTokens
    }

    /// The usage of a reply, its details included.
    public init(_ usage: Usage) {
        self.init(
            promptTokens: usage.promptTokens, cachedTokens: usage.cachedTokens,
            completionTokens: usage.completionTokens, reasoningTokens: usage.reasoningTokens)
    }
}

/// An amount of US dollars, exact (decimal arithmetic, never binary floating point), so
/// totals over any number of turns add up to the cent-fraction.
public struct Cost: Sendable, Hashable, CustomStringConvertible {
    /// The amount in US dollars.
    public var dollars: Decimal
    /// Whether every price used to compute it was confirmed by a stored source.
    public var confirmed: Bool

    /// An amount of dollars.
    public init(dollars: Decimal, confirmed: Bool = true) {
        self.dollars = dollars
        self.confirmed = confirmed
    }

    /// An amount stored as whole millionths of a dollar.
    public init(microdollars: Int64, confirmed: Bool = true) {
        self.init(dollars: Decimal(microdollars) / 1_000_000, confirmed: confirmed)
    }

    /// Nothing.
    public static let zero = Cost(dollars: 0)

    /// The sum; confirmed only if both are.
    public static func + (lhs: Cost, rhs: Cost) -> Cost {
        Cost(dollars: lhs.dollars + rhs.dollars, confirmed: lhs.confirmed && rhs.confirmed)
    }

    /// Adds `rhs` to `lhs`.
    public static func += (lhs: inout Cost, rhs: Cost) { lhs = lhs + rhs }

    /// The amount in millionths of a dollar, rounded half away from zero (for storage).
    public var microdollars: Int64 {
        var scaled = dollars * 1_000_000
        var rounded = Decimal()
        NSDecimalRound(&rounded, &scaled, 0, .plain)
        return NSDecimalNumber(decimal: rounded).int64Value
    }

    /// Four significant digits, trailing zeros dropped: `$0.0012`, `$1.235`, `$12.35`, `$0` for
    /// zero; amounts of $1000 or more in whole dollars (`$1235`).
    public var formatted: String {
        if dollars == 0 { return "$0" }
        let negative = dollars < 0
        var magnitude = negative ? -dollars : dollars
        var places = 0
        if magnitude < 1000 {
            // exponent = floor(log10(magnitude)), found by comparison to stay in decimal.
            var exponent = 2
            var power = Decimal(100)
            while exponent > -40, magnitude < power {
                exponent -= 1
                power /= 10
            }
            places = max(0, 3 - exponent)
        }
        var rounded = Decimal()
        NSDecimalRound(&rounded, &magnitude, places, .plain)
        let text = NSDecimalNumber(decimal: rounded).description(withLocale: Locale(identifier: "en_US_POSIX"))
        return (negative ? "-$" : "$") + text
    }

    /// The same as ``formatted``.
    public var description: String { formatted }
}

/// Which of OpenAI's price lists applies.
public enum PriceTier: Sendable, Hashable {
    /// Ordinary requests.
    case standard
    /// The Batch API (`troupe eval --batch`): the entry's batch prices, or 50% of the list price.
    case batch
}

extension ModelCatalog {
    /// What `usage` costs on `model`, or nil when the model or a needed price is unknown.
    ///
    /// Cached input tokens are billed at the cached rate (the input rate when the model has no
    /// cache discount), the rest of the input at the input rate, and all output tokens,
    /// reasoning ones included, at the output rate. Batch prices are the entry's own where
    /// listed, else half the standard ones.
    public func cost(of usage: TokenUsage, model: String, tier: PriceTier = .standard) -> Cost? {
        guard let facts = facts(for: model) else { return nil }
        return facts.cost(of: usage, tier: tier)
    }
}

extension ModelFacts {
    /// What `usage` costs at this entry's prices; see ``ModelCatalog/cost(of:model:tier:)``.
    public func cost(of usage: TokenUsage, tier: PriceTier = .standard) -> Cost? {
        guard let listInput = pricing.input else { return nil }
        var confirmed = isConfirmed(.input)
        var input = listInput
        var cached = pricing.cachedInput ?? listInput
        if pricing.cachedInput != nil, usage.cachedTokens > 0 { confirmed = confirmed && isConfirmed(.cachedInput) }
        var output = pricing.output
        if usage.completionTokens > 0 {
            // An embedding model has no output price: output tokens make the cost unknown.
            guard output != nil else { return nil }
            confirmed = confirmed && isConfirmed(.output)
        }
        if tier == .batch {
            input = pricing.batchInput ?? listInput / 2
            confirmed = confirmed && pricing.batchInput != nil && isConfirmed(.batchInput)
            cached /= 2
            if usage.completionTokens > 0, let listOutput = output {
                output = pricing.batchOutput ?? listOutput / 2
                confirmed = confirmed && pricing.batchOutput != nil && isConfirmed(.batchOutput)
            }
        }
        let cachedTokens = min(max(usage.cachedTokens, 0), max(usage.promptTokens, 0))
        let uncached = max(usage.promptTokens, 0) - cachedTokens
        var total = Decimal(uncached) * input + Decimal(cachedTokens) * cached
        if let output { total += Decimal(max(usage.completionTokens, 0)) * output }
        return Cost(dollars: total / 1_000_000, confirmed: confirmed)
    }
}
