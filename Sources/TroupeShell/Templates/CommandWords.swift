/// Splits a command's arguments into words the way a user would expect when typing template
/// variables: white space separates words, except inside quotes and inside JSON brackets, so
/// `name="Ana Lima" traits=["kind", "curious"]` is two words. Quotes are kept (the value is
/// read as JSON later), except single quotes, which only group.
enum CommandWords {
    /// The words of `text`.
    /// - Throws: ``ShellCommandError/invalid(_:)`` for an unclosed quote.
    static func split(_ text: String) throws -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var depth = 0
        var quote: Character?
        var escaped = false
        for character in text {
            if let open = quote {
                if open == "\"", escaped {
                    escaped = false
                } else if open == "\"", character == "\\" {
                    escaped = true
                } else if character == open {
                    quote = nil
                    if open == "'" { continue }
                }
                current.append(character)
                continue
            }
            switch character {
            case "\"":
                quote = character
                current.append(character)
                inWord = true
            case "'":
                quote = character
                inWord = true
            case "[", "{":
                depth += 1
                current.append(character)
                inWord = true
            case "]", "}":
                depth = max(0, depth - 1)
                current.append(character)
                inWord = true
            case _ where character.isWhitespace && depth == 0:
                if inWord {
                    words.append(current)
                    current = ""
                    inWord = false
                }
            default:
                current.append(character)
                inWord = true
            }
        }
        if let quote {
            throw ShellCommandError.invalid("unclosed \(quote) in: \(text)")
        }
        if inWord { words.append(current) }
        return words
    }
}
