import Foundation

/// One model call built from templates, as TinyTroupe's `LLMCall`: a system template and an
/// optional user template, rendered with variables and sent with the given parameters.
///
/// The rendered messages and the model's output are kept for inspection after ``call(_:)``.
/// ```swift
/// var call = LLMCall(system: "summarize.system", user: "summarize.user", service: service)
/// let summary = try await call.call(["text": .string(article), "max_words": .number(50)])
/// print(call.messages, call.completion?.usage as Any)
/// ```
public struct LLMCall: Sendable {
    /// Sends rendered messages; `nil` parameters mean the service's defaults.
    public typealias Send = @Sendable (_ messages: [ChatMessage], _ parameters: ChatParameters?) async throws -> ChatCompletion

    /// The system template's name.
    public var system: String
    /// The user template's name, if any.
    public var user: String?
    /// The parameters of the request; nil uses the configuration's defaults.
    public var parameters: ChatParameters?
    public var renderer: TemplateRenderer
    /// Render names that are not given as empty text (see ``TemplateRenderer/render(_:variables:allowMissing:)``).
    public var allowMissing: Bool

    /// The messages of the last call (set before sending, so they are there even when sending fails).
    public private(set) var messages: [ChatMessage] = []
    /// The render warnings of the last call.
    public private(set) var warnings: [TemplateWarning] = []
    /// The whole answer of the last successful request.
    public private(set) var completion: ChatCompletion?
    /// The text the model answered in the last call (TinyTroupe's `model_output`).
    public var modelOutput: String? { completion?.content }

    private let send: Send

    /// A call that sends through `send` (e.g. `LLMService.complete`).
    public init(
        system: String,
        user: String? = nil,
        parameters: ChatParameters? = nil,
        renderer: TemplateRenderer = TemplateRenderer(),
        allowMissing: Bool = false,
        send: @escaping Send
    ) {
        self.system = system
        self.user = user
        self.parameters = parameters
        self.renderer = renderer
        self.allowMissing = allowMissing
        self.send = send
    }

    /// Renders the templates with `variables`, sends the messages and returns the model's text.
    /// - Throws: ``TemplateError`` when rendering fails (nothing is sent), the service's error when
    ///   the request fails, and ``LLMCallError/noContent(finishReason:model:)`` when the model
    ///   answers with no text (where TinyTroupe returns None).
    public mutating func call(_ variables: TemplateVariables = TemplateVariables()) async throws -> String {
        completion = nil
        let prompt = try renderer.renderMessages(system: system, user: user, variables: variables, allowMissing: allowMissing)
        messages = prompt.messages
        warnings = prompt.warnings
        let answer = try await send(messages, parameters)
        completion = answer
        guard !answer.content.isEmpty else {
            throw LLMCallError.noContent(finishReason: answer.finishReason, model: answer.model)
        }
        return answer.content
    }
}

/// Why an ``LLMCall`` returned no text.
public enum LLMCallError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The model answered with empty content.
    case noContent(finishReason: String?, model: String?)

    public var description: String {
        switch self {
        case .noContent(let finishReason, let model):
            let who = model.map { "The model \($0)" } ?? "The model"
            let why: String
            switch finishReason {
            case "content_filter": why = " because the content filter stopped it; rephrase the prompt"
            case "length": why = " because it ran out of tokens; raise max_tokens (or max_completion_tokens)"
            case "tool_calls": why = " because it asked to call a tool, which troupe does not support"
            case let reason?: why = " (finish reason: \(reason))"
            case nil: why = ""
            }
            return "\(who) returned no text\(why). Inspect the rendered messages with `troupe render`."
        }
    }
}

extension LLMCallError: LocalizedError {
    public var errorDescription: String? { description }
}
