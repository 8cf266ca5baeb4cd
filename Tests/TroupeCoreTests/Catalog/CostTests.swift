import Foundation
import Testing
@testable import TroupeCore

@Suite("Cost arithmetic and formatting")
struct CostTests {
    let catalog = ModelCatalog.builtIn

    @Test func cachedInputAtTheCachedRate() throws {
        // gpt-4o: input $2.50, cached $1.25, output $10.00 per million.
        // 1,200 prompt tokens of which 1,000 cached, 300 completion tokens:
        //   200 × 2.50 / 1e6 = 0.000500
        // 1,000 × 1.25 / 1e6 = 0.001250
        //   300 × 10.0 / 1e6 = 0.003000
        //                total 0.004750
        let cost = try #require(catalog.cost(
            of: TokenUsage(promptTokens: 1_200, cachedTokens: 1_000, completionTokens: 300), model: "gpt-4o"))
        #expect(cost.dollars == Decimal(string: "0.00475"))
        #expect(cost.microdollars == 4_750)
        #expect(cost.formatted == "$0.00475")
        #expect(cost.confirmed)
    }

    @Test func reasoningTokensAreBilledAsOutputOnce() throws {
        // o3: input $2, output $8. 10,000 prompt, 5,000 completion of which 4,500 reasoning:
        // 10,000 × 2 / 1e6 = 0.02; 5,000 × 8 / 1e6 = 0.04 (reasoning is inside the 5,000); total 0.06.
        let usage = TokenUsage(promptTokens: 10_000, completionTokens: 5_000, reasoningTokens: 4_500)
        let cost = try #require(catalog.cost(of: usage, model: "o3-2025-04-16"))
        #expect(cost.dollars == Decimal(string: "0.06"))
        #expect(cost.formatted == "$0.06")
        let withoutReasoning = catalog.cost(of: TokenUsage(promptTokens: 10_000, completionTokens: 5_000), model: "o3")
        #expect(withoutReasoning?.dollars == cost.dollars)
    }

    @Test func noCacheDiscountMeansTheInputRate() throws {
        // gpt-4-turbo has no cached price: 1,000 prompt (all cached) × $10 / 1e6 = $0.01.
        let cost = catalog.cost(of: TokenUsage(promptTokens: 1_000, cachedTokens: 1_000, completionTokens: 0), model: "gpt-4-turbo")
        #expect(cost?.dollars == Decimal(string: "0.01"))
    }

    @Test func unconfirmedPricesAreFlagged() throws {
        // gpt-4.1-nano: cached $0.025 is unconfirmed. 1,000,000 cached tokens → $0.025.
        let cost = try #require(catalog.cost(
            of: TokenUsage(promptTokens: 1_000_000, cachedTokens: 1_000_000, completionTokens: 0), model: "gpt-4.1-nano"))
        #expect(cost.dollars == Decimal(string: "0.025"))
        #expect(!cost.confirmed)
    }

    @Test func embeddingsHaveAnInputPriceOnly() {
        // text-embedding-3-small: $0.02 per million; 1,000 tokens → $0.00002.
        let cost = catalog.cost(of: TokenUsage(promptTokens: 1_000, completionTokens: 0), model: "text-embedding-3-small")
        #expect(cost?.dollars == Decimal(string: "0.00002"))
        #expect(catalog.cost(of: TokenUsage(promptTokens: 1, completionTokens: 1), model: "text-embedding-3-small") == nil)
    }

    @Test func unknownModelHasNoCost() {
        #expect(catalog.cost(of: TokenUsage(promptTokens: 10, completionTokens: 10), model: "llama3") == nil)
    }

    @Test func batchPrices() throws {
        // gpt-4o batch: stored $1.25 in / $5.00 out. 1M in + 1M out = $6.25.
        let stored = try #require(catalog.cost(
            of: TokenUsage(promptTokens: 1_000_000, completionTokens: 1_000_000), model: "gpt-4o", tier: .batch))
        #expect(stored.dollars == Decimal(string: "6.25"))
        #expect(stored.confirmed)
        // gpt-5-chat-latest lists none: half of $1.25 and $10 → 0.625 + 5 = $5.625, not confirmed.
        let derived = try #require(catalog.cost(
            of: TokenUsage(promptTokens: 1_000_000, completionTokens: 1_000_000), model: "gpt-5-chat-latest", tier: .batch))
        #expect(derived.dollars == Decimal(string: "5.625"))
        #expect(!derived.confirmed)
    }

    @Test func totalsOverManyTurnsAreExact() throws {
        // 10,000 turns of one gpt-4o-mini prompt token each: 10,000 × 0.15 / 1e6 = $0.0015 exactly.
        let one = try #require(catalog.cost(of: TokenUsage(promptTokens: 1, completionTokens: 0), model: "gpt-4o-mini"))
        var total = Cost.zero
        var binary = 0.0
        for _ in 0..<10_000 {
            total += one
            binary += 0.15 / 1_000_000
        }
        #expect(total.dollars == Decimal(string: "0.0015"))
        #expect(binary != 0.0015)  // what Double accumulation would have given
    }

    @Test func microdollarRounding() {
        #expect(Cost(dollars: Decimal(string: "0.0000005")!).microdollars == 1)
        #expect(Cost(dollars: Decimal(string: "0.0000004")!).microdollars == 0)
        #expect(Cost(microdollars: 4_750).dollars == Decimal(string: "0.00475"))
    }

    @Test(arguments: [
        ("0", "$0"), ("0.0012", "$0.0012"), ("1.2345", "$1.235"), ("12.345", "$12.35"), ("0.00123456", "$0.001235"),
        ("1.5", "$1.5"), ("123.456", "$123.5"), ("999.96", "$1000"), ("1234.5", "$1235"), ("0.0000001", "$0.0000001"),
        ("10", "$10"),
    ])
    func formatting(amount: String, expected: String) throws {
        let dollars = try #require(Decimal(string: amount))
        #expect(Cost(dollars: dollars).formatted == expected)
    }
}
