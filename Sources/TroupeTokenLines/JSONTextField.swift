/// Reads the string field `text` of one JSON object (one line of a JSON-lines file).
///
/// A small dedicated parser rather than Foundation's: it accepts lone surrogate escapes
/// (`"\ud800"`), which Python's `json` produces and tiktoken turns into U+FFFD, and does the same.
struct JSONTextField {
    enum Failure: Error { case invalid(String) }

    private let bytes: [UInt8]
    private var i = 0

    /// The `text` field of the JSON object in `line`.
    /// - Throws: `Failure.invalid` with a reason when the line is not an object with a string `text`.
    static func text(in line: [UInt8], field: String = "text") throws(Failure) -> String {
        var parser = JSONTextField(bytes: line)
        return try parser.object(field: Array(field.utf8))
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private mutating func skipSpace() {
        while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(Failure) {
        skipSpace()
        guard i < bytes.count, bytes[i] == byte else { throw .invalid("expected \(what) at byte \(i + 1)") }
        i += 1
    }

    private mutating func object(field: [UInt8]) throws(Failure) -> String {
        try expect(UInt8(ascii: "{"), "'{'")
        var found: String?
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
            i += 1
        } else {
            while true {
                skipSpace()
                let isField = Array(try string().utf8) == field
                try expect(UInt8(ascii: ":"), "':'")
                skipSpace()
                if isField {
                    guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw .invalid("\"text\" is not a string") }
                    found = try string()
                } else {
                    try skipValue(depth: 0)
                }
                skipSpace()
                guard i < bytes.count else { throw .invalid("unterminated object") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "}") { i += 1; break }
                throw .invalid("expected ',' or '}' at byte \(i + 1)")
            }
        }
        skipSpace()
        guard i == bytes.count else { throw .invalid("unexpected data after the object at byte \(i + 1)") }
        guard let found else { throw .invalid("no \"text\" field") }
        return found
    }

    private mutating func string() throws(Failure) -> String {
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw .invalid("expected a string at byte \(i + 1)") }
        i += 1
        var out: [UInt8] = []
        var pendingHigh: UInt32?  // a high surrogate waiting for its low half
        func flushHigh(_ out: inout [UInt8], _ pending: inout UInt32?) {
            if pending != nil { out.append(contentsOf: [0xEF, 0xBF, 0xBD]); pending = nil }
        }
        while true {
            guard i < bytes.count else { throw .invalid("unterminated string") }
            let byte = bytes[i]
            i += 1
            if byte == UInt8(ascii: "\"") { break }
            if byte != UInt8(ascii: "\\") {
                flushHigh(&out, &pendingHigh)
                out.append(byte)
                continue
            }
            guard i < bytes.count else { throw .invalid("unterminated escape") }
            let escape = bytes[i]
            i += 1
            if escape == UInt8(ascii: "u") {
                guard i + 4 <= bytes.count, let unit = UInt32(String(decoding: bytes[i..<(i + 4)], as: UTF8.self), radix: 16)
                else { throw .invalid("bad \\u escape at byte \(i)") }
                i += 4
                if (0xD800..<0xDC00).contains(unit) {
                    flushHigh(&out, &pendingHigh)
                    pendingHigh = unit
                    continue
                }
                var scalarValue = unit
                if (0xDC00..<0xE000).contains(unit) {
                    guard let high = pendingHigh else { out.append(contentsOf: [0xEF, 0xBF, 0xBD]); continue }
                    scalarValue = 0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00)
                    pendingHigh = nil
                } else {
                    flushHigh(&out, &pendingHigh)
                }
                out.append(contentsOf: Array(String(Character(Unicode.Scalar(scalarValue)!)).utf8))
                continue
            }
            flushHigh(&out, &pendingHigh)
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            default: throw .invalid("bad escape at byte \(i)")
            }
        }
        flushHigh(&out, &pendingHigh)
        return String(decoding: out, as: UTF8.self)
    }

    private mutating func skipValue(depth: Int) throws(Failure) {
        guard depth < 512 else { throw .invalid("nesting too deep") }
        skipSpace()
        guard i < bytes.count else { throw .invalid("missing value") }
        switch bytes[i] {
        case UInt8(ascii: "\""):
            _ = try string()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let close = bytes[i] == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
            let isObject = close == UInt8(ascii: "}")
            i += 1
            skipSpace()
            if i < bytes.count, bytes[i] == close { i += 1; return }
            while true {
                if isObject {
                    skipSpace()
                    _ = try string()
                    try expect(UInt8(ascii: ":"), "':'")
                }
                try skipValue(depth: depth + 1)
                skipSpace()
                guard i < bytes.count else { throw .invalid("unterminated value") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == close { i += 1; return }
                throw .invalid("unexpected byte at \(i + 1)")
            }
        default:
            // number, true, false, null
            let start = i
            while i < bytes.count, !([UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x09, 0x0A, 0x0D].contains(bytes[i])) { i += 1 }
            let word = String(decoding: bytes[start..<i], as: UTF8.self)
            guard ["true", "false", "null"].contains(word) || Double(word) != nil else { throw .invalid("bad value '\(word)'") }
        }
    }
}
