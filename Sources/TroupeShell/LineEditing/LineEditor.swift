import CEditLine
import Dispatch
import Foundation

/// Candidates for the word being typed, given the line up to the cursor. Each candidate is a
/// whole word that starts with the current word (the part after the last space).
public typealias CompletionProvider = @Sendable (_ lineBeforeCursor: String) -> [String]

/// The terminal line editor: libedit with Emacs keys, history (Up/Down, Ctrl-R search) kept in
/// a file, and Tab completion. The only type that calls libedit.
///
/// Every libedit call runs on one serial queue, so the editor may be used from any task; it
/// is `@unchecked Sendable` for that reason.
public final class LineEditor: LineReader, @unchecked Sendable {
    private let queue = DispatchQueue(label: "troupe.shell.line-editor")
    private let editLine: OpaquePointer
    private let historyList: OpaquePointer
    private let state: EditorState
    private let historyPath: String?
    private var closed = false

    /// Starts the editor on the terminal.
    /// - Parameters:
    ///   - historyPath: the history file, loaded now and saved after every line; nil keeps
    ///     history in memory only.
    ///   - historySize: how many lines the history keeps.
    ///   - completion: what Tab offers.
    /// - Returns: nil when libedit cannot start on this terminal.
    public init?(historyPath: String?, historySize: Int = 1000, completion: @escaping CompletionProvider) {
        guard let editLine = troupe_el_init("troupe") else { return nil }
        guard let historyList = history_init() else {
            el_end(editLine)
            return nil
        }
        self.editLine = editLine
        self.historyList = historyList
        self.historyPath = historyPath
        self.state = EditorState(completion: completion)

        troupe_history_set_size(historyList, Int32(historySize))
        troupe_history_set_unique(historyList, 1)
        if let historyPath {
            HistoryFile.prepareDirectory(for: historyPath)
            if FileManager.default.fileExists(atPath: historyPath) {
                troupe_history_load(historyList, historyPath)
            }
        }

        troupe_el_set_clientdata(editLine, Unmanaged.passUnretained(state).toOpaque())
        troupe_el_set_editor(editLine, "emacs")
        troupe_el_set_history(editLine, historyList)
        troupe_el_set_prompt(editLine, { editLine in
            EditorState.from(editLine)?.prompt
        }, EditorState.promptEscape)

        // Ctrl-C reaches the editor as a key (not SIGINT) while a line is edited, so that it
        // clears the line instead of ending the program.
        troupe_el_setty_edit(editLine, "-isig")
        troupe_el_add_function(editLine, "troupe-interrupt", "Drop the line (Ctrl-C)") { editLine, _ in
            EditorState.from(editLine)?.interrupted = true
            return UInt8(CC_NEWLINE)
        }
        troupe_el_bind(editLine, "^C", "troupe-interrupt")
        troupe_el_add_function(editLine, "troupe-complete", "Complete a command or argument") { editLine, _ in
            LineEditor.complete(editLine)
        }
        troupe_el_bind(editLine, "^I", "troupe-complete")
        troupe_el_bind(editLine, "^R", "em-inc-search-prev")
    }

    deinit {
        close()
        el_end(editLine)
        history_end(historyList)
    }

    public var showsPrompts: Bool { true }

    public func readLine(prompt: String) async -> LineInput {
        await withCheckedContinuation { continuation in
            queue.async {
                continuation.resume(returning: self.readLineOnQueue(prompt: prompt))
            }
        }
    }

    public func addToHistory(_ line: String) {
        guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { return }
        queue.sync {
            troupe_history_enter(historyList, line)
            saveHistory()
        }
    }

    public func close() {
        queue.sync {
            guard !closed else { return }
            closed = true
            saveHistory()
        }
    }

    private func readLineOnQueue(prompt: String) -> LineInput {
        state.setPrompt(prompt)
        state.interrupted = false
        Self.leaveCanonicalMode()
        var count: Int32 = 0
        let raw = el_gets(editLine, &count)
        if state.interrupted {
            // libedit leaves the cursor on the edited line; show the key and move on, as shells do.
            TerminalInfo.writeRaw("^C\n")
            let text = raw.map { String(cString: $0) } ?? ""
            return .interrupted(discarded: Self.strippingNewline(text))
        }
        guard let raw, count > 0 else { return .endOfInput }
        return .line(Self.strippingNewline(String(cString: raw)))
    }

    /// Turns the terminal's line buffering, echo and signal keys off before `el_gets`.
    ///
    /// libedit prints the prompt before it puts the terminal in its own mode, so a key pressed
    /// just as the prompt appears would meet the cooked terminal: Ctrl-D turns into a NUL
    /// (the shell would not quit) and Ctrl-C into SIGINT. libedit does not take a mode without
    /// ICANON as the cooked one, so it still restores the real cooked mode when the line is done.
    private static func leaveCanonicalMode() {
        var mode = termios()
        guard tcgetattr(STDIN_FILENO, &mode) == 0 else { return }
        mode.c_lflag &= ~tcflag_t(ICANON | ISIG | ECHO)
        _ = tcsetattr(STDIN_FILENO, TCSANOW, &mode)
    }

    private func saveHistory() {
        guard let historyPath else { return }
        troupe_history_save(historyList, historyPath)
        HistoryFile.restrictPermissions(of: historyPath)
    }

    private static func strippingNewline(_ text: String) -> String {
        var text = text
        while text.hasSuffix("\n") || text.hasSuffix("\r") {
            text.removeLast()
        }
        return text
    }
}

/// What libedit's callbacks reach through `EL_CLIENTDATA`; touched only on the editor queue.
final class EditorState: @unchecked Sendable {
    /// Colour sequences in a prompt are wrapped in this byte so libedit does not count them.
    static let promptEscape: CChar = 1

    let completion: CompletionProvider
    var interrupted = false
    private(set) var prompt: UnsafeMutablePointer<CChar>?

    init(completion: @escaping CompletionProvider) {
        self.completion = completion
    }

    deinit {
        free(prompt)
    }

    func setPrompt(_ text: String) {
        free(prompt)
        prompt = strdup(text)
    }

    static func from(_ editLine: OpaquePointer) -> EditorState? {
        guard let data = troupe_el_get_clientdata(editLine) else { return nil }
        return Unmanaged<EditorState>.fromOpaque(data).takeUnretainedValue()
    }
}
