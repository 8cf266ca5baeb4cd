import ArgumentParser
import Synchronization
import TroupeCore

/// `troupe send`: one prompt in, the reply out.
struct SendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Send one prompt and print the reply.",
        discussion: "The reply streams to standard output as it arrives; errors go to standard error with a non-zero exit status."
    )

    @OptionGroup var model: ModelOptions

    @Option(name: .long, help: ArgumentHelp("Sampling temperature, 0 to 2.", valueName: "t"))
    var temperature: Double?

    @Option(name: .long, help: ArgumentHelp("A system message sent before the prompt.", valueName: "text"))
    var system: String?

    @Flag(inversion: .prefixedNo, help: "Answer from the response cache and store new answers (default: CACHE_API_CALLS).")
    var cache: Bool?

    @Flag(name: .customLong("no-stream"), help: "Wait for the whole reply instead of streaming it.")
    var noStream = false

    @OptionGroup var templates: TemplateOptions

    @Argument(help: ArgumentHelp("The prompt; several words are joined with spaces. With --template it is sent after the rendered messages.", valueName: "prompt"))
    var prompt: [String] = []

    func validate() throws {
        if prompt.isEmpty && !templates.isActive {
            throw ValidationError("Give a prompt, e.g. troupe send \"Hello\", or a template with --template NAME.")
        }
        if system != nil && templates.isActive {
            throw ValidationError("--system and --template both set the system message; give one of them.")
        }
    }

    /// Retries and warnings, one line each on standard error.
    @Sendable static func report(_ event: ChatEvent) async {
        switch event {
        case .retrying(let notice): StandardOutput.writeError("troupe: \(notice)\n")
        case .waiting(let what): StandardOutput.writeError("troupe: \(what)\n")
        case .warning(let text): StandardOutput.writeError("troupe: warning: \(text)\n")
        case .delta: break
        }
    }

    func run() async throws {
        var extra: [String: String] = [:]
        if let temperature { extra["TEMPERATURE"] = String(temperature) }
        if let cache { extra["CACHE_API_CALLS"] = cache ? "true" : "false" }
        let config = try model.loadConfig(extra: extra)
        ModelOptions.announceLocalDefault(config)
        let service = LLMService(config: config)

        var messages: [ChatMessage] = []
        if let system { messages.append(.system(system)) }
        if let rendered = try templates.render(templatesDirectories: config.templatesDirectories) {
            messages = rendered.messages
        }
        if !prompt.isEmpty { messages.append(.user(prompt.joined(separator: " "))) }

        if noStream {
            let completion = try await service.complete(messages, onEvent: Self.report)
            StandardOutput.write(completion.content)
            if !completion.content.hasSuffix("\n") { StandardOutput.write("\n") }
            return
        }
        let endsWithNewline = Mutex(true)
        let completion = try await service.stream(messages) { event in
            if case .delta(let text) = event, !text.isEmpty {
                StandardOutput.write(text)
                endsWithNewline.withLock { $0 = text.hasSuffix("\n") }
            } else {
                await Self.report(event)
            }
        }
        if !endsWithNewline.withLock({ $0 }) { StandardOutput.write("\n") }
        if completion.timedOut {
            StandardOutput.writeError("troupe: the reply was cut by TIMEOUT (\(config.timeout) s); the part above is what arrived\n")
            throw ExitCode(1)
        }
    }
}
