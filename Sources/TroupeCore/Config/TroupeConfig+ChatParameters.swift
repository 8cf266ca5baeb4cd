extension TroupeConfig {
    /// The default parameters of a chat request with this configuration.
    ///
    /// Every sampling value is included as configured; the client leaves out what a
    /// reasoning model rejects and picks `maxTokens` or `maxCompletionTokens`.
    public func chatParameters() -> ChatParameters {
        ChatParameters(
            model: model,
            temperature: temperature,
            maxTokens: maxTokens,
            maxCompletionTokens: maxCompletionTokens,
            topP: topP,
            frequencyPenalty: frequencyPenalty,
            presencePenalty: presencePenalty,
            stop: stop,
            seed: seed,
            responseFormat: jsonMode ? .jsonObject : nil,
            reasoningEffort: reasoningEffort,
            timeout: timeout,
            dedent: dedent
        )
    }
}
