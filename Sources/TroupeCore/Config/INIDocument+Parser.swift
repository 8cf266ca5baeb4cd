import Foundation

extension INIDocument {
    /// Parses INI text with `configparser`'s default rules.
    ///
    /// - Lines whose first non-blank character is `#` or `;` are comments (no inline comments).
    /// - `key = value` or `key : value`; the first `=` or `:` splits; spaces around it are dropped.
    /// - A line indented deeper than its key continues the previous value (joined with `\n`).
    /// - A duplicate section or a duplicate key in one section is an error (`strict=True`).
    /// - `%(name)s` refers to another key of the same section or of `[DEFAULT]`; `%%` is `%`.
    /// - Parameter text: the file's text.
    /// - Parameter file: the path used in error messages.
    /// - Throws: ``ConfigError/syntax(file:line:message:)``.
    public static func parse(_ text: String, file: String) throws -> INIDocument {
        var parser = INIParser(file: file)
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        if let first = lines.first, first.hasPrefix("\u{FEFF}") {
            lines[0] = first.dropFirst()
        }
        for (index, line) in lines.enumerated() {
            try parser.consume(String(line), number: index + 1)
        }
        return try parser.finish()
    }
}

/// The line-by-line state of ``INIDocument/parse(_:file:)``.
private struct INIParser {
    let file: String
    var sections: [INIDocument.Section] = []
    var defaults: [INIDocument.Entry] = []
    /// Index of the current section in `sections`, or nil inside `[DEFAULT]`/before any header.
    var current: Int?
    var inDefault = false
    /// The entry being read (continuation lines may follow) and the indent of its key.
    var pending: (entry: INIDocument.Entry, indent: Int, blankLines: Int)?
    /// Lines of the keys seen in the current section (lower-cased), so duplicates are found in
    /// constant time: a file with tens of thousands of keys stays linear.
    var seenKeys: [String: Int] = [:]
    var seenDefaultKeys: [String: Int] = [:]

    init(file: String) { self.file = file }

    mutating func consume(_ raw: String, number: Int) throws {
        let stripped = raw.trimmingCharacters(in: .whitespaces)
        let indent = raw.prefix { $0 == " " || $0 == "\t" }.count
        if stripped.isEmpty {
            // Blank lines belong to a value only if an indented line follows them.
            if pending != nil { pending!.blankLines += 1 }
            return
        }
        if stripped.hasPrefix("#") || stripped.hasPrefix(";") { return }
        if var open = pending, indent > open.indent {
            open.entry.value += String(repeating: "\n", count: open.blankLines + 1) + stripped
            open.blankLines = 0
            pending = open
            return
        }
        try flush()
        if stripped.hasPrefix("[") {
            // Like configparser, the header ends at the last ']' and text after it is ignored.
            guard let close = stripped.lastIndex(of: "]"), stripped.distance(from: stripped.startIndex, to: close) > 1 else {
                throw ConfigError.syntax(file: file, line: number, message: "a section header must look like [Name]")
            }
            let name = String(stripped[stripped.index(after: stripped.startIndex)..<close]).trimmingCharacters(in: .whitespaces)
            if name == "DEFAULT" {
                inDefault = true
                current = nil
                return
            }
            seenKeys = [:]
            if let existing = sections.first(where: { $0.name == name }) {
                throw ConfigError.syntax(file: file, line: number, message: "section [\(name)] already appears on line \(existing.line)")
            }
            sections.append(.init(name: name, line: number, entries: []))
            current = sections.count - 1
            inDefault = false
            return
        }
        guard current != nil || inDefault else {
            throw ConfigError.syntax(file: file, line: number, message: "a key appears before any [Section] header")
        }
        guard let delimiter = stripped.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
            throw ConfigError.syntax(file: file, line: number, message: "expected KEY = VALUE, found \"\(stripped)\"")
        }
        let key = stripped[..<delimiter].trimmingCharacters(in: .whitespaces)
        let value = stripped[stripped.index(after: delimiter)...].trimmingCharacters(in: .whitespaces)
        guard !key.isEmpty else {
            throw ConfigError.syntax(file: file, line: number, message: "a value has no key")
        }
        let folded = key.lowercased()
        if let previous = inDefault ? seenDefaultKeys[folded] : seenKeys[folded] {
            throw ConfigError.syntax(file: file, line: number, message: "key \(key) already appears on line \(previous) of this section")
        }
        if inDefault { seenDefaultKeys[folded] = number } else { seenKeys[folded] = number }
        pending = (INIDocument.Entry(key: key, value: value, line: number), indent, 0)
    }

    mutating func flush() throws {
        guard let open = pending else { return }
        pending = nil
        if inDefault {
            defaults.append(open.entry)
        } else if let current {
            sections[current].entries.append(open.entry)
        }
    }

    mutating func finish() throws -> INIDocument {
        try flush()
        var document = INIDocument(file: file, sections: sections, defaults: defaults)
        document.defaults = try defaults.map { try interpolate($0, scope: defaults) }
        for index in document.sections.indices {
            let scope = document.entries(in: sections[index])
            document.sections[index].entries = try sections[index].entries.map { try interpolate($0, scope: scope) }
        }
        return document
    }

    /// `configparser.BasicInterpolation`: `%%` is `%`, `%(name)s` is another key's value.
    func interpolate(_ entry: INIDocument.Entry, scope: [INIDocument.Entry], depth: Int = 0) throws -> INIDocument.Entry {
        guard entry.value.contains("%") else { return entry }
        guard depth < 10 else {
            throw ConfigError.syntax(file: file, line: entry.line, message: "%(...)s references in \(entry.key) nest too deeply")
        }
        var result = ""
        var rest = Substring(entry.value)
        while let percent = rest.firstIndex(of: "%") {
            result += rest[..<percent]
            let after = rest[rest.index(after: percent)...]
            if after.hasPrefix("%") {
                result += "%"
                rest = after.dropFirst()
            } else if after.hasPrefix("("), let close = after.firstIndex(of: ")"),
                      after[after.index(after: close)...].hasPrefix("s") {
                let name = after[after.index(after: after.startIndex)..<close].lowercased()
                guard let target = scope.first(where: { $0.key.lowercased() == name }) else {
                    throw ConfigError.syntax(file: file, line: entry.line, message: "\(entry.key) refers to %(\(name))s, which is not set in this section")
                }
                result += try interpolate(target, scope: scope, depth: depth + 1).value
                rest = after[after.index(close, offsetBy: 2)...]
            } else {
                throw ConfigError.syntax(file: file, line: entry.line, message: "'%' in \(entry.key) must be written '%%' (or be a %(name)s reference)")
            }
        }
        result += rest
        var copy = entry
        copy.value = result
        return copy
    }
}
