extension TroupeConfig {
    /// The parameters of a chat request with this configuration: MODEL, every request parameter
    /// that is set, and JSON mode as a response format. The client leaves out what a reasoning
    /// model rejects.
    public func chatParameters() -> ChatParameters {
        var parameters = ChatParameters(model: model)
        for setting in Setting.requestParameters {
            parameters[setting] = self[setting]
        }
        if self[.jsonMode]?.boolValue == true {
            parameters.responseFormat = .jsonObject
        }
        return parameters
    }
}
