import CEditLine
import Dispatch
import Foundation

/// Candidates for the word being typed, given the line up to the cursor. Each candidate is a
/// whole word that starts with the current word (the part after the last space).
public typealias CompletionProvider = @Sendable (_ lineBeforeCursor: String) -> [String]

/// The terminal line editor: libedit with Emacs keys, history (Up/Down, Ctrl-R search) kept in
/// a file, Tab completion, bracketed paste, the user's editor on Ctrl-X Ctrl-E, and keys
/// typed during a reply kept for the next prompt. The only type that calls libedit.
///
/// libedit reads the terminal through ``KeyDecoder`` (see `LineEditor+Input.swift`): keys
/// with no binding are dropped instead of inserted, and a paste arrives as one block.
///
/// Every libedit call runs on one serial queue, so the editor may be used from any task; it
/// is `@unchecked Sendable` for that reason.
public final class LineEditor: LineReader, @unchecked Sendable {
    private let queue = DispatchQueue(label: "troupe.shell.line-editor")
    private let editLine: OpaquePointer
    private let historyList: HistoryList
    private let state: EditorState
    private let historyPath: String?
    /// Set when the history file could not be read and was moved aside (for the shell to say).
    public private(set) var historyNotice: String?
    private var closed = false

    /// Starts the editor on the terminal.
    /// - Parameters:
    ///   - historyPath: the history file, loaded now and saved after every input; nil keeps
    ///     history in memory only.
    ///   - historySize: how many inputs the history keeps.
    ///   - environment: where `VISUAL` and `EDITOR` are read for Ctrl-X Ctrl-E.
    ///   - completion: what Tab offers.
    /// - Returns: nil when libedit cannot start on this terminal.
    public init?(
        historyPath: String?, historySize: Int = 1000,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        completion: @escaping CompletionProvider
    ) {
        let utf8 = troupe_set_ctype_locale() == 1
        // Before libedit or anything else changes the terminal.
        TerminalControl.shared.captureCookedMode()
        guard let historyList = HistoryList(size: historySize) else { return nil }
        let terminalType = TerminalType.replacement(environment: environment)
        guard let editLine = troupe_el_init("troupe", terminalType) else { return nil }
        self.editLine = editLine
        self.historyList = historyList
        self.historyPath = historyPath
        self.state = EditorState(
            completion: completion, editor: ExternalEditor(environment: environment),
            decoder: KeyDecoder(known: KeyBindings.decoderKnown, utf8: utf8),
            resizeDescriptor: TerminalControl.shared.resizeSignalDescriptor())

        if let historyPath {
            HistoryFile.prepareDirectory(for: historyPath)
            // An empty file (prepareDirectory just made it) has nothing to load; libedit
            // reports it as a failed load, as it lacks the format's first line.
            let size = (try? FileManager.default.attributesOfItem(atPath: historyPath)[.size] as? NSNumber)?.intValue ?? 0
            if size > 0, !historyList.load(from: historyPath) {
                // Never overwrite what could not be read: keep it beside, start a new file.
                historyNotice = HistoryFile.moveAside(historyPath)
                HistoryFile.prepareDirectory(for: historyPath)
            }
        }

        troupe_el_set_clientdata(editLine, Unmanaged.passUnretained(state).toOpaque())
        troupe_el_set_editor(editLine, "emacs")
        troupe_el_set_history(editLine, historyList.pointer)
        troupe_el_set_prompt(editLine, { editLine in
            EditorState.from(editLine)?.prompt
        }, EditorState.promptEscape)
        troupe_el_set_read_function(editLine) { editLine, character in
            LineEditor.readCharacter(editLine, into: character)
        }
        // Ctrl-C reaches the editor as a key (not SIGINT) while a line is edited, so that it
        // clears the line instead of ending the program.
        troupe_el_setty_edit(editLine, "-isig")
        Self.bindKeys(editLine)
    }

    deinit {
        close()
        el_end(editLine)
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
        guard !line.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return }
        queue.sync {
            historyList.enter(line)
            saveHistory()
        }
    }

    public func inputWillRun() {
        TerminalControl.shared.enterRunningMode()
    }

    public func close() {
        queue.sync {
            guard !closed else { return }
            closed = true
            saveHistory()
            TerminalControl.shared.setBracketedPaste(false)
            TerminalControl.shared.restoreCookedMode()
        }
    }

    private func readLineOnQueue(prompt: String) -> LineInput {
        state.setPrompt(prompt)
        TerminalControl.shared.setBracketedPaste(true)
        while true {
            state.interrupted = false
            state.externalEditRequested = false
            Self.leaveCanonicalMode()
            // Keys typed while the last input ran wait in the terminal's queue.
            state.takeTypedAhead()
            var count: Int32 = 0
            let raw = el_gets(editLine, &count)
            let text = Self.strippingNewline(raw.map { String(cString: $0) } ?? "")
            if state.interrupted {
                // The cursor is at the end of the line (see `interrupt`); show the key and move on, as shells do.
                TerminalInfo.writeRaw("^C\n")
                return .interrupted(discarded: text)
            }
            if state.externalEditRequested {
                if let edited = runExternalEditor(on: text, prompt: prompt) {
                    return .line(edited)
                }
                continue
            }
            guard raw != nil, count > 0 else { return .endOfInput }
            return .line(text)
        }
    }

    /// Ctrl-X Ctrl-E: the line in the user's editor. libedit has given the terminal back
    /// (cooked) and moved below the line. Returns what to send, or nil to read a line again:
    /// the saved text was empty, or the editor failed (the text is then put back).
    private func runExternalEditor(on text: String, prompt: String) -> String? {
        do {
            let edited = try state.editor.edit(text)
            guard !edited.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                TerminalInfo.writeRaw("(the saved text is empty: nothing sent)\n")
                return nil
            }
            // What is sent, shown as if typed at the prompt.
            TerminalInfo.writeRaw(prompt.replacingOccurrences(of: "\u{1}", with: "") + edited + "\n")
            return edited
        } catch {
            TerminalInfo.writeRaw("error: \(error)\n")
            state.enqueuePaste(text)
            return nil
        }
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
        historyList.save(to: historyPath)
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

