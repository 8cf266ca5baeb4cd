import Foundation
import TroupeCore

extension SlashCommand {
    /// `/cost`: the session's cost and tokens, the model's prices, and the context left.
    public static let cost = SlashCommand(
        name: "cost",
        summary: "Show what the session has cost and how much context is left",
        details: "Costs are the API's reported usage at the catalog's prices (troupe models lists them; ~/.config/troupe/models.yaml overrides them). Cached prompt tokens and reasoning tokens are priced at their own rates; answers from the response cache and the local model cost $0."
    ) { shell, _ in
        await shell.printCostReport()
    }
}

extension ShellEngine {
    func printCostReport() async {
        let config = await service.config
        let model = await service.modelInUse()
        let apiType = service.registry.apiType(for: config)
        printSessionTotals()
        if apiType == LocalClient.apiTypeName {
            output.line("  \(model) runs locally: $0")
        } else if let facts = service.catalog.facts(for: model), let prices = Self.prices(of: facts) {
            output.line("  \(model): \(prices)")
        } else {
            output.line("  \(model): no prices in the catalog (add them to ~/.config/troupe/models.yaml)")
        }
        if apiType == LocalClient.apiTypeName,
            let (cumulative, window) = try? await service.localTokenCounts(of: messages)
        {
            // The local server counts with the model's own tokenizer and knows its context.
            let used = cumulative.last ?? 0
            output.line("Context: \(Self.grouped(used)) of \(Self.grouped(window)) tokens used (the server's count and n_ctx); \(Self.grouped(window - used)) left")
            return
        }
        let used = ChatTokenCount.promptTokens(messages, model: model)
        if apiType != LocalClient.apiTypeName, let window = service.contextWindow(for: model) {
            output.line("Context: \(Self.grouped(used)) of \(Self.grouped(window)) tokens used; \(Self.grouped(window - used)) left")
        } else {
            output.line("Context: \(Self.grouped(used)) tokens used (counted locally); the model's window is not in the catalog")
        }
    }

    /// The session's figures as the API reported them, with their cost (for /cost and /tokens).
    func printSessionTotals() {
        var tokens = "\(Self.grouped(totals.promptTokens)) prompt"
        if totals.cachedPromptTokens > 0 { tokens += " (\(Self.grouped(totals.cachedPromptTokens)) cached)" }
        tokens += " + \(Self.grouped(totals.completionTokens)) completion"
        if totals.reasoningTokens > 0 { tokens += " (\(Self.grouped(totals.reasoningTokens)) reasoning)" }
        output.line("Session, as reported by the API: \(tokens) tokens in \(totals.requests) request(s)")
        var cost = "Session cost: \(totals.cost.formatted)"
        if !totals.cost.confirmed { cost += " (some prices unconfirmed)" }
        if totals.cachedTurns > 0 { cost += "; \(totals.cachedTurns) answer(s) from the response cache, $0" }
        if totals.unpricedTurns > 0 { cost += "; \(totals.unpricedTurns) turn(s) of unknown cost not included" }
        output.line(cost)
    }

    /// `$0.15 input, $0.075 cached input, $0.60 output per million tokens (checked 2026-12-01)`.
    static func prices(of facts: ModelFacts) -> String? {
        guard let input = facts.pricing.input else { return nil }
        var parts = ["$\(input) input"]
        if let cached = facts.pricing.cachedInput { parts.append("$\(cached) cached input") }
        if let output = facts.pricing.output { parts.append("$\(output) output") }
        var text = parts.joined(separator: ", ") + " per million tokens"
        if let checked = facts.checked { text += " (checked \(checked))" }
        if !facts.userFields.isEmpty { text += " (set in \(facts.origin.fileName))" }
        return text
    }
}

extension ModelFacts.Origin {
    /// Where the entry came from, for messages.
    var fileName: String {
        switch self {
        case .builtIn: "the built-in table"
        case .userFile(let path): path
        }
    }
}
