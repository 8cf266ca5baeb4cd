import Foundation
import Mustache

/// A template read from its location and parsed.
struct LoadedTemplate: Sendable {
    var source: TemplateSource
    var parsed: MustacheTemplate
    var nodes: [TemplateNode]
    var name: String { source.entry.name }
}

/// The result of rendering one template.
public struct RenderedTemplate: Sendable, Hashable {
    /// The template rendered (name, path, origin).
    public var entry: TemplateEntry
    /// The partials it included, in the order first met.
    public var partials: [TemplateEntry]
    /// The rendered text, with trailing white space removed.
    public var text: String
    /// Missing section names, and missing variables when they were allowed.
    public var warnings: [TemplateWarning]
}

/// Renders Mustache templates found by a ``TemplateLocator``.
///
/// Each render reads the template and its partials from disk again, checks that every name the
/// template would look up is given (see ``TemplateUsageCheck`` for the rules), then renders with
/// swift-mustache. `{{name}}` escapes HTML (`<`, `>`, `&`, `"`, `'`) as Mustache and TinyTroupe
/// do; `{{{name}}}` and `{{& name}}` insert text as is. Set `escapesHTML` to false to insert all
/// text as is.
public struct TemplateRenderer: Sendable {
    public var locator: TemplateLocator
    public var escapesHTML: Bool

    public init(locator: TemplateLocator = TemplateLocator(), escapesHTML: Bool = true) {
        self.locator = locator
        self.escapesHTML = escapesHTML
    }

    /// Renders the template called `name`.
    /// - Parameters:
    ///   - allowMissing: render names that are not given as empty text and report them as
    ///     warnings instead of throwing.
    /// - Throws: ``TemplateError`` when the template or a partial is missing, does not parse, or
    ///   uses names that are not given (unless `allowMissing`).
    public func render(_ name: String, variables: TemplateVariables, allowMissing: Bool = false) throws -> RenderedTemplate {
        try render(source: try locator.load(name), variables: variables, allowMissing: allowMissing)
    }

    /// Renders template text that is not in a file (`name` is used in messages).
    public func render(text: String, name: String = "inline", variables: TemplateVariables, allowMissing: Bool = false) throws -> RenderedTemplate {
        let entry = TemplateEntry(name: name, path: name, origin: .file)
        return try render(source: TemplateSource(entry: entry, text: text), variables: variables, allowMissing: allowMissing)
    }

    /// The top-level names a template (and its partials) looks up, for completion; sorted.
    public func variableNames(in name: String) throws -> [String] {
        var loader = PartialLoader(renderer: self)
        let root = try parse(try locator.load(name))
        var names: Set<String> = []
        var pending = [root]
        var visited: Set<String> = [root.name]
        while let template = pending.popLast() {
            Self.collectNames(template.nodes, into: &names)
            for partial in Self.staticPartials(template.nodes) where visited.insert(partial).inserted {
                if let loaded = try? loader.load(partial, includer: template.name) { pending.append(loaded) }
            }
        }
        return names.sorted()
    }

    // MARK: - Rendering

    func render(source: TemplateSource, variables: TemplateVariables, allowMissing: Bool) throws -> RenderedTemplate {
        let root = try parse(source)
        var loader = PartialLoader(renderer: self)
        // Every partial named anywhere must exist, even in parts these variables do not render.
        var pending = [root]
        var visited: Set<String> = []
        while let template = pending.popLast() {
            for partial in Self.staticPartials(template.nodes) where visited.insert(partial).inserted {
                pending.append(try loader.load(partial, includer: template.name))
            }
        }

        // `walk` calls back into the loader for dynamic partials, so share it through a box.
        let box = LoaderBox(loader)
        var check = TemplateUsageCheck { name, includer in try box.loader.load(name, includer: includer) }
        try check.walk(root, variables: variables)
        loader = box.loader

        if !check.missing.isEmpty, !allowMissing {
            throw TemplateError.missingVariables(template: root.name, names: check.missing)
        }
        var warnings = check.missingSections
        if allowMissing {
            warnings = check.missing.map {
                TemplateWarning(kind: .missingVariable, name: $0.name, template: $0.template, line: $0.line, column: $0.column)
            } + warnings
        }

        let library = MustacheLibrary(templates: loader.loaded.mapValues(\.parsed))
        let text = root.parsed.render(JSONValue.object(variables.values).mustacheValue, library: library)
        return RenderedTemplate(
            entry: root.source.entry,
            partials: loader.order.compactMap { loader.loaded[$0]?.source.entry },
            text: Self.trimmingTrailingWhitespace(text),
            warnings: warnings)
    }

