import Foundation

extension ModelCatalog {
    /// The name the built-in table goes by in errors.
    static let builtInFileName = "models.yaml (built-in)"

    /// The text of the built-in table (`Resources/models.yaml`, embedded in the binary).
    public static var builtInTableText: String { String(decoding: PackageResources.models_yaml, as: UTF8.self) }

    /// Parses the built-in table. ``builtIn`` calls this once; tests call it to prove the
    /// embedded file is sound.
    /// - Throws: ``ModelCatalogError`` for a broken embedded file.
    public static func loadBuiltIn() throws(ModelCatalogError) -> ModelCatalog {
        let document: YAMLDocument
        do {
            document = try YAMLReader().read(PackageResources.models_yaml, file: builtInFileName)
        } catch {
            throw .yaml(error)
        }
        let file = builtInFileName
        guard case .object(let top) = document.value else { throw .notAMapping(file: file, line: 1, model: nil) }
        var sources: [String: String] = [:]
        if case .object(let listed)? = top["sources"] {
            for (key, value) in listed { if case .string(let text) = value { sources[key] = text } }
        }
        let checked: String? = if case .string(let day)? = top["checked"] { day } else { nil }
        guard case .object(let models)? = top["models"] else {
            throw .notAMapping(file: file, line: document.line(at: YAMLPath(keys: "models")) ?? 1, model: nil)
        }
        let parsed = try parseEntries(models, document: document, base: YAMLPath(keys: "models"), origin: .builtIn)
        var catalog = ModelCatalog(families: try parseFamilies(top["families"], document: document))
        try catalog.merge(parsed, file: file, document: document, base: YAMLPath(keys: "models")) { facts in
            facts.checked = facts.checked ?? checked
            facts.sources = facts.sources.map { sources[$0] ?? $0 }
        }
        return catalog
    }

    /// The built-in table with the user's models file at `path` on top; just the built-in
    /// table when `path` is nil or names no file.
    ///
    /// The file maps names to fields, e.g.
    /// ```yaml
    /// my-deployment: {model: gpt-4o}            # gpt-4o's facts under another name
    /// cheap-4o: {model: gpt-4o, output: 9.5}    # ... with a field overridden
    /// qwen2.5-coder-0.5b-instruct-q4_k_m.gguf: {context: 4096, input: 0, output: 0}
    /// gpt-4o: {max_output: 8192}                # overrides one field of a built-in entry
    /// ```
    /// - Throws: ``ModelCatalogError`` naming the file, line and field at fault.
    public static func loading(userFile path: String?) throws(ModelCatalogError) -> ModelCatalog {
        var catalog = builtIn
        guard let path, FileManager.default.fileExists(atPath: path) else { return catalog }
        try catalog.apply(userFile: path)
        return catalog
    }

    /// Adds the entries of the models file at `path`, overriding same-named ones.
    public mutating func apply(userFile path: String) throws(ModelCatalogError) {
        let document: YAMLDocument
        do {
            document = try YAMLReader().read(contentsOf: path)
        } catch {
            throw .yaml(error)
        }
        try apply(document)
    }

    /// Adds the entries of an already read models document (see ``apply(userFile:)``).
    public mutating func apply(_ document: YAMLDocument) throws(ModelCatalogError) {
        let models: [String: JSONValue]
        switch document.value {
        case .null: return
        case .object(let object): models = object
        default: throw .notAMapping(file: document.file, line: 1, model: nil)
        }
        let parsed = try Self.parseEntries(models, document: document, base: YAMLPath(), origin: .userFile(document.file))
        try merge(parsed, file: document.file, document: document, base: YAMLPath()) { _ in }
    }

    // MARK: - Entries

    /// One entry as written: only the fields it sets.
    struct RawEntry {
        var name: String
        var base: String?
        var facts: ModelFacts
        var setFields: Set<ModelField>
        var line: Int
    }

    private static func parseEntries(
        _ models: [String: JSONValue], document: YAMLDocument, base: YAMLPath, origin: ModelFacts.Origin
    ) throws(ModelCatalogError) -> [RawEntry] {
        var result: [RawEntry] = []
        for (name, value) in models {
            let path = base.appending(.key(name))
            let line = document.line(at: path) ?? 0
            let key = name.lowercased()
            guard case .object(let fields) = value else {
                throw .notAMapping(file: document.file, line: line, model: name)
            }
            var entry = RawEntry(name: key, facts: ModelFacts(name: key, origin: origin), setFields: [], line: line)
            for (field, value) in fields {
                let reader = FieldReader(
                    file: document.file, line: document.line(at: path.appending(.key(field))) ?? line,
                    model: name, field: field, value: value)
                try entry.read(field, with: reader)
            }
            result.append(entry)
        }
        return result
    }

