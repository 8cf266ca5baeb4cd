import Foundation

extension Session {
    /// The session as pretty-printed JSON with sorted keys and ISO 8601 dates (millisecond
    /// precision), ending in a newline.
    public func jsonData() throws -> Data {
        var data = try Session.makeEncoder().encode(self)
        data.append(0x0A)
        return data
    }

    /// Decodes a session file's bytes.
    ///
    /// The format version is read first, so a file written by a newer troupe is reported as
    /// such rather than as corrupt when its shape changed.
    /// - Parameter path: Used in error messages only.
    /// - Throws: ``SessionError/truncated(path:)``, ``SessionError/corrupt(path:reason:)`` or
    ///   ``SessionError/newerFormat(path:version:supported:)``.
    public static func decode(_ data: Data, path: String) throws -> Session {
        let trimmed = data.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        if trimmed.isEmpty { throw SessionError.truncated(path: path, reason: "the file is empty") }
        let decoder = makeDecoder()

        let header: Header
        do {
            header = try decoder.decode(Header.self, from: data)
        } catch let error as DecodingError {
            throw classify(error, data: data, path: path)
        } catch {
            throw SessionError.corrupt(path: path, reason: "\(error)")
        }
        guard header.formatVersion <= currentFormatVersion else {
            throw SessionError.newerFormat(
                path: path, version: header.formatVersion, supported: currentFormatVersion)
        }
        guard header.formatVersion >= 1 else {
            throw SessionError.corrupt(
                path: path, reason: "formatVersion \(header.formatVersion) is not a version troupe ever wrote")
        }
        do {
            return try decoder.decode(Session.self, from: data)
        } catch let error as DecodingError {
            throw classify(error, data: data, path: path)
        }
    }

    /// `date` as a session file keeps it (milliseconds), so a saved and reloaded value is equal.
    public static func fileDate(_ date: Date) -> Date {
        Date(timeIntervalSince1970: Double(Int64((date.timeIntervalSince1970 * 1000).rounded())) / 1000)
    }

    /// Only the version, so it can be checked before anything else is trusted.
    private struct Header: Decodable {
        var formatVersion: Int
    }

    static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(formatDate(date))
        }
        return encoder
    }

    static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            if let date = parseDate(text) { return date }
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "“\(text)” is not an ISO 8601 date")
        }
        return decoder
    }

    /// `2026-01-01T10:00:00.125Z`: UTC, milliseconds rounded. Written by hand because
    /// `ISO8601FormatStyle` truncates the fraction, so formatting a parsed date again could
    /// give another millisecond and a saved file would not read back equal.
    public static func formatDate(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let (seconds, fraction) = milliseconds.quotientAndRemainder(dividingBy: 1000)
        let whole = fraction < 0 ? seconds - 1 : seconds
        let base = Date(timeIntervalSince1970: Double(whole)).formatted(.iso8601)  // ...:ssZ
        let millis = fraction < 0 ? fraction + 1000 : fraction
        return base.dropLast() + "." + String(String(millis + 1000).dropFirst()) + "Z"
    }

    /// Reads what ``formatDate(_:)`` writes, and any other ISO 8601 date.
    public static func parseDate(_ text: String) -> Date? {
        if text.hasSuffix("Z"), let dot = text.lastIndex(of: ".") {
            let digits = text[text.index(after: dot)..<text.index(before: text.endIndex)]
            if (1...9).contains(digits.count), digits.allSatisfy(\.isASCII), let value = Int64(digits.prefix(3)),
               let base = try? Date.ISO8601FormatStyle().parse(String(text[..<dot]) + "Z") {
                let scale: Int64 = digits.count >= 3 ? 1 : (digits.count == 2 ? 10 : 100)
                let milliseconds = Int64(base.timeIntervalSince1970) * 1000 + value * scale
                return Date(timeIntervalSince1970: Double(milliseconds) / 1000)
            }
        }
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        return try? Date.ISO8601FormatStyle().parse(text)
    }

    /// Turns a decoding error into a message that says where the file is wrong.
    private static func classify(_ error: DecodingError, data: Data, path: String) -> SessionError {
        func at(_ codingPath: [any CodingKey]) -> String {
            guard !codingPath.isEmpty else { return "at the top level" }
            let dotted = codingPath.map { key in
                key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)"
            }.joined()
            return "at \(dotted.hasPrefix(".") ? String(dotted.dropFirst()) : dotted)"
        }
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            // Not valid JSON at all. A cut-off write starts like a session (`{`) but ends before
            // its closing brace; anything else (random bytes, another format) is not one.
            if startsLikeJSONObject(data), !endsLikeJSON(data) {
                return .truncated(path: path, reason: "the JSON ends before it is complete")
            }
            let underlying = context.underlyingError.map { " (\($0))" } ?? ""
            return .corrupt(path: path, reason: "it is not valid JSON: \(context.debugDescription)\(underlying)")
        case .dataCorrupted(let context):
            return .corrupt(path: path, reason: "\(context.debugDescription) \(at(context.codingPath))")
        case .keyNotFound(let key, let context):
            return .corrupt(path: path, reason: "“\(key.stringValue)” is missing \(at(context.codingPath))")
        case .typeMismatch(let type, let context):
            return .corrupt(path: path, reason: "expected \(type) \(at(context.codingPath))")
        case .valueNotFound(let type, let context):
            return .corrupt(path: path, reason: "expected \(type) but found null \(at(context.codingPath))")
        @unknown default:
            return .corrupt(path: path, reason: "\(error)")
        }
    }

    private static func startsLikeJSONObject(_ data: Data) -> Bool {
        guard String(data: data, encoding: .utf8) != nil,
              let first = data.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) else { return false }
        return first == UInt8(ascii: "{")
    }

    private static func endsLikeJSON(_ data: Data) -> Bool {
        guard let last = data.last(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 })
        else { return false }
        return last == UInt8(ascii: "}") || last == UInt8(ascii: "]")
    }
}
