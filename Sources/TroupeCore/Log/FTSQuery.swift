/// Turns a user's search text into an FTS5 `MATCH` expression that cannot be a syntax error.
///
/// Every whitespace-separated word becomes a quoted FTS5 string (`"…"`, inner quotes doubled),
/// so `AND`, `OR`, `NOT`, `NEAR`, `:`, `^`, `(`, `-` and quotes in the text are matched as
/// text, never read as operators; words are ANDed. A word ending in `*` is a prefix search.
/// Words with no letter or digit (which FTS5 would reduce to an empty phrase) are dropped.
enum FTSQuery {
    /// The MATCH expression, or nil when the text has nothing searchable.
    static func expression(for text: String) -> String? {
        var terms: [String] = []
        for word in text.split(whereSeparator: { $0.isWhitespace }) {
            var body = Substring(word.filter { $0 != "\0" })
            var prefix = false
            if body.hasSuffix("*") {
                prefix = true
                while body.hasSuffix("*") { body = body.dropLast() }
            }
            guard body.contains(where: { $0.isLetter || $0.isNumber }) else { continue }
            let quoted = "\"" + body.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            terms.append(prefix ? quoted + "*" : quoted)
        }
        return terms.isEmpty ? nil : terms.joined(separator: " ")
    }
}
