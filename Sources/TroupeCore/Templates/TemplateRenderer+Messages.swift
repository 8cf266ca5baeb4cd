/// Chat messages rendered from a system template and an optional user template.
public struct RenderedPrompt: Sendable, Hashable {
    /// `[system]` or `[system, user]`.
    public var messages: [ChatMessage]
    public var system: RenderedTemplate
    public var user: RenderedTemplate?

    /// The warnings of both renders.
    public var warnings: [TemplateWarning] { system.warnings + (user?.warnings ?? []) }
}

extension TemplateRenderer {
    /// Renders `system` (and `user` when given) into chat messages, keeping the details of each render.
    ///
    /// A `system` name that is not a template but has `NAME.system` (and maybe `NAME.user`)
    /// templates stands for that pair when no `user` is given: `summarize` renders
    /// `summarize.system` and `summarize.user`.
    /// - Throws: ``TemplateError``.
    public func renderMessages(
        system: String, user: String? = nil, variables: TemplateVariables, allowMissing: Bool = false
    ) throws -> RenderedPrompt {
        var (system, user) = (system, user)
        if user == nil, let pair = try locator.pair(named: system) { (system, user) = pair }
        let systemRender = try render(system, variables: variables, allowMissing: allowMissing)
        let userRender = try user.map { try render($0, variables: variables, allowMissing: allowMissing) }
        var messages = [ChatMessage.system(systemRender.text)]
        if let userRender { messages.append(.user(userRender.text)) }
        return RenderedPrompt(messages: messages, system: systemRender, user: userRender)
    }

    /// Renders `system` (and `user` when given) into `[system]` or `[system, user]` messages.
    /// - Throws: ``TemplateError``.
    public func composeMessages(
        system: String, user: String? = nil, variables: TemplateVariables, allowMissing: Bool = false
    ) throws -> [ChatMessage] {
        try renderMessages(system: system, user: user, variables: variables, allowMissing: allowMissing).messages
    }
}

/// Renders the templates named `system` and `user` into chat messages, as TinyTroupe's
/// `compose_initial_LLM_messages_with_templates` does.
///
/// Templates are looked up in `./Templates`, then in `renderer`'s TEMPLATES_DIR directories,
/// then among the built-in ones (pass a renderer built from the configuration to include TEMPLATES_DIR).
/// - Throws: ``TemplateError``.
public func composeMessages(
    system: String,
    user: String? = nil,
    variables: TemplateVariables = TemplateVariables(),
    renderer: TemplateRenderer = TemplateRenderer()
) throws -> [ChatMessage] {
    try renderer.composeMessages(system: system, user: user, variables: variables)
}

extension TemplateLocator {
    /// `NAME.system` and, when it exists, `NAME.user`, for a NAME that is not itself a template
    /// but has a `.system` one; nil otherwise.
    public func pair(named name: String) throws -> (system: String, user: String?)? {
        guard try find(name) == nil, try find(name + ".system") != nil else { return nil }
        return (name + ".system", try find(name + ".user") != nil ? name + ".user" : nil)
    }
}
