/// The one user message `troupe send` makes from piped standard input and its prompt.
public enum PipedPrompt {
    /// The input, a blank line, then the prompt (`cat notes.md | troupe send "summarize"`);
    /// input of only whitespace is ignored; with no prompt, the input is the prompt.
    /// - Parameters:
    ///   - input: standard input's text; nil when standard input is a terminal (not read).
    ///   - prompt: the prompt's words joined; nil or empty when none was given.
    /// - Returns: the message text, or nil when there is nothing to send.
    public static func message(input: String?, prompt: String?) -> String? {
        let prompt = prompt.flatMap { $0.isEmpty ? nil : $0 }
        guard let input, input.contains(where: { !$0.isWhitespace }) else { return prompt }
        var body = Substring(input)
        while let last = body.last, last.isNewline { body = body.dropLast() }
        guard let prompt else { return String(body) }
        return body + "\n\n" + prompt
    }
}
