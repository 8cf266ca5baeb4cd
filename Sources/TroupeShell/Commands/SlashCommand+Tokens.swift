import Foundation
import TroupeCore

extension SlashCommand {
    /// `/tokens`: prompt tokens per message in the model's encoding, the context window and
    /// what is left, and the session's totals as the API reported them.
    public static let tokens = SlashCommand(
        name: "tokens",
        summary: "Count the conversation's tokens against the model's context window",
        details: "Counts locally in the current model's encoding (OpenAI's chat format: 3 tokens per message plus its role and content, and 3 priming the reply). The session totals are the API's own figures."
    ) { shell, _ in
        await shell.printTokenReport()
    }
}

extension ShellEngine {
    func printTokenReport() async {
        if await printLocalTokenReport() { return }
        let model = await service.config.model
        let style = output.style
        output.line(style.bold("Prompt tokens for \(model) (\(ChatTokenCount.encodingName(for: model)))"))
        var total = 0
        for (index, message) in messages.enumerated() {
            let count = ChatTokenCount.tokens(of: message, model: model)
            total += count
            let label = "[\(index + 1)] \(message.role.rawValue)".padding(toLength: 16, withPad: " ", startingAt: 0)
            output.line("  \(label)\(Self.grouped(count).leftPadded(to: 10))  " + style.dim(Self.preview(message.content)))
        }
        total += ChatTokenCount.replyPriming
        output.line("  " + "reply priming".padding(toLength: 16, withPad: " ", startingAt: 0)
            + Self.grouped(ChatTokenCount.replyPriming).leftPadded(to: 10))
        output.line("  " + "total".padding(toLength: 16, withPad: " ", startingAt: 0) + Self.grouped(total).leftPadded(to: 10))
        if let window = service.contextWindow(for: model) {
            output.line("  context window \(Self.grouped(window)); \(Self.grouped(window - total)) left for the reply and later turns")
        } else {
            output.line("  context window of \(model): unknown")
        }
        printSessionTotals()
    }

    /// 12,345
    static func grouped(_ value: Int) -> String {
        let digits = String(abs(value))
        var out = ""
        for (offset, character) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return value < 0 ? "-" + out : out
    }

    /// The start of a message on one line.
    static func preview(_ text: String) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        return flat.count > 40 ? String(flat.prefix(39)) + "…" : flat
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
