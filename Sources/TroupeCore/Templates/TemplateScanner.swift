import Foundation

/// One tag of a Mustache template, as far as variables and partials are concerned.
///
/// swift-mustache keeps its token list internal, so troupe reads the tags itself to know which
/// names a template uses. The scanner runs only on text swift-mustache has already parsed, so it
/// can assume the tags are well formed.
indirect enum TemplateNode: Sendable, Hashable {
    /// `{{name}}`, `{{{name}}}` or `{{&name}}`.
    case variable(TemplateTag)
    /// `{{#name}}…{{/name}}` or, when `inverted`, `{{^name}}…{{/name}}`.
    case section(TemplateTag, inverted: Bool, children: [TemplateNode])
    /// `{{>name}}` (`dynamic` for `{{>*name}}`, where `name` is a variable holding the partial's name).
    case partial(TemplateTag, dynamic: Bool)
    /// `{{<name}}{{$block}}…{{/block}}{{/name}}`: a partial whose blocks are overridden.
    case parent(TemplateTag, dynamic: Bool, blocks: [String: [TemplateNode]])
    /// `{{$name}}default{{/name}}`: a block a parent template lets includers override.
    case block(name: String, children: [TemplateNode])
}

/// A tag's name and position.
struct TemplateTag: Sendable, Hashable {
    /// The variable name with transforms removed (`name` for `{{uppercased(name)}}`); may be
    /// empty for sequence transforms such as `{{#first()}}`.
    var name: String
    /// Transforms as written, outermost first (`["uppercased"]` for `{{uppercased(name)}}`);
    /// swift-mustache applies them innermost first.
    var transforms: [String]
    /// 1-based line and column of the tag's opening delimiter.
    var line: Int
    var column: Int
}

/// Reads the tags of a Mustache template into a tree of ``TemplateNode``s.
struct TemplateScanner {
    private let characters: [Character]
    private var position = 0
    private var line = 1
    private var column = 1
    private var open: [Character] = ["{", "{"]
    private var close: [Character] = ["}", "}"]

    init(_ text: String) {
        self.characters = Array(text)
    }

    /// The tag tree of `text`.
    static func scan(_ text: String) -> [TemplateNode] {
        var scanner = TemplateScanner(text)
        return scanner.parseNodes(until: nil)
    }

    /// The sections still open at the end of `text`, innermost last; used to place the error of
    /// a section that is never closed (swift-mustache reports the end of the text).
    static func unclosedSections(_ text: String) -> [(name: String, line: Int, column: Int)] {
        var scanner = TemplateScanner(text)
        var open: [(name: String, line: Int, column: Int)] = []
        while let (kind, content, line, column) = scanner.nextTag() {
            switch kind {
            case "#", "^", "$", "<": open.append((content, line, column))
            case "/": if !open.isEmpty { open.removeLast() }
            case "=": scanner.setDelimiters(content)
            default: break
            }
        }
        return open
    }

    /// The position of the last opening `{{` that no `}}` follows (a tag left open), if any.
    static func unclosedTag(_ text: String) -> (line: Int, column: Int)? {
        guard let open = text.range(of: "{{", options: .backwards),
            text.range(of: "}}", range: open.upperBound..<text.endIndex) == nil
        else { return nil }
        let before = text[..<open.lowerBound]
        let line = before.reduce(1) { $1.isNewline ? $0 + 1 : $0 }
        let column = before.reversed().prefix { !$0.isNewline }.count + 1
        return (line, column)
    }

    private mutating func parseNodes(until closing: String?) -> [TemplateNode] {
        var nodes: [TemplateNode] = []
        while let (kind, content, tagLine, tagColumn) = nextTag() {
            let tag = { (raw: String) in Self.tag(raw, line: tagLine, column: tagColumn) }
            switch kind {
            case "!", "%":
                continue
            case "=":
                setDelimiters(content)
            case "#", "^":
                let children = parseNodes(until: content)
                nodes.append(.section(tag(content), inverted: kind == "^", children: children))
            case "/":
                if closing != nil { return nodes }
            case ">":
                let dynamic = content.hasPrefix("*")
                nodes.append(.partial(tag(dynamic ? String(content.dropFirst()) : content), dynamic: dynamic))
            case "<":
                let dynamic = content.hasPrefix("*")
                var blocks: [String: [TemplateNode]] = [:]
                for child in parseNodes(until: content) {
                    if case .block(let name, let children) = child { blocks[name] = children }
                }
                nodes.append(.parent(tag(dynamic ? String(content.dropFirst()) : content), dynamic: dynamic, blocks: blocks))
            case "$":
                nodes.append(.block(name: content, children: parseNodes(until: content)))
            default:
                nodes.append(.variable(tag(content)))
            }
        }
        return nodes
    }

    /// Finds the next tag: its kind character (`#`, `^`, `/`, `!`, `=`, `>`, `<`, `$`, `%`, `&`,
    /// `{`, or a space for a plain variable), its trimmed content and its position.
    private mutating func nextTag() -> (Character, String, Int, Int)? {
        while position < characters.count {
            if matches(open, at: position) {
                let tagLine = line, tagColumn = column
                advance(by: open.count)
                var kind: Character = " "
                if position < characters.count, "#^/!=><$%&{".contains(characters[position]) {
                    kind = characters[position]
                    advance(by: 1)
                }
                var content: [Character] = []
                while position < characters.count, !matches(close, at: position) {
                    content.append(characters[position])
                    advance(by: 1)
                }
                advance(by: close.count)
                if kind == "{", position < characters.count, characters[position] == "}" { advance(by: 1) }
                if kind == "{" || kind == "&" { kind = " " }
                var text = String(content).trimmingWhitespace()
                if kind == "=", text.hasSuffix("=") { text.removeLast() }
                return (kind, text, tagLine, tagColumn)
            }
            advance(by: 1)
        }
        return nil
    }

    private mutating func setDelimiters(_ content: String) {
        let parts = content.split(whereSeparator: \.isWhitespace)
        guard parts.count == 2 else { return }
        open = Array(parts[0])
        close = Array(parts[1])
    }

    private func matches(_ delimiter: [Character], at index: Int) -> Bool {
        guard index + delimiter.count <= characters.count else { return false }
        for offset in 0..<delimiter.count where characters[index + offset] != delimiter[offset] { return false }
        return true
    }

    private mutating func advance(by count: Int) {
        for _ in 0..<count where position < characters.count {
            if characters[position].isNewline {
                line += 1
                column = 1
            } else {
                column += 1
            }
            position += 1
        }
    }

    /// `t2(t1(name))` → `name` with transforms `["t2", "t1"]`.
    private static func tag(_ raw: String, line: Int, column: Int) -> TemplateTag {
        var parts = raw.split(separator: "(", omittingEmptySubsequences: false).map(String.init)
        let name = parts.removeLast().filter { $0 != ")" }
        return TemplateTag(name: name, transforms: parts, line: line, column: column)
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }
}
