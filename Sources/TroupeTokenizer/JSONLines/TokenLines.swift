/// The JSON-lines mode of `troupe tokens --jsonl`: each input line is a JSON object with a
/// `text` field; each output line is its token count, or with ids a JSON array of token ids.
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
    /// - Throws: `TokenizerError.invalidJSONLine` when the line is not an object with a string `text`.
    public func process(line: [UInt8], number: Int) throws(TokenizerError) -> String? {
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return nil }
        let text: String
        do { text = try JSONTextField.text(in: line) } catch {
            guard case .invalid(let reason) = error else { return nil }
            throw .invalidJSONLine(line: number, reason: reason)
        }
        if ids {
            return "[" + encoding.encode(text).map(String.init).joined(separator: ",") + "]"
        }
        return String(encoding.count(text))
    }

    /// Splits `data` into lines (on `\n`) and returns the output lines.
    public func process(data: [UInt8]) throws(TokenizerError) -> [String] {
        var output: [String] = []
        var number = 0
        var start = 0
        while start < data.count {
            let end = data[start...].firstIndex(of: 0x0A) ?? data.count
            number += 1
            if let line = try process(line: Array(data[start..<end]), number: number) { output.append(line) }
            start = end + 1
        }
        return output
    }
}
