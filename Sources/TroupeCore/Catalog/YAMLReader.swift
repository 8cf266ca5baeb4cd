import CYaml
import Foundation

/// Reads YAML text into a ``JSONValue``, with limits that make hostile files fail fast.
///
/// Any YAML file troupe reads goes through this one reader. It takes libyaml's event stream
/// (through Yams' bundled `CYaml`) and builds values itself rather than through Yams'
/// `compose`, because the limits must hold *before* values are built: Yams composes
/// recursively (a deeply nested file can overflow the stack) and expands aliases without
/// a budget (a 1 KB "billion laughs" file would build millions of nodes). Here:
/// - nesting deeper than ``Limits/maxDepth`` stops the read at the opening bracket or indent;
/// - every node counts toward ``Limits/maxNodes``, and an alias counts as many nodes as the
///   value it refers to, checked before the alias is used;
/// - plain scalars resolve by the YAML 1.2 core schema: `true`/`false`, `null`/`~`/empty,
///   integers (`0x`, `0o`), floats (`.inf`, `.nan`); `yes`, `no`, `on`, `off` stay strings.
///   Quoted scalars are always strings. The 1.1 merge key `<<` is an ordinary key.
///
/// The result records the line where each value starts, so callers can point at the
/// line of a bad field (``YAMLDocument/line(at:)``).
public struct YAMLReader: Sendable {
    /// Bounds on what one document may contain.
    public struct Limits: Sendable, Hashable {
        /// Deepest allowed nesting of sequences and mappings (the root collection is depth 1).
        public var maxDepth: Int
        /// Most nodes allowed, counting alias expansions.
        public var maxNodes: Int

        /// The given bounds.
        public init(maxDepth: Int = 256, maxNodes: Int = 100_000) {
            self.maxDepth = maxDepth
            self.maxNodes = maxNodes
        }
    }

    public var limits: Limits

    /// A reader with these limits (256 levels, 100,000 nodes by default).
    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Reads the file at `path`.
    /// - Throws: ``YAMLError`` naming `path`, with the line of the problem.
    public func read(contentsOf path: String) throws(YAMLError) -> YAMLDocument {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw YAMLError(file: path, line: 0, column: 0, kind: .unreadable(error.localizedDescription))
        }
        return try read(Array(data), file: path)
    }

    /// Reads `text`; `file` names it in errors.
    /// - Throws: ``YAMLError`` with the line of the problem.
    public func read(_ text: String, file: String) throws(YAMLError) -> YAMLDocument {
        try read(Array(text.utf8), file: file)
    }

    /// Reads UTF-8 `bytes`; `file` names them in errors.
    public func read(_ bytes: [UInt8], file: String) throws(YAMLError) -> YAMLDocument {
        if bytes.isEmpty { return YAMLDocument(file: file, value: .null, lines: nil) }
        var composer = Composer(file: file, limits: limits)
        // libyaml keeps a pointer to the parser inside the parser (read_handler_data), so the
        // parser lives at a fixed heap address rather than in a Swift variable.
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        let event = UnsafeMutablePointer<yaml_event_t>.allocate(capacity: 1)
        defer {
            parser.deallocate()
            event.deallocate()
        }
        guard yaml_parser_initialize(parser) == 1 else {
            throw YAMLError(file: file, line: 0, column: 0, kind: .syntax("libyaml could not start"))
        }
        defer { yaml_parser_delete(parser) }
        let result: Result<Void, YAMLError> = bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return .success(()) }
            yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(parser, base, buffer.count)
            while true {
                guard yaml_parser_parse(parser, event) == 1 else {
                    return .failure(Self.parserError(parser, file: file))
                }
                defer { yaml_event_delete(event) }
                if event.pointee.type == YAML_STREAM_END_EVENT { return .success(()) }
                do throws(YAMLError) {
                    try composer.feed(event.pointee)
                } catch {
                    return .failure(error)
                }
            }
        }
        try result.get()
        return YAMLDocument(file: file, value: composer.root ?? .null, lines: composer.rootLines)
    }

    private static func parserError(_ parser: UnsafeMutablePointer<yaml_parser_t>, file: String) -> YAMLError {
        let p = parser.pointee
        var message = p.problem.map { String(cString: $0) } ?? "unreadable input"
        if let context = p.context.map({ String(cString: $0) }) { message += " (\(context))" }
        return YAMLError(
            file: file, line: Int(p.problem_mark.line) + 1, column: Int(p.problem_mark.column) + 1,
            kind: .syntax(message))
    }
}

