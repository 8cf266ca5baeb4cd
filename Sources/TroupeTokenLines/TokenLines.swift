import TroupeTokenizer

/// The JSON-lines mode of `troupe tokens --jsonl`: each input line is a JSON object with a
/// `text` field; each output line is its token count, or with ids a JSON array of token ids.
///
/// The tokenizer is the caller's: an ``Encoding`` here, or a model's own tokenizer reached
/// another way (``text(ofLine:number:)`` and ``output(for:ids:)`` are the two halves).
public struct TokenLines: Sendable {
    /// The encoding used for every line.
    public let encoding: Encoding
    /// Whether to output the ids (a JSON array) instead of the count.
    public let ids: Bool

    public init(encoding: Encoding, ids: Bool) {
        self.encoding = encoding
        self.ids = ids
    }

    /// The output line (without newline) for one input line; blank lines give nil.
    /// - Parameters:
    ///   - line: the bytes of the line, without its newline.
    ///   - number: the 1-based line number, for errors.
    /// - Throws: ``TokenLinesError`` when the line is not an object with a string `text`.
    public func process(line: [UInt8], number: Int) throws(TokenLinesError) -> String? {
        guard let text = try Self.text(ofLine: line, number: number) else { return nil }
        return Self.output(for: encoding.encode(text), ids: ids)
    }

    /// Splits `data` into lines (on `\n`) and returns the output lines (blank lines are skipped).
    public func process(data: [UInt8]) throws(TokenLinesError) -> [String] {
        var output: [String] = []
        for (number, line) in Self.lines(of: data) {
            if let result = try process(line: line, number: number) { output.append(result) }
        }
        return output
    }

    /// The `text` field of one line, or nil for a blank line.
    /// - Throws: ``TokenLinesError``.
    public static func text(ofLine line: [UInt8], number: Int) throws(TokenLinesError) -> String? {
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return nil }
        do { return try JSONTextField.text(in: line) } catch {
            guard case .invalid(let reason) = error else { return nil }
            throw TokenLinesError(line: number, reason: reason)
        }
    }

    /// The output for a line's token ids: their count, or the ids as a JSON array.
    public static func output(for tokens: [Int], ids: Bool) -> String {
        ids ? "[" + tokens.map(String.init).joined(separator: ",") + "]" : String(tokens.count)
    }

    /// `data`'s lines (split on `\n`) with their 1-based numbers.
    public static func lines(of data: [UInt8]) -> [(number: Int, line: [UInt8])] {
        var lines: [(Int, [UInt8])] = []
        var start = 0
        while start < data.count {
            let end = data[start...].firstIndex(of: 0x0A) ?? data.count
            lines.append((lines.count + 1, Array(data[start..<end])))
            start = end + 1
        }
        return lines
    }
}

/// A JSON line that is not an object with a string `text` field.
public struct TokenLinesError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The 1-based line number.
    public var line: Int
    public var reason: String

    public var description: String {
        "line \(line): \(reason); each line must be a JSON object with a string \"text\" field."
    }
}
