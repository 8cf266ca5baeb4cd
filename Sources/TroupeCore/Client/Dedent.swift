extension String {
    /// Removes the indentation common to every line, as Python's `textwrap.dedent` does
    /// (TinyTroupe dedents messages before sending them).
    ///
    /// Lines of only spaces and tabs become empty and do not count; tabs and spaces are
    /// different characters (a tab never matches spaces); lines are split on `\n` only.
    public func dedented() -> String {
        // Split on the "\n" scalar, also inside "\r\n" (which Swift sees as one Character).
        var lines = unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
            .map { String(String.UnicodeScalarView($0)) }
        var margin: Substring?
        for index in lines.indices {
            let line = lines[index]
            let indent = line.prefix { $0 == " " || $0 == "\t" }
            if indent.count == line.count {
                lines[index] = ""
                continue
            }
            if let current = margin {
                margin = current.commonPrefix(with: indent)
            } else {
                margin = indent
            }
        }
        guard let margin, !margin.isEmpty else { return lines.joined(separator: "\n") }
        return lines.map { $0.hasPrefix(margin) ? String($0.dropFirst(margin.count)) : $0 }.joined(separator: "\n")
    }
}

private extension Substring {
    /// The longest common prefix, compared character by character.
    func commonPrefix(with other: Substring) -> Substring {
        var end = startIndex
        var otherIndex = other.startIndex
        while end < endIndex, otherIndex < other.endIndex, self[end] == other[otherIndex] {
            end = index(after: end)
            otherIndex = other.index(after: otherIndex)
        }
        return self[startIndex..<end]
    }
}