/// A read YAML document: its value and where each value starts.
public struct YAMLDocument: Sendable {
    /// The file name given to the reader.
    public let file: String
    /// The document's value (`.null` for an empty file).
    public let value: JSONValue
    let lines: LineNode?

    /// The 1-based line where the value at `path` starts (for a mapping entry: its key's line),
    /// or nil for a path that is not in the document (or lies inside an alias's copy).
    public func line(at path: YAMLPath) -> Int? {
        guard var node = lines else { return nil }
        var components = path.components[...]
        while let component = components.popFirst() {
            switch (component, node) {
            case (.key(let key), .mapping(_, let entries)):
                guard let entry = entries[key] else { return nil }
                if components.isEmpty { return entry.keyLine }
                node = entry.node
            case (.index(let index), .sequence(_, let items)):
                guard items.indices.contains(index) else { return nil }
                node = items[index]
            default:
                return nil
            }
        }
        return node.line
    }
}

/// Where each value of a document starts, shaped like the value (cheaper to build than a
/// table of paths).
indirect enum LineNode: Sendable {
    struct Entry: Sendable {
        var keyLine: Int
        var node: LineNode
    }

    case leaf(Int)
    case sequence(Int, [LineNode])
    case mapping(Int, [String: Entry])

    var line: Int {
        switch self {
        case .leaf(let line), .sequence(let line, _), .mapping(let line, _): return line
        }
    }
}

/// The place of a value inside a document: keys and list positions from the root.
public struct YAMLPath: Hashable, Sendable, CustomStringConvertible {
    /// One step into a collection.
    public enum Component: Hashable, Sendable {
        case key(String)
        case index(Int)
    }

    /// The steps from the root.
    public var components: [Component]

    /// The path of these steps (the root when empty).
    public init(_ components: [Component] = []) { self.components = components }

    /// The root followed by these keys.
    public init(keys: String...) { self.components = keys.map(Component.key) }

    /// This path followed by `component`.
    public func appending(_ component: Component) -> YAMLPath {
        YAMLPath(components + [component])
    }

    /// `models.gpt-4o.context`, `list.[2]`.
    public var description: String {
        components.map {
            switch $0 {
            case .key(let key): return key
            case .index(let index): return "[\(index)]"
            }
        }.joined(separator: ".")
    }
}

// MARK: - Building values from events

/// Turns libyaml events into values with an explicit stack (no recursion), enforcing limits.
private struct Composer {
    struct Frame {
        var isMapping: Bool
        var items: [JSONValue] = []
        var entries: [String: JSONValue] = [:]
        var pendingKey: String?
        var pendingKeyLine = 0
        var line: Int
        var itemLines: [LineNode] = []
        var entryLines: [String: LineNode.Entry] = [:]
        var anchor: String?
        var nodesAtStart: Int
        /// Depth of the deepest collection inside this one, relative to it (0 = only scalars).
        var innerDepth = 0
    }

    struct Anchored {
        var value: JSONValue
        var nodes: Int
        var depth: Int
    }

    let file: String
    let limits: YAMLReader.Limits
    var stack: [Frame] = []
    var anchors: [String: Anchored] = [:]
    var nodes = 0
    var documents = 0
    var root: JSONValue?
    var rootLines: LineNode?

    init(file: String, limits: YAMLReader.Limits) {
        self.file = file
        self.limits = limits
    }