    /// Parses a template's text with swift-mustache and reads its tags.
    func parse(_ source: TemplateSource) throws -> LoadedTemplate {
        // The content-type pragma on a line of its own is removed by Mustache's standalone-tag
        // rule; it shifts line numbers by one, which error messages take back.
        let prefix = escapesHTML ? "" : "{{%CONTENT_TYPE:TEXT}}\n"
        do {
            let parsed = try MustacheTemplate(string: prefix + source.text)
            return LoadedTemplate(source: source, parsed: parsed, nodes: TemplateScanner.scan(source.text))
        } catch let error as MustacheTemplate.ParserError {
            let lineOffset = prefix.isEmpty ? 0 : 1
            var line = max(1, error.context.lineNumber - lineOffset)
            var column = error.context.columnNumber
            var reason = Self.reason(error.error)
            // swift-mustache places these two errors at the end of the text; point at the cause.
            if case MustacheTemplate.Error.expectedSectionEnd = error.error,
                let section = TemplateScanner.unclosedSections(source.text).last {
                (line, column) = (section.line, section.column)
                reason = "the section '\(section.name)' opened here is never closed (add {{/\(section.name)}})"
            } else if error.context.line.isEmpty, let tag = TemplateScanner.unclosedTag(source.text) {
                (line, column) = (tag.line, tag.column)
                reason = "this tag is never closed (add }})"
            }
            throw TemplateError.syntax(
                template: source.entry.name,
                path: source.entry.origin == .builtIn ? nil : source.entry.path,
                line: line,
                column: column,
                lineText: Self.line(line, of: source.text),
                reason: reason)
        }
    }

    // MARK: - Helpers

    /// Loads partials once per render, by the name written in the tag.
    struct PartialLoader {
        let renderer: TemplateRenderer
        var loaded: [String: LoadedTemplate] = [:]
        var order: [String] = []

        mutating func load(_ name: String, includer: String) throws -> LoadedTemplate {
            if let template = loaded[name] { return template }
            guard let source = try renderer.locator.find(name) else {
                throw TemplateError.partialNotFound(
                    name: name, template: includer,
                    searched: renderer.locator.searchedLocations,
                    suggestion: renderer.locator.suggestion(for: name))
            }
            let template = try renderer.parse(source)
            loaded[name] = template
            order.append(name)
            return template
        }
    }

    private final class LoaderBox {
        var loader: PartialLoader
        init(_ loader: PartialLoader) { self.loader = loader }
    }

    static func staticPartials(_ nodes: [TemplateNode]) -> [String] {
        var names: [String] = []
        for node in nodes {
            switch node {
            case .partial(let tag, let dynamic):
                if !dynamic { names.append(tag.name) }
            case .parent(let tag, let dynamic, let blocks):
                if !dynamic { names.append(tag.name) }
                for key in blocks.keys.sorted() { names += staticPartials(blocks[key]!) }
            case .section(_, _, let children), .block(_, let children):
                names += staticPartials(children)
            case .variable:
                break
            }
        }
        return names
    }

    static func collectNames(_ nodes: [TemplateNode], into names: inout Set<String>) {
        func add(_ tag: TemplateTag) {
            guard !tag.name.isEmpty, tag.name != ".", !tag.name.hasPrefix(".") else { return }
            names.insert(tag.name)
        }
        for node in nodes {
            switch node {
            case .variable(let tag): add(tag)
            case .section(let tag, _, let children):
                add(tag)
                collectNames(children, into: &names)
            case .partial(let tag, let dynamic):
                if dynamic { add(tag) }
            case .parent(let tag, let dynamic, let blocks):
                if dynamic { add(tag) }
                for nodes in blocks.values { collectNames(nodes, into: &names) }
            case .block(_, let children):
                collectNames(children, into: &names)
            }
        }
    }

    static func line(_ number: Int, of text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard number >= 1, number <= lines.count else { return "" }
        let line = lines[number - 1]
        return String(line.hasSuffix("\r") ? line.dropLast() : line)
    }

    static func trimmingTrailingWhitespace(_ text: String) -> String {
        var text = Substring(text)
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }

    static func reason(_ error: Error) -> String {
        switch error {
        case MustacheTemplate.Error.sectionCloseNameIncorrect:
            return "this closing tag does not match the section that is open"
        case MustacheTemplate.Error.unfinishedName:
            return "a tag is not closed, or its name has characters Mustache does not allow"
        case MustacheTemplate.Error.expectedSectionEnd:
            return "a section is never closed (add its {{/name}})"
        case MustacheTemplate.Error.invalidSetDelimiter:
            return "bad set-delimiter tag (write it as {{=<% %>=}})"
        case MustacheTemplate.Error.transformAppliedToInheritanceSection:
            return "a block ({{$name}}) cannot have a transform"
        case MustacheTemplate.Error.illegalTokenInsideInheritSection, MustacheTemplate.Error.textInsideInheritSection:
            return "only blocks ({{$name}}…{{/name}}) may appear inside {{<parent}}…{{/parent}}"
        case MustacheTemplate.Error.invalidConfigVariableSyntax:
            return "bad pragma tag (write it as {{%CONTENT_TYPE:TEXT}})"
        case MustacheTemplate.Error.unrecognisedConfigVariable:
            return "unknown pragma (only CONTENT_TYPE is known)"
        default:
            return "the template ends inside a tag"
        }
    }
}