extension LineEditor {
    /// libedit's history list: what Up, Down and Ctrl-R go through, and its file.
    ///
    /// An entry may hold line breaks (a block, a paste): libedit's file format (`_HiStOrY_V2_`)
    /// writes each entry on one line with `strvis`, a line break as `\012`, a space as `\040`,
    /// a backslash as `\134`, and reads it back with `strunvis`, so entries come back whole.
    final class HistoryList {
        let pointer: OpaquePointer

        /// - Parameter size: how many entries are kept; an entry equal to the one before is dropped.
        init?(size: Int) {
            guard let pointer = history_init() else { return nil }
            self.pointer = pointer
            troupe_history_set_size(pointer, Int32(clamping: size))
            troupe_history_set_unique(pointer, 1)
        }

        deinit {
            history_end(pointer)
        }

        func enter(_ entry: String) {
            troupe_history_enter(pointer, entry)
        }

        /// Adds the entries of a history file.
        @discardableResult
        func load(from path: String) -> Bool {
            troupe_history_load(pointer, path) >= 0
        }

        @discardableResult
        func save(to path: String) -> Bool {
            troupe_history_save(pointer, path) >= 0
        }

        /// Every entry, the oldest first.
        var entries: [String] {
            var entries: [String] = []
            var entry = troupe_history_step(pointer, H_LAST)
            while let current = entry {
                entries.append(String(cString: current))
                entry = troupe_history_step(pointer, H_PREV)
            }
            return entries
        }
    }
}

/// What libedit's callbacks reach through `EL_CLIENTDATA`; touched only on the editor queue.
final class EditorState: @unchecked Sendable {
    /// Colour sequences in a prompt are wrapped in this byte so libedit does not count them.
    static let promptEscape: CChar = 1

    let completion: CompletionProvider
    let editor: ExternalEditor
    /// The terminal's bytes, decoded.
    var decoder: KeyDecoder
    /// SIGWINCH's pipe (see ``TerminalControl/resizeSignalDescriptor()``), or -1.
    let resizeDescriptor: Int32
    var interrupted = false
    var externalEditRequested = false
    private(set) var prompt: UnsafeMutablePointer<CChar>?
    /// The prompt's width in columns.
    private(set) var promptWidth = 0
    /// Characters for libedit, read before the terminal.
    private var pending: [Unicode.Scalar] = []
    private var pendingStart = 0
    /// Pasted blocks waiting for ``KeyBindings/Function/paste``, oldest first.
    private var pastes: [String] = []

    init(completion: @escaping CompletionProvider, editor: ExternalEditor, decoder: KeyDecoder, resizeDescriptor: Int32) {
        self.completion = completion
        self.editor = editor
        self.decoder = decoder
        self.resizeDescriptor = resizeDescriptor
    }

    deinit {
        free(prompt)
    }

    func setPrompt(_ text: String) {
        free(prompt)
        prompt = strdup(text)
        promptWidth = LineGeometry.promptWidth(text, escape: "\u{1}")
    }

    /// The next queued character, if any.
    func nextPending() -> Unicode.Scalar? {
        guard pendingStart < pending.count else { return nil }
        let scalar = pending[pendingStart]
        pendingStart += 1
        if pendingStart == pending.count {
            pending.removeAll(keepingCapacity: true)
            pendingStart = 0
        }
        return scalar
    }

    /// Queues decoded input for libedit; a paste becomes the sequence bound to its insertion.
    func enqueue(_ outputs: [KeyDecoder.Output]) {
        for output in outputs {
            switch output {
            case .character(let scalar):
                pending.append(scalar)
            case .paste(let text):
                enqueuePaste(text)
            }
        }
    }

    /// Queues `text` to be inserted as a block at the cursor.
    func enqueuePaste(_ text: String) {
        guard !text.isEmpty else { return }
        pastes.append(text)
        pending.append(contentsOf: KeyBindings.Internal.paste.unicodeScalars)
    }

    /// Queues characters ahead of everything else queued.
    func enqueueFirst(_ text: String) {
        pending.replaceSubrange(pendingStart..<pendingStart, with: text.unicodeScalars)
    }

    /// The oldest waiting paste.
    func takePaste() -> String? {
        pastes.isEmpty ? nil : pastes.removeFirst()
    }

    static func from(_ editLine: OpaquePointer) -> EditorState? {
        guard let data = troupe_el_get_clientdata(editLine) else { return nil }
        return Unmanaged<EditorState>.fromOpaque(data).takeUnretainedValue()
    }
}
