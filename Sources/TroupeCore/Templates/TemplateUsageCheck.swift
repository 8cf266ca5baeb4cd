/// Walks a template's tags against the variables the way swift-mustache resolves names, to find
/// the names a render would look up and not find.
///
/// Rules (those of Mustache, as swift-mustache applies them):
/// - A name is looked up in the innermost section's value first, then outward to the top level;
///   a dotted name (`a.b`) finds `a` that way, then reads `b` inside it; `.name` looks only in
///   the innermost value; `.` is the innermost value itself.
/// - A section renders its body once per element of a non-empty list, once with the value pushed
///   for an object, string or number, once for `true`; not for `false`, null or `[]`.
///   An inverted section renders its body when the value is missing, `false`, null or `[]`.
/// - Only bodies that would render are checked, so optional parts stay optional.
struct TemplateUsageCheck {
    /// A section body and the template it was written in (for overrides of parent blocks).
    typealias Blocks = [String: (template: String, nodes: [TemplateNode])]

    /// Finds a partial (loading and parsing it the first time).
    let partial: (_ name: String, _ includer: String) throws -> LoadedTemplate
    /// The deepest chain of partials allowed, against partials that include themselves forever.
    static let maximumDepth = 32

    private(set) var missing: [MissingVariable] = []
    private(set) var missingSections: [TemplateWarning] = []
    private var seen: Set<String> = []

    init(partial: @escaping (_ name: String, _ includer: String) throws -> LoadedTemplate) {
        self.partial = partial
    }

    mutating func walk(_ template: LoadedTemplate, variables: TemplateVariables) throws {
        try walk(template.nodes, template: template.name, stack: [.object(variables.values)], blocks: [:], chain: [template.name])
    }

    private mutating func walk(_ nodes: [TemplateNode], template: String, stack: [JSONValue], blocks: Blocks, chain: [String]) throws {
        for node in nodes {
            switch node {
            case .variable(let tag):
                if case .missing = Self.resolve(tag, in: stack) { noteMissing(tag, template: template) }

            case .section(let tag, let inverted, let children):
                switch Self.resolve(tag, in: stack) {
                case .missing:
                    noteMissingSection(tag, template: template)
                    if inverted { try walk(children, template: template, stack: stack, blocks: blocks, chain: chain) }
                case .unknown:
                    // Sequence transforms ({{#first()}}) render with the same context; other
                    // transforms cannot be followed, so their bodies are not checked.
                    if tag.name.isEmpty { try walk(children, template: template, stack: stack, blocks: blocks, chain: chain) }
                case .found(let value):
                    if inverted {
                        if Self.isFalsy(value) { try walk(children, template: template, stack: stack, blocks: blocks, chain: chain) }
                    } else if case .array(let elements) = value {
                        for element in elements {
                            try walk(children, template: template, stack: stack + [element], blocks: blocks, chain: chain)
                        }
                    } else if value == .bool(true) {
                        try walk(children, template: template, stack: stack, blocks: blocks, chain: chain)
                    } else if !Self.isFalsy(value) {
                        try walk(children, template: template, stack: stack + [value], blocks: blocks, chain: chain)
                    }
                }

            case .partial(let tag, let dynamic):
                guard let name = partialName(tag, dynamic: dynamic, template: template, stack: stack) else { continue }
                let loaded = try include(name, from: template, chain: chain)
                try walk(loaded.nodes, template: loaded.name, stack: stack, blocks: blocks, chain: chain + [loaded.name])

            case .parent(let tag, let dynamic, let overrides):
                guard let name = partialName(tag, dynamic: dynamic, template: template, stack: stack) else { continue }
                let loaded = try include(name, from: template, chain: chain)
                var merged = blocks
                for (block, nodes) in overrides where merged[block] == nil { merged[block] = (template, nodes) }
                try walk(loaded.nodes, template: loaded.name, stack: stack, blocks: merged, chain: chain + [loaded.name])

            case .block(let name, let children):
                if let override = blocks[name] {
                    try walk(override.nodes, template: override.template, stack: stack, blocks: blocks, chain: chain)
                } else {
                    try walk(children, template: template, stack: stack, blocks: blocks, chain: chain)
                }
            }
        }
    }

