/// How rendered Markdown shows its styles: ANSI SGR sequences for a terminal, or readable tags
/// (`<b>…</b>`) so that tests can state exact expectations.
///
/// The caller decides whether to render at all: where colours are off (not a terminal,
/// `NO_COLOR`) the reply is printed raw and no renderer is used.
public struct MarkdownStyle: Sendable, Equatable {
    /// The two ways to show a style.
    public enum Mode: Sendable, Equatable {
        /// ANSI SGR escape sequences (`ESC [ … m`).
        case ansi
        /// Tags such as `<b>`, `<i>`, `<code>`, `<kw>`: legible expectations for tests.
        case tags
    }

    /// How styles are written.
    public var mode: Mode

    /// Creates a style.
    /// - Parameter mode: ANSI sequences or test tags.
    public init(mode: Mode) {
        self.mode = mode
    }

    /// Colours for a terminal (ANSI SGR).
    public static let terminal = MarkdownStyle(mode: .ansi)

    /// Readable tags instead of escape sequences, for tests.
    public static let tags = MarkdownStyle(mode: .tags)
}

/// The style of one piece of rendered text: emphasis flags plus one colour role.
struct MarkdownAttributes: Hashable, Sendable {
    /// Emphasis flags (bit set).
    var flags: UInt8
    /// What the text is (heading, code token, marker, …); decides its colour.
    var role: Role

    static let bold: UInt8 = 1
    static let italic: UInt8 = 2
    static let strike: UInt8 = 4

    /// Colour roles. Raw values index the theme tables below.
    enum Role: UInt8, Sendable {
        case none, heading1, heading2, heading3, inlineCode, code, link, url, marker
        case keyword, string, number, comment, type, builtin
    }

    static let plain = MarkdownAttributes(flags: 0, role: .none)

    init(flags: UInt8 = 0, role: Role = .none) {
        self.flags = flags
        self.role = role
    }

    /// `self` laid over a block's base style: flags add up, an own role wins over the base's.
    func over(_ base: MarkdownAttributes) -> MarkdownAttributes {
        if role == .none { return MarkdownAttributes(flags: flags | base.flags, role: base.role) }
        // Code or a link inside a heading keeps the heading's weight.
        let heading = base.role == .heading1 || base.role == .heading2 || base.role == .heading3
        return MarkdownAttributes(flags: flags | base.flags | (heading ? Self.bold : 0), role: role)
    }
}

/// Tag names and SGR parameters for each role and flag.
enum MarkdownTheme {
    static let roleTags: [String] = [
        "", "h1", "h2", "h3", "code", "pre", "link", "url", "m",
        "kw", "str", "num", "com", "type", "fn",
    ]
    static let roleSGR: [String] = [
        "", "1;4;35", "1;35", "1", "36", "36", "4;34", "2", "2",
        "35", "32", "33", "90", "34", "36",
    ]
    /// Flags in the order they are opened: bold, italic, strike.
    static let flagTags: [(UInt8, String)] = [
        (MarkdownAttributes.bold, "b"), (MarkdownAttributes.italic, "i"), (MarkdownAttributes.strike, "s"),
    ]
    static let flagSGR: [(UInt8, String)] = [
        (MarkdownAttributes.bold, "1"), (MarkdownAttributes.italic, "3"), (MarkdownAttributes.strike, "9"),
    ]
}

/// The bytes being produced, with the style currently in force. Style changes are written only
/// when the style of the next text differs; every line ends in the plain style so that prefixes
/// (quote bars, bullets) and the next line never inherit a colour.
struct MarkdownOutput: Sendable {
    let mode: MarkdownStyle.Mode
    private(set) var bytes: [UInt8] = []
    private(set) var current = MarkdownAttributes.plain
    /// Whether anything at all was ever written.
    private(set) var wroteAnything = false

    /// The SGR sequence for every style, made once per output (styles change every few words).
    private let sgr: [UInt8]
    private let sgrOffsets: [Int]

