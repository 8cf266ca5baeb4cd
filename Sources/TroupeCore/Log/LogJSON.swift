/// Writes the JSON the log stores for messages, parameters and template variables.
///
/// Hand-written rather than `JSONEncoder` because on Linux Foundation's encoder took about
/// half of an append's CPU time (≈100 µs for a 20-message history, see LogBench); these two
/// shapes need only string escaping and sorted keys. The output is plain JSON that
/// `JSONDecoder` reads back into the same values.
enum LogJSON {
    /// `[{"content":…,"images":[…],"name":…,"role":…}, …]`, keys sorted, `images` and `name`
    /// only when set; an image as its name, media type, size and byte count, never its bytes.
    static func messages(_ messages: [ChatMessage]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(messages.reduce(2) { $0 + $1.content.utf8.count + 40 })
        out.append(UInt8(ascii: "["))
        for (index, message) in messages.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: #"{"content":"#.utf8)
            appendString(message.content, to: &out)
            if !message.images.isEmpty {
                // The log keeps what an image was, not its bytes (each turn resends the history).
                out.append(contentsOf: #","images":["#.utf8)
                for (number, image) in message.images.enumerated() {
                    if number > 0 { out.append(UInt8(ascii: ",")) }
                    out.append(contentsOf: #"{"bytes":\#(image.data.count)"#.utf8)
                    if let height = image.height { out.append(contentsOf: #","height":\#(height)"#.utf8) }
                    out.append(contentsOf: #","mediaType":"#.utf8)
                    appendString(image.mediaType, to: &out)
                    out.append(contentsOf: #","name":"#.utf8)
                    appendString(image.name, to: &out)
                    if let width = image.width { out.append(contentsOf: #","width":\#(width)"#.utf8) }
                    out.append(UInt8(ascii: "}"))
                }
                out.append(UInt8(ascii: "]"))
            }
            if let name = message.name {
                out.append(contentsOf: #","name":"#.utf8)
                appendString(name, to: &out)
            }
            out.append(contentsOf: #","role":"#.utf8)
            appendString(message.role.rawValue, to: &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
    }

    /// Any ``JSONValue``, object keys sorted; integral numbers without a fraction (as
    /// `JSONValue`'s own encoding writes them); infinities and NaN, which JSON cannot hold, as null.
    static func value(_ value: JSONValue) -> String {
        var out: [UInt8] = []
        append(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static func append(_ value: JSONValue, to out: inout [UInt8]) {
        switch value {
        case .null:
            out.append(contentsOf: "null".utf8)
        case .bool(let flag):
            out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(let number):
            if !number.isFinite {
                out.append(contentsOf: "null".utf8)
            } else if number.rounded() == number, abs(number) < 1e15 {
                out.append(contentsOf: String(Int64(number)).utf8)
            } else {
                out.append(contentsOf: number.description.utf8)
            }
        case .string(let text):
            appendString(text, to: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                append(item, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            for (index, key) in object.keys.sorted().enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                appendString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                if let item = object[key] { append(item, to: &out) }
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static let hex = Array("0123456789abcdef".utf8)

    private static func appendString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
            case UInt8(ascii: "\n"): out.append(contentsOf: #"\n"#.utf8)
            case UInt8(ascii: "\r"): out.append(contentsOf: #"\r"#.utf8)
            case UInt8(ascii: "\t"): out.append(contentsOf: #"\t"#.utf8)
            case 0..<0x20:
                out.append(contentsOf: #"\u00"#.utf8)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0f)])
            default:
                out.append(byte)  // UTF-8 passes through: JSON text is UTF-8
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
