/// What one read of the shell's input gave.
public enum LineInput: Sendable, Equatable {
    /// A line, without its newline.
    case line(String)
    /// Ctrl-C at the prompt; carries the text that was on the line (and is dropped).
    case interrupted(discarded: String)
    /// Ctrl-D on an empty line, or the end of a piped input.
    case endOfInput
}

/// Where the shell reads its lines: the terminal's line editor, or plain lines from a pipe or a
/// test script. This is the shell's terminal seam.
public protocol LineReader: AnyObject, Sendable {
    /// Whether prompts are shown (a terminal); piped input gets none.
    var showsPrompts: Bool { get }

    /// Reads one line, showing `prompt` first when prompts are shown.
    func readLine(prompt: String) async -> LineInput

    /// Records an input (it may hold line breaks) so that Up and Ctrl-R find it again, whole.
    func addToHistory(_ line: String)

    /// Called before an input runs (a reply streams, a command works): the terminal editor
    /// stops echoing, so that keys typed meanwhile wait for the next prompt instead of
    /// landing inside the reply.
    func inputWillRun()

    /// Saves what needs saving (the history file) and gives the terminal back.
    func close()
}

extension LineReader {
    /// Readers without a terminal have nothing to change.
    public func inputWillRun() {}
}