    init(mode: MarkdownStyle.Mode) {
        self.mode = mode
        bytes.reserveCapacity(4096)
        var table: [UInt8] = []
        var offsets: [Int] = [0]
        for role in 0..<MarkdownTheme.roleSGR.count {
            for flags in 0..<8 {
                var codes = "\u{1B}[0"
                let roleCodes = MarkdownTheme.roleSGR[role]
                if !roleCodes.isEmpty { codes += ";" + roleCodes }
                for (flag, code) in MarkdownTheme.flagSGR where UInt8(flags) & flag != 0 { codes += ";" + code }
                table.append(contentsOf: (codes + "m").utf8)
                offsets.append(table.count)
            }
        }
        sgr = table
        sgrOffsets = offsets
    }

    private static func sgrIndex(_ attributes: MarkdownAttributes) -> Int {
        Int(attributes.role.rawValue) * 8 + Int(attributes.flags & 7)
    }

    mutating func write(_ text: ArraySlice<UInt8>, _ attributes: MarkdownAttributes) {
        guard !text.isEmpty else { return }
        if attributes != current { transition(to: attributes) }
        bytes.append(contentsOf: text)
        wroteAnything = true
    }

    mutating func write(_ text: UnsafeBufferPointer<UInt8>, _ attributes: MarkdownAttributes) {
        guard !text.isEmpty else { return }
        if attributes != current { transition(to: attributes) }
        bytes.append(contentsOf: text)
        wroteAnything = true
    }

    mutating func write(_ text: [UInt8], _ attributes: MarkdownAttributes) {
        write(text[...], attributes)
    }

    mutating func write(byte: UInt8, _ attributes: MarkdownAttributes) {
        if attributes != current { transition(to: attributes) }
        bytes.append(byte)
        wroteAnything = true
    }

    /// Ends the line: back to the plain style, then a line feed.
    mutating func newline() {
        if current != .plain { transition(to: .plain) }
        bytes.append(0x0A)
        wroteAnything = true
    }

    /// Hands over what was produced since the last call.
    mutating func take() -> String {
        guard !bytes.isEmpty else { return "" }
        let text = String(decoding: bytes, as: UTF8.self)
        bytes.removeAll(keepingCapacity: true)
        return text
    }

    private enum OpenTag: Equatable, Sendable {
        case role(MarkdownAttributes.Role)
        case flag(UInt8)
    }

    /// Tags open in `.tags` mode, outermost first.
    private var openTags: [OpenTag] = []

    private static func wanted(_ tag: OpenTag, in attributes: MarkdownAttributes) -> Bool {
        switch tag {
        case .role(let role): return role == attributes.role
        case .flag(let flag): return attributes.flags & flag != 0
        }
    }

    private static func tagName(_ tag: OpenTag) -> String {
        switch tag {
        case .role(let role): return MarkdownTheme.roleTags[Int(role.rawValue)]
        case .flag(let flag): return MarkdownTheme.flagTags.first { $0.0 == flag }?.1 ?? ""
        }
    }

    private mutating func transition(to next: MarkdownAttributes) {
        switch mode {
        case .ansi:
            let index = Self.sgrIndex(next)
            bytes.append(contentsOf: sgr[sgrOffsets[index]..<sgrOffsets[index + 1]])
        case .tags:
            // Keep tags well nested: close back to the longest still-wanted part of the
            // stack, then open what is missing.
            var keep = 0
            while keep < openTags.count && Self.wanted(openTags[keep], in: next) { keep += 1 }
            var text = ""
            while openTags.count > keep {
                text += "</\(Self.tagName(openTags.removeLast()))>"
            }
            if next.role != .none && !openTags.contains(.role(next.role)) {
                openTags.append(.role(next.role))
                text += "<\(MarkdownTheme.roleTags[Int(next.role.rawValue)])>"
            }
            for (flag, tag) in MarkdownTheme.flagTags where next.flags & flag != 0 && !openTags.contains(.flag(flag)) {
                openTags.append(.flag(flag))
                text += "<\(tag)>"
            }
            bytes.append(contentsOf: text.utf8)
        }
        current = next
    }
}
