import Synchronization
import TroupeCore

/// Prints a reply as it streams: through the Markdown renderer on a terminal with colours
/// (MARKDOWN on), or exactly as the model sent it otherwise. Shared between the engine and the
/// request's event handler, which runs on the request's task.
final class ReplyPrinter: Sendable {
    private struct State {
        var renderer: MarkdownRenderer?
        var endsWithNewline = true
        var printedAnything = false

        mutating func note(_ text: String) {
            guard let last = text.last else { return }
            printedAnything = true
            endsWithNewline = last == "\n"
        }
    }

    private let output: ShellOutput
    private let state: Mutex<State>

    /// - Parameter render: whether to render Markdown (the caller checks the terminal, the
    ///   colours and the MARKDOWN setting).
    init(output: ShellOutput, render: Bool, width: Int) {
        self.output = output
        state = Mutex(State(renderer: render ? MarkdownRenderer(width: max(20, width), style: .terminal) : nil))
    }

    /// Prints the next piece of the reply (rendered: what can be shown for sure so far).
    func print(_ piece: String) {
        let text = state.withLock { state -> String in
            let text = state.renderer?.feed(piece) ?? piece
            state.note(text)
            return text
        }
        if !text.isEmpty { output.write(text) }
    }

    /// Ends the reply (also when it was cut): what the renderer held back, the closing of its
    /// styles, and a final line break when the reply did not end with one.
    func finish() {
        let text = state.withLock { state -> String in
            var text = state.renderer?.finish() ?? ""
            state.renderer = nil
            state.note(text)
            if state.printedAnything, !state.endsWithNewline {
                text += "\n"
                state.endsWithNewline = true
            }
            return text
        }
        if !text.isEmpty { output.write(text) }
    }
}