    private mutating func partialName(_ tag: TemplateTag, dynamic: Bool, template: String, stack: [JSONValue]) -> String? {
        guard dynamic else { return tag.name }
        switch Self.resolve(tag, in: stack) {
        case .found(.string(let name)): return name
        case .missing: noteMissing(tag, template: template); return nil
        default: return nil
        }
    }

    private func include(_ name: String, from template: String, chain: [String]) throws -> LoadedTemplate {
        guard chain.count < Self.maximumDepth else { throw TemplateError.partialTooDeep(chain: chain + [name]) }
        return try partial(name, template)
    }

    private mutating func noteMissing(_ tag: TemplateTag, template: String) {
        guard seen.insert("v\u{0}\(tag.name)\u{0}\(template)\u{0}\(tag.line):\(tag.column)").inserted else { return }
        missing.append(MissingVariable(name: tag.name, template: template, line: tag.line, column: tag.column))
    }

    private mutating func noteMissingSection(_ tag: TemplateTag, template: String) {
        guard seen.insert("s\u{0}\(tag.name)\u{0}\(template)\u{0}\(tag.line):\(tag.column)").inserted else { return }
        missingSections.append(TemplateWarning(kind: .missingSection, name: tag.name, template: template, line: tag.line, column: tag.column))
    }

    // MARK: - Name resolution

    enum Lookup: Equatable {
        case found(JSONValue)
        case missing
        /// A transform troupe cannot follow, or a sequence transform (`first()`, `index()`).
        case unknown
    }

    static func resolve(_ tag: TemplateTag, in stack: [JSONValue]) -> Lookup {
        guard let top = stack.last else { return .missing }
        var value: JSONValue
        if tag.name == "." {
            value = top
        } else if tag.name.isEmpty {
            return .unknown
        } else {
            let keys = tag.name.split(separator: ".").map(String.init)
            guard let first = keys.first else { return .missing }
            let scope: [JSONValue] = tag.name.hasPrefix(".") ? [top] : stack
            guard let found = scope.reversed().lazy.compactMap({ Self.member(first, of: $0) }).first else { return .missing }
            value = found
            for key in keys.dropFirst() {
                guard let next = member(key, of: value) else { return .missing }
                value = next
            }
        }
        for transform in tag.transforms.reversed() {
            guard let transformed = apply(transform, to: value) else { return .unknown }
            value = transformed
        }
        return .found(value)
    }

    private static func member(_ key: String, of value: JSONValue) -> JSONValue? {
        if case .object(let object) = value { return object[key] }
        return nil
    }

    static func isFalsy(_ value: JSONValue) -> Bool {
        value == .bool(false) || value == .null || value == .array([])
    }

    /// The transforms swift-mustache offers, as far as the walk needs them; nil when unknown.
    private static func apply(_ transform: String, to value: JSONValue) -> JSONValue? {
        switch (transform, value) {
        case ("first", .array(let items)): return items.first ?? .null
        case ("last", .array(let items)): return items.last ?? .null
        case ("reversed", .array(let items)): return .array(items.reversed())
        case ("sorted", .array): return value
        case ("count", .array(let items)): return .number(Double(items.count))
        case ("count", .object(let object)): return .number(Double(object.count))
        case ("empty", .array(let items)): return .bool(items.isEmpty)
        case ("empty", .object(let object)): return .bool(object.isEmpty)
        case ("empty", .string(let text)): return .bool(text.isEmpty)
        case ("enumerated", .object(let object)), ("sorted", .object(let object)):
            let pairs = object.keys.sorted().map { JSONValue.object(["key": .string($0), "value": object[$0]!]) }
            return .array(pairs)
        case ("capitalized", .string), ("lowercased", .string), ("uppercased", .string), ("reversed", .string):
            return value
        case (_, .number(let number)) where number.rounded() == number && abs(number) < 1e15:
            let integer = Int(number)
            switch transform {
            case "equalzero": return .bool(integer == 0)
            case "even": return .bool(integer % 2 == 0)
            case "odd": return .bool(integer % 2 != 0)
            case "plusone": return .number(Double(integer + 1))
            case "minusone": return .number(Double(integer - 1))
            default: return nil
            }
        default:
            return nil
        }
    }
}
