import Foundation
import TroupeCore

/// How ``ShellRunner`` starts the shell.
public struct ShellOptions: Sendable {
    /// The history file; nil keeps history in memory only.
    public var historyPath: String?
    /// Commands added to the built-in ones (from other modules).
    public var extraCommands: [SlashCommand]
    /// A conversation to continue.
    public var messages: [ChatMessage]
    /// Session bookkeeping to start with (`troupe chat --session`); see ``resume(_:store:config:flags:knownAPITypes:)``.
    public var sessions: SessionRecorder?
    /// Where every turn is written (nil: no log); see ``ConversationRecorder/configured(config:paths:kind:)``.
    public var recorder: ConversationRecorder?

    public init(
        historyPath: String? = HistoryFile.defaultPath(),
        extraCommands: [SlashCommand] = [],
        messages: [ChatMessage] = [],
        sessions: SessionRecorder? = nil
    ) {
        self.historyPath = historyPath
        self.extraCommands = extraCommands
        self.messages = messages
        self.sessions = sessions
    }
}

/// The chat shell's entry point: picks the terminal editor or plain lines, then runs the
/// read–run loop until Ctrl-D, the end of the input, or `/quit`.
public enum ShellRunner {
    /// Runs the shell on this process's terminal (or piped standard input).
    /// - Returns: the exit status: 0, or 1 when input was piped and a request failed.
    public static func run(service: LLMService, options: ShellOptions = ShellOptions()) async -> Int32 {
        let output = ShellOutput.standard()
        let engine = await ShellEngine(
            service: service, output: output,
            registry: .standard(extra: options.extraCommands), messages: options.messages)
        if let sessions = options.sessions {
            await engine.updateSessions { $0 = sessions }
        }
        await engine.setRecorder(options.recorder)
        let reader: any LineReader
        if TerminalInfo.inputIsTerminal { await engine.fetchModelNames() }
        if TerminalInfo.inputIsTerminal,
           let editor = LineEditor(historyPath: options.historyPath, completion: { line in
               engine.completions(forLineBeforeCursor: line)
           }) {
            reader = editor
        } else {
            reader = PlainLineReader()
        }
        if let editor = reader as? LineEditor, let notice = editor.historyNotice {
            output.info(notice)
        }
        if reader.showsPrompts {
            let config = await service.config
            let apiType = service.registry.apiType(for: config)
            output.info("troupe · \(await service.modelInUse()) on \(apiType) · \(Self.keyStatus(config, apiType: apiType)) · "
                + "/help lists the commands · Ctrl-D quits")
        }
        // Piped input has no prompt to come back to: there Ctrl-C ends troupe, as in any filter.
        await run(engine: engine, reader: reader, watchesInterrupts: reader.showsPrompts)
        reader.close()
        let failed = await engine.failedTurns
        return !reader.showsPrompts && failed > 0 ? 1 : 0
    }

    /// Whether the API type in use has its credential, for the banner (never the key itself).
    static func keyStatus(_ config: TroupeConfig, apiType: String) -> String {
        switch apiType {
        case "local": return "runs on this machine, no key needed"
        case "azure":
            return config.credentials.azureKey != nil || config.credentials.azureADToken != nil
                ? "Azure credentials set" : "no AZURE_OPENAI_KEY set"
        case "openai":
            if config.credentials.openAIKey != nil { return "OPENAI_API_KEY set" }
            return config.baseURL == nil ? "no OPENAI_API_KEY set" : "no key (server at \(URLRedaction.redacted(config.baseURL ?? "")))"
        default: return "custom client"
        }
    }

    /// The read–run loop: reads lines from `reader`, joins continued lines and blocks, and
    /// hands each whole input to `engine`; Ctrl-C (SIGINT) during an input cancels it.
    /// - Parameter watchesInterrupts: false leaves SIGINT alone (tests).
    public static func run(engine: ShellEngine, reader: any LineReader, watchesInterrupts: Bool = true) async {
        let output = engine.output
        let style = output.style
        var assembler = InputAssembler()
        // One watcher for the whole loop: Ctrl-C never falls back to ending the program.
        let interrupts = watchesInterrupts ? InterruptWatcher() : nil
        defer { interrupts?.stop() }
        while true {
            let prompt = Prompt.text(continuation: assembler.isCollecting, style: style)
            switch await reader.readLine(prompt: reader.showsPrompts ? prompt : "") {
            case .endOfInput:
                if let input = assembler.flush() {
                    // An unclosed block or a trailing `\` at the end: run what was typed.
                    await handle(input, engine: engine, reader: reader, interrupts: interrupts)
                }
                if let editor = reader as? LineEditor, let notice = editor.historyNotice {
            output.info(notice)
        }
        if reader.showsPrompts { output.write("\n") }
                return
            case .interrupted(let discarded):
                if assembler.isCollecting || !discarded.isEmpty {
                    assembler.reset()
                } else {
                    output.info("(Ctrl-C does not quit: type /quit or press Ctrl-D.)")
                }
            case .line(let line):
                guard case .complete(let input) = assembler.feed(line) else { continue }
                // One history entry per input, line breaks and all, so Up brings a block back whole.
                reader.addToHistory(input)
                await handle(input, engine: engine, reader: reader, interrupts: interrupts)
                if await engine.wantsQuit { return }
            }
        }
    }

    private static func handle(_ input: String, engine: ShellEngine, reader: any LineReader, interrupts: InterruptWatcher?) async {
        reader.inputWillRun()
        if let interrupts {
            await interrupts.run { await engine.handle(input) }
        } else {
            await engine.handle(input)
        }
    }
}

/// The prompts, with colour sequences marked for libedit's width count.
enum Prompt {
    static func text(continuation: Bool, style: TextStyle) -> String {
        let marker = continuation ? "..." : ">"
        guard style.enabled else { return marker + " " }
        let escape = "\u{1}"
        let color = continuation ? "\u{1B}[2m" : "\u{1B}[1;32m"
        return escape + color + escape + marker + escape + "\u{1B}[0m" + escape + " "
    }
}
