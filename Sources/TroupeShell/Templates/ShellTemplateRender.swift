import TroupeCore

/// Messages rendered for `/render` or `/template`, each with the render it came from.
struct ShellTemplateRender: Sendable {
    var messages: [ChatMessage]
    var renders: [RenderedTemplate]
    /// The variables the templates were rendered with (those in force, then the command's pairs).
    var variables: TemplateVariables

    var warnings: [TemplateWarning] { renders.flatMap(\.warnings) }
    /// The render of the last message (the user message, when there is one).
    var last: RenderedTemplate { renders[renders.count - 1] }
}
