/// Fenced code blocks (```` ``` ```` or `~~~`) in Markdown text, as models write them.
enum FencedCodeBlock {
    /// The contents of every fenced block in `text`, in order, without the fence lines. A
    /// block left open runs to the end of the text.
    static func all(in text: String) -> [String] {
        var blocks: [String] = []
        var fence: (character: Character, length: Int)?
        var lines: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " }
            let indent = line.count - trimmed.count
            if let open = fence {
                let run = trimmed.prefix { $0 == open.character }.count
                if indent <= 3, run >= open.length, trimmed.dropFirst(run).allSatisfy(\.isWhitespace) {
                    blocks.append(lines.joined(separator: "\n"))
                    fence = nil
                    lines = []
                } else {
                    lines.append(line)
                }
                continue
            }
            guard indent <= 3, let first = trimmed.first, first == "`" || first == "~" else { continue }
            let run = trimmed.prefix { $0 == first }.count
            // A backtick fence's info string may not hold a backtick.
            if run >= 3, first == "~" || !trimmed.dropFirst(run).contains("`") {
                fence = (first, run)
            }
        }
        if fence != nil {
            blocks.append(lines.joined(separator: "\n"))
        }
        return blocks
    }

    /// The last fenced block's contents, or nil when there is none.
    static func last(in text: String) -> String? {
        all(in: text).last
    }
}
