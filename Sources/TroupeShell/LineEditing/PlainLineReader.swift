import Dispatch

/// Reads plain lines from standard input when it is not a terminal: no prompts, no editing,
/// no history, so that `printf '/model x\nhello\n' | troupe` runs the same commands.
public final class PlainLineReader: LineReader {
    // Blocking reads run on their own queue so that no cooperative thread waits on a pipe.
    private let queue = DispatchQueue(label: "troupe.shell.plain-input")

    public init() {}

    public var showsPrompts: Bool { false }

    public func readLine(prompt: String) async -> LineInput {
        await withCheckedContinuation { continuation in
            queue.async {
                if let line = Swift.readLine(strippingNewline: true) {
                    continuation.resume(returning: .line(line))
                } else {
                    continuation.resume(returning: .endOfInput)
                }
            }
        }
    }

    public func addToHistory(_ line: String) {}

    public func close() {}
}
