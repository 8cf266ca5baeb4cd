import ArgumentParser
import Foundation
import Synchronization
import TroupeCore
import TroupeShell

/// `troupe send`: one prompt in, the reply out.
struct SendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Send one prompt and print the reply.",
        discussion: """
            The reply streams to standard output as it arrives; errors go to standard error with a \
            non-zero exit status. When standard input is not a terminal it is read and sent first: \
            the input, a blank line, then the prompt (cat notes.md | troupe send "summarize"); with no \
            prompt, the input is the prompt. Inside a `while read` loop give </dev/null, or send reads \
            the loop's input.
            """
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

    @Option(name: [.customShort("a"), .customLong("attach")], parsing: .singleValue,
            help: ArgumentHelp("Attach a text file (or a glob's files) before the prompt, as its name and a fenced block; an image goes as an image part to a vision model (repeatable).", valueName: "path"))
    var attachments: [String] = []

    @OptionGroup var templates: TemplateOptions

    @Argument(help: ArgumentHelp("The prompt; several words are joined with spaces. With --template it is sent after the rendered messages.", valueName: "prompt"))
    var prompt: [String] = []

    func validate() throws {
        if prompt.isEmpty && !templates.isActive && attachments.isEmpty && TerminalInfo.inputIsTerminal {
            throw ValidationError("Give a prompt, e.g. troupe send \"Hello\", pipe one in, or give a template with --template NAME.")
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
        let service = LLMService(config: config, catalog: try ModelOptions.loadCatalog())

        var messages: [ChatMessage] = []
        if let system { messages.append(.system(system)) }
        if let rendered = try templates.render(templatesDirectories: config.templatesDirectories) {
            messages = rendered.messages
        }
        let input = TerminalInfo.inputIsTerminal ? nil : String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        var attached: [Attachment] = []
        var images: [ImagePart] = []
        let directory = FileManager.default.currentDirectoryPath
        let model = await service.modelInUse()
        for pattern in attachments {
            for path in try Attachment.paths(matching: pattern, in: directory, home: TroupePaths().home) {
                switch try Attachment.content(of: path, in: directory) {
                case .text(let attachment): attached.append(attachment)
                case .image(let image):
                    guard service.catalog.facts(for: model)?.capabilities.vision == true else {
                        throw AttachmentError.imageNotSupported(path: path, model: model)
                    }
                    images.append(image)
                }
            }
        }
        let text = PipedPrompt.message(input: input, prompt: prompt.joined(separator: " "))
        if text != nil || !attached.isEmpty || !images.isEmpty {
            messages.append(ChatMessage(role: .user, content: Attachment.message(attached, text: text ?? ""), images: images))
        } else if !templates.isActive {
            throw ValidationError("Nothing to send: no prompt was given and standard input was empty.")
        }
        let recorder = ConversationRecorder.configured(config: config, paths: TroupePaths(), kind: .send)
        let apiType = service.registry.apiType(for: config)
        var parameters = config.chatParameters()
        parameters.model = await service.modelInUse(parameters)
        let startedAt = Date()
        /// Writes the turn to the log; a log that cannot be written is a warning, not a failure.
        func log(_ completion: ChatCompletion?, error: (any Error)? = nil) {
            guard let recorder else { return }
            let cost = service.cost(of: completion, model: parameters.model, apiType: apiType)
            if let problem = recorder.record(
                apiType: apiType, parameters: parameters, messages: messages, completion: completion, cost: cost,
                error: error, time: startedAt, template: templates.name, templateVariables: templates.loggedVariables)
            {
                StandardOutput.writeError("troupe: warning: the conversation log is not written (\(problem))\n")
            }
        }

        if noStream {
            let completion: ChatCompletion
            do {
                completion = try await service.complete(messages, parameters: parameters, onEvent: Self.report)
            } catch {
                log(nil, error: error)
                throw error
            }
            log(completion)
            StandardOutput.write(completion.content)
            if !completion.content.hasSuffix("\n") { StandardOutput.write("\n") }
            return
        }
        let endsWithNewline = Mutex(true)
        let completion: ChatCompletion
        do {
            completion = try await service.stream(messages, parameters: parameters) { event in
                if case .delta(let text) = event, !text.isEmpty {
                    StandardOutput.write(text)
                    endsWithNewline.withLock { $0 = text.hasSuffix("\n") }
                } else {
                    await Self.report(event)
                }
            }
        } catch {
            log(nil, error: error)
            throw error
        }
        log(completion)
        if !endsWithNewline.withLock({ $0 }) { StandardOutput.write("\n") }
        if completion.timedOut {
            StandardOutput.writeError("troupe: the reply was cut by TIMEOUT (\(config.timeout) s); the part above is what arrived\n")
            throw ExitCode(1)
        }
    }
}
