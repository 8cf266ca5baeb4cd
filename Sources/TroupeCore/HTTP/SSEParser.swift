/// A server-sent events parser as a value-type state machine: feed it bytes as they arrive,
/// get back the events they complete.
///
/// Lines end with `\r`, `\n` or `\r\n`, also when a network read splits a `\r\n` pair, a line or
/// a UTF-8 sequence (bytes are kept until their line is complete). Consecutive `data:` lines
/// are joined with `\n`; `:` comments, `id:` and `retry:` are ignored; a blank line dispatches.
public struct SSEParser: Sendable {
    /// One dispatched event.
    public struct Event: Sendable, Hashable {
        /// The `event:` field, when present.
        public var name: String?
        /// The `data:` lines joined with `\n`.
        public var data: String

        public init(name: String? = nil, data: String) {
            self.name = name
            self.data = data
        }
    }

    private var line: [UInt8] = []
    private var data: [UInt8] = []
    private var hasData = false
    private var name: String?
    /// The last byte fed was `\r`: a `\n` right after it ends no new line.
    private var afterCR = false

    public init() {}

    /// Feeds the next bytes of the stream.
    /// - Returns: the events completed by these bytes, in order.
    public mutating func feed<Bytes: Sequence>(_ bytes: Bytes) -> [Event] where Bytes.Element == UInt8 {
        var events: [Event] = []
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\n"):
                if afterCR {
                    afterCR = false
                } else {
                    endLine(into: &events)
                }
            case UInt8(ascii: "\r"):
                afterCR = true
                endLine(into: &events)
            default:
                afterCR = false
                line.append(byte)
            }
        }
        return events
    }

    /// Ends the stream: a last line without a line break is processed, and pending data is
    /// dispatched (lenient about servers that omit the final blank line).
    public mutating func finish() -> [Event] {
        var events: [Event] = []
        if !line.isEmpty { endLine(into: &events) }
        endLine(into: &events)
        return events
    }

    private mutating func endLine(into events: inout [Event]) {
        defer { line.removeAll(keepingCapacity: true) }
        guard let first = line.first else {
            if hasData {
                events.append(Event(name: name, data: String(decoding: data, as: UTF8.self)))
            }
            data.removeAll(keepingCapacity: true)
            hasData = false
            name = nil
            return
        }
        if first == UInt8(ascii: ":") { return }
        let colon = line.firstIndex(of: UInt8(ascii: ":")) ?? line.endIndex
        var valueStart = colon == line.endIndex ? colon : line.index(after: colon)
        if valueStart < line.endIndex, line[valueStart] == UInt8(ascii: " ") {
            valueStart = line.index(after: valueStart)
        }
        let field = line[..<colon]
        let value = line[valueStart...]
        if field.elementsEqual("data".utf8) {
            if hasData { data.append(UInt8(ascii: "\n")) }
            data += value
            hasData = true
        } else if field.elementsEqual("event".utf8) {
            name = String(decoding: value, as: UTF8.self)
        }
    }
}
