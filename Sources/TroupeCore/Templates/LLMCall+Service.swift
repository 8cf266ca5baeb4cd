extension LLMCall {
    /// A call that sends through `service` (cache, concurrency bound and retries included).
    /// - Parameter parameters: nil uses the service configuration's defaults.
    public init(
        system: String,
        user: String? = nil,
        parameters: ChatParameters? = nil,
        service: LLMService,
        renderer: TemplateRenderer = TemplateRenderer(),
        allowMissing: Bool = false
    ) {
        self.init(
            system: system, user: user, parameters: parameters, renderer: renderer, allowMissing: allowMissing,
            send: { messages, parameters in try await service.complete(messages, parameters: parameters) })
    }
}

extension TemplateLocator {
    /// `./Templates`, then the configuration's TEMPLATES_DIR, then the built-in templates.
    public init(config: TroupeConfig) {
        self.init(configuredDirectories: config.templatesDirectories)
    }
}
