import TroupeCore

extension ShellEngine {
    /// `/tokens` on the local API type: exact counts from the model's own tokenizer through the
    /// server, and the server's context window.
    /// - Returns: false when the API type is not local (the caller counts with tiktoken).
    func printLocalTokenReport() async -> Bool {
        guard let local = try? await service.localClient else { return false }
        let style = output.style
        output.line(style.bold("Prompt tokens for \(local.modelName) (the model's own tokenizer, through the local server)"))
        do {
            guard let (cumulative, window) = try await service.localTokenCounts(of: messages) else { return false }
            var previous = 0
            for (index, message) in messages.enumerated() {
                let count = cumulative[index] - previous
                previous = cumulative[index]
                let label = "[\(index + 1)] \(message.role.rawValue)".padding(toLength: 16, withPad: " ", startingAt: 0)
                output.line("  \(label)\(Self.grouped(count).leftPadded(to: 10))  " + style.dim(Self.preview(message.content)))
            }
            let total = cumulative.last ?? 0
            output.line("  " + "total".padding(toLength: 16, withPad: " ", startingAt: 0) + Self.grouped(total).leftPadded(to: 10)
                + style.dim("  (what the server counts as prompt_tokens)"))
            output.line("  context window \(Self.grouped(window)) (the server's n_ctx); \(Self.grouped(window - total)) left for the reply and later turns")
        } catch {
            output.error("the local server could not count: \(Self.describe(error))")
        }
        printSessionTotals()
        return true
    }
}