    private static func parseFamilies(_ value: JSONValue?, document: YAMLDocument) throws(ModelCatalogError) -> [FamilyRule] {
        guard case .array(let items)? = value else { return [] }
        var rules: [FamilyRule] = []
        for (index, item) in items.enumerated() {
            let path = YAMLPath([.key("families"), .index(index)])
            let line = document.line(at: path) ?? 0
            guard case .object(let fields) = item, case .string(let prefix)? = fields["prefix"] else {
                throw .notAMapping(file: document.file, line: line, model: "families[\(index)]")
            }
            func reader(_ field: String) -> FieldReader? {
                fields[field].map { FieldReader(file: document.file, line: line, model: prefix, field: field, value: $0) }
            }
            rules.append(FamilyRule(
                prefix: prefix.lowercased(), contextWindow: try reader("context")?.count(),
                reasoning: try reader("reasoning")?.bool()))
        }
        return rules
    }

    /// Resolves `model:` bases and field overrides, then stores the entries.
    private mutating func merge(
        _ raw: [RawEntry], file: String, document: YAMLDocument, base: YAMLPath, finish: (inout ModelFacts) -> Void
    ) throws(ModelCatalogError) {
        let pending = Dictionary(raw.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        var resolved: [String: ModelFacts] = [:]

        func resolve(_ name: String, chain: [String]) throws(ModelCatalogError) -> ModelFacts {
            if let done = resolved[name] { return done }
            guard let entry = pending[name] else {
                // Not in this file: a name the catalog already knows (dated, prefixed, ...).
                guard let known = facts(for: name) else {
                    throw .unknownBaseModel(file: file, line: 0, model: chain.last ?? name, base: name)
                }
                return known
            }
            if chain.contains(name) {
                throw .baseModelCycle(file: file, line: entry.line, models: chain + [name])
            }
            // An entry that names no base but shares a known entry's name overrides that entry.
            var facts: ModelFacts
            if let baseName = entry.base, baseName.lowercased() == name {
                // `gpt-4o: {model: gpt-4o, ...}` means the built-in gpt-4o.
                guard let existing = entries[name] else {
                    throw .unknownBaseModel(file: file, line: entry.line, model: entry.name, base: baseName)
                }
                facts = existing
            } else if let baseName = entry.base {
                guard pending[baseName.lowercased()] != nil || self.facts(for: baseName) != nil else {
                    throw .unknownBaseModel(file: file, line: entry.line, model: entry.name, base: baseName)
                }
                facts = try resolve(baseName.lowercased(), chain: chain + [name])
                facts.baseModel = facts.baseModel ?? facts.name
            } else if let existing = entries[name] {
                facts = existing
            } else {
                facts = ModelFacts(name: name)
            }
            facts.name = name
            facts.origin = entry.facts.origin
            facts.overlay(entry.facts, fields: entry.setFields)
            finish(&facts)
            resolved[name] = facts
            return facts
        }

        for entry in raw {
            entries[entry.name] = try resolve(entry.name, chain: [])
        }
    }
}

extension ModelFacts {
    /// Copies `fields` from `other`; a figure the user sets is the user's, not the table's.
    mutating func overlay(_ other: ModelFacts, fields: Set<ModelField>) {
        for field in fields {
            switch field {
            case .context: contextWindow = other.contextWindow
            case .maxOutput: maxOutputTokens = other.maxOutputTokens
            case .input: pricing.input = other.pricing.input
            case .cachedInput: pricing.cachedInput = other.pricing.cachedInput
            case .output: pricing.output = other.pricing.output
            case .batchInput: pricing.batchInput = other.pricing.batchInput
            case .batchOutput: pricing.batchOutput = other.pricing.batchOutput
            case .reasoning: capabilities.reasoning = other.capabilities.reasoning
            case .reasoningEffort: capabilities.reasoningEffort = other.capabilities.reasoningEffort
            case .vision: capabilities.vision = other.capabilities.vision
            case .jsonSchema: capabilities.jsonSchema = other.capabilities.jsonSchema
            case .embedding: capabilities.embedding = other.capabilities.embedding
            }
        }
        if case .userFile = other.origin {
            userFields.formUnion(fields)
            unconfirmed.subtract(fields)
        } else {
            // A built-in alias keeps its base's doubts, less the fields it sets, plus its own.
            unconfirmed = unconfirmed.subtracting(fields).union(other.unconfirmed)
            sources = other.sources.isEmpty ? sources : other.sources
            checked = other.checked ?? checked
        }
    }
}

extension ModelCatalog.RawEntry {
    mutating func read(_ field: String, with reader: FieldReader) throws(ModelCatalogError) {
        if let known = ModelField(rawValue: field) {
            setFields.insert(known)
            switch known {
            case .context: facts.contextWindow = try reader.count()
            case .maxOutput: facts.maxOutputTokens = try reader.count()
            case .input: facts.pricing.input = try reader.price()
            case .cachedInput: facts.pricing.cachedInput = try reader.price()
            case .output: facts.pricing.output = try reader.price()
            case .batchInput: facts.pricing.batchInput = try reader.price()
            case .batchOutput: facts.pricing.batchOutput = try reader.price()
            case .reasoning: facts.capabilities.reasoning = try reader.bool()
            case .reasoningEffort: facts.capabilities.reasoningEffort = try reader.bool()
            case .vision: facts.capabilities.vision = try reader.bool()
            case .jsonSchema: facts.capabilities.jsonSchema = try reader.bool()
            case .embedding: facts.capabilities.embedding = try reader.bool()
            }
            return
        }
        switch field {
        case "model": base = try reader.string()
        case "checked": facts.checked = try reader.string()
        case "sources": facts.sources = try reader.strings()
        case "unconfirmed":
            var set: Set<ModelField> = []
            for name in try reader.strings() {
                guard let field = ModelField(rawValue: name) else {
                    throw reader.invalid(expected: "field names (\(ModelField.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                set.insert(field)
            }
            facts.unconfirmed = set
        case "notes": _ = try reader.string()
        default:
            throw .unknownField(file: reader.file, line: reader.line, model: reader.model, field: field)
        }
    }
}

/// Reads one field's value, failing with the file, line, model and field.
struct FieldReader {
    let file: String
    let line: Int
    let model: String
    let field: String
    let value: JSONValue

    func invalid(expected: String) -> ModelCatalogError {
        .invalidValue(file: file, line: line, model: model, field: field, expected: expected, found: Self.show(value))
    }

    /// A whole number of tokens, at least 1.
    func count() throws(ModelCatalogError) -> Int {
        guard case .number(let number) = value, number.rounded() == number, number >= 1, number < 1e15 else {
            throw invalid(expected: "a whole number of tokens, at least 1")
        }
        return Int(number)
    }

    /// US dollars per million tokens, zero or more, read exactly.
    func price() throws(ModelCatalogError) -> Decimal {
        guard case .number(let number) = value, number >= 0, number.isFinite, let exact = Self.exactDecimal(number) else {
            throw invalid(expected: "a price in US dollars per million tokens (a number, 0 or more)")
        }
        return exact
    }

    /// The decimal a price was written as. The reader hands numbers over as Double; Swift
    /// prints a Double as the shortest text that reads back to it, which is the literal as
    /// written for any price of up to 15 significant digits, so the digits of that text give
    /// the exact decimal (0.075, not 0.07499…). Parsed by hand because Foundation's
    /// `Decimal(string:)` is slow on Linux and this runs for every price of the table.
    static func exactDecimal(_ number: Double) -> Decimal? {
        var significand: UInt64 = 0
        var exponent = 0
        var seenPoint = false
        var digits = 0
        var text = Substring(number.description)
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            guard let power = Int(text[text.index(after: e)...]) else { return nil }
            exponent = power
            text = text[..<e]
        }
        for character in text {
            if character == "." {
                seenPoint = true
                continue
            }
            guard let digit = character.wholeNumberValue, digits < 19 else { return nil }
            significand = significand * 10 + UInt64(digit)
            if significand > 0 { digits += 1 }
            if seenPoint { exponent -= 1 }
        }
        return Decimal(sign: .plus, exponent: exponent, significand: Decimal(significand))
    }

    func bool() throws(ModelCatalogError) -> Bool {
        guard case .bool(let flag) = value else { throw invalid(expected: "true or false") }
        return flag
    }

    func string() throws(ModelCatalogError) -> String {
        guard case .string(let text) = value else { throw invalid(expected: "a text") }
        return text
    }

    func strings() throws(ModelCatalogError) -> [String] {
        guard case .array(let items) = value else { throw invalid(expected: "a list of texts") }
        var result: [String] = []
        for item in items {
            guard case .string(let text) = item else { throw invalid(expected: "a list of texts") }
            result.append(text)
        }
        return result
    }

    static func show(_ value: JSONValue) -> String {
        switch value {
        case .null: return "nothing"
        case .bool(let flag): return "\(flag)"
        case .number(let number):
            return number.rounded() == number && abs(number) < 1e15 ? "\(Int64(number))" : "\(number)"
        case .string(let text): return "\"\(text)\""
        case .array: return "a list"
        case .object: return "a mapping"
        }
    }
}