    mutating func feed(_ event: yaml_event_t) throws(YAMLError) {
        let line = Int(event.start_mark.line) + 1
        let column = Int(event.start_mark.column) + 1
        let file = self.file  // a local copy, so `fail` does not capture self
        func fail(_ kind: YAMLError.Kind) -> YAMLError {
            YAMLError(file: file, line: line, column: column, kind: kind)
        }
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 { throw fail(.multipleDocuments) }
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
            let tag = scalar.tag.map { String(cString: $0) }
            let anchor = scalar.anchor.map { String(cString: $0) }
            try count(1, at: fail)
            if isKeyPosition {
                try takeKey(text, line: line, fail: fail)
                if let anchor { anchors[anchor] = Anchored(value: .string(text), nodes: 1, depth: 0) }
                return
            }
            let plain = scalar.style == YAML_PLAIN_SCALAR_STYLE
            let value = try Self.resolve(text, tag: tag, plain: plain, fail: fail)
            if let anchor { anchors[anchor] = Anchored(value: value, nodes: 1, depth: 0) }
            deliver(value, depth: 0, lines: .leaf(line))
        case YAML_ALIAS_EVENT:
            let name = event.data.alias.anchor.map { String(cString: $0) } ?? ""
            guard let target = anchors[name] else { throw fail(.undefinedAlias(name)) }
            if isKeyPosition {
                guard case .string(let key) = target.value else { throw fail(.nonScalarKey) }
                try count(1, at: fail)
                try takeKey(key, line: line, fail: fail)
                return
            }
            // The budget is checked before the alias's value is used anywhere.
            try count(target.nodes, at: fail)
            if stack.count + target.depth > limits.maxDepth { throw fail(.tooDeep(limit: limits.maxDepth)) }
            deliver(target.value, depth: target.depth, lines: .leaf(line))
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            let isMapping = event.type == YAML_MAPPING_START_EVENT
            let tagPointer = isMapping ? event.data.mapping_start.tag : event.data.sequence_start.tag
            let anchorPointer = isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor
            if let tag = tagPointer.map({ String(cString: $0) }),
                tag != (isMapping ? "tag:yaml.org,2002:map" : "tag:yaml.org,2002:seq")
            {
                throw fail(.unsupportedTag(tag))
            }
            if isKeyPosition { throw fail(.nonScalarKey) }
            if stack.count + 1 > limits.maxDepth { throw fail(.tooDeep(limit: limits.maxDepth)) }
            try count(1, at: fail)
            stack.append(Frame(
                isMapping: isMapping, line: line, anchor: anchorPointer.map { String(cString: $0) },
                nodesAtStart: nodes - 1))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let frame = stack.popLast() else { return }
            let value: JSONValue = frame.isMapping ? .object(frame.entries) : .array(frame.items)
            let depth = frame.innerDepth + 1
            if let anchor = frame.anchor {
                anchors[anchor] = Anchored(value: value, nodes: nodes - frame.nodesAtStart, depth: depth)
            }
            let lines: LineNode = frame.isMapping ? .mapping(frame.line, frame.entryLines) : .sequence(frame.line, frame.itemLines)
            deliver(value, depth: depth, lines: lines)
        default:
            break  // stream start/end, document end
        }
    }

    private var isKeyPosition: Bool {
        guard let top = stack.last else { return false }
        return top.isMapping && top.pendingKey == nil
    }

    private mutating func count(_ added: Int, at fail: (YAMLError.Kind) -> YAMLError) throws(YAMLError) {
        nodes += added
        if nodes > limits.maxNodes { throw fail(.tooManyNodes(limit: limits.maxNodes)) }
    }

    private mutating func takeKey(
        _ key: String, line: Int, fail: (YAMLError.Kind) -> YAMLError
    ) throws(YAMLError) {
        let index = stack.count - 1
        if stack[index].entries[key] != nil { throw fail(.duplicateKey(key)) }
        stack[index].pendingKey = key
        stack[index].pendingKeyLine = line  // the entry's line is its key's line
    }

    private mutating func deliver(_ value: JSONValue, depth: Int, lines: LineNode) {
        guard !stack.isEmpty else {
            root = value
            rootLines = lines
            return
        }
        let index = stack.count - 1
        stack[index].innerDepth = max(stack[index].innerDepth, depth)
        if stack[index].isMapping, let key = stack[index].pendingKey {
            stack[index].entries[key] = value
            stack[index].entryLines[key] = LineNode.Entry(keyLine: stack[index].pendingKeyLine, node: lines)
            stack[index].pendingKey = nil
        } else {
            stack[index].items.append(value)
            stack[index].itemLines.append(lines)
        }
    }

    // MARK: Core schema

    static func resolve(
        _ text: String, tag: String?, plain: Bool, fail: (YAMLError.Kind) -> YAMLError
    ) throws(YAMLError) -> JSONValue {
        switch tag {
        case nil:
            return plain ? coreValue(text) : .string(text)
        case "!", "tag:yaml.org,2002:str":
            return .string(text)
        case "tag:yaml.org,2002:null":
            guard case .null = coreValue(text) else { throw fail(.invalidScalar(tag: "!!null", text: text)) }
            return .null
        case "tag:yaml.org,2002:bool":
            guard case .bool(let value) = coreValue(text) else { throw fail(.invalidScalar(tag: "!!bool", text: text)) }
            return .bool(value)
        case "tag:yaml.org,2002:int":
            guard let value = integer(text) else { throw fail(.invalidScalar(tag: "!!int", text: text)) }
            return .number(value)
        case "tag:yaml.org,2002:float":
            guard let value = integer(text) ?? float(text) else {
                throw fail(.invalidScalar(tag: "!!float", text: text))
            }
            return .number(value)
        case let other?:
            throw fail(.unsupportedTag(other))
        }
    }

    /// The YAML 1.2 core schema's reading of a plain scalar.
    static func coreValue(_ text: String) -> JSONValue {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default:
            // Only text that starts like a number can be one; most scalars are names.
            guard let first = text.utf8.first,
                (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) || first == UInt8(ascii: "-")
                    || first == UInt8(ascii: "+") || first == UInt8(ascii: ".")
            else { return .string(text) }
            if let value = integer(text) ?? float(text) { return .number(value) }
            return .string(text)
        }
    }

    /// `[-+]?[0-9]+`, `0o[0-7]+` or `0x[0-9a-fA-F]+`.
    static func integer(_ text: String) -> Double? {
        let bytes = text.utf8
        if bytes.count > 2, bytes.first == UInt8(ascii: "0") {
            let second = bytes[bytes.index(after: bytes.startIndex)]
            if second == UInt8(ascii: "x") { return UInt64(text.dropFirst(2), radix: 16).map { Double($0) } }
            if second == UInt8(ascii: "o") { return UInt64(text.dropFirst(2), radix: 8).map { Double($0) } }
        }
        var digits = bytes[...]
        if let first = digits.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            return nil
        }
        return Double(text.hasPrefix("+") ? String(text.dropFirst()) : text)
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, `[-+]?\.inf` and `\.nan` (three spellings each).
    static func float(_ text: String) -> Double? {
        var body = Substring(text)
        var sign = 1.0
        if let first = body.first, first == "-" || first == "+" {
            sign = first == "-" ? -1 : 1
            body = body.dropFirst()
        }
        if [".inf", ".Inf", ".INF"].contains(body) { return sign * .infinity }
        if text == ".nan" || text == ".NaN" || text == ".NAN" { return .nan }
        let bytes = Array(body.utf8)
        var i = 0
        func digits() -> Int {
            let start = i
            while i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") { i += 1 }
            return i - start
        }
        let whole = digits()
        var fraction = 0
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            fraction = digits()
        }
        guard whole > 0 || fraction > 0 else { return nil }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") { i += 1 }
            guard digits() > 0 else { return nil }
        }
        guard i == bytes.count else { return nil }
        // Swift's Double parser wants a digit on both sides of the point.
        var normalized = ""
        normalized.reserveCapacity(bytes.count + 2)
        var previous: Character = " "
        for character in body {
            if character == "." && !previous.isNumber { normalized.append("0") }
            if (character == "e" || character == "E") && previous == "." { normalized.append("0") }
            normalized.append(character)
            previous = character
        }
        if previous == "." { normalized.append("0") }
        return Double(normalized).map { sign * $0 }
    }
}
