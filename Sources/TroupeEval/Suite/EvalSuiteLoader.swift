import Foundation
import Synchronization
import TroupeCore

/// Reads a promptfoo configuration (`promptfooconfig.yaml`) into an ``EvalSuite``.
///
/// YAML is read by troupe's ``YAMLReader`` (the YAML 1.2 core schema, as js-yaml reads it:
/// `yes`/`no`/`on`/`off` stay text). `file://` paths are taken from the configuration's folder.
/// Every error names the file and line it comes from.
public struct EvalSuiteLoader: Sendable {
    public init() {}

    /// Reads the suite at `path`.
    /// - Throws: ``EvalSuiteError``.
    public func load(contentsOf path: String) throws(EvalSuiteError) -> EvalSuite {
        let document = try Self.readYAML(path)
        let directory = (path as NSString).deletingLastPathComponent
        return try load(document, directory: directory.isEmpty ? "." : directory)
    }

    /// Reads a suite from YAML `text`; `file` names it in errors and `directory` is where
    /// `file://` paths start.
    /// - Throws: ``EvalSuiteError``.
    public func load(yaml text: String, file: String, directory: String) throws(EvalSuiteError) -> EvalSuite {
        let document: YAMLDocument
        do {
            document = try YAMLReader().read(text, file: file)
        } catch {
            throw EvalSuiteError(file: file, line: error.line, kind: .yaml(error))
        }
        return try load(document, directory: directory)
    }

    static func readYAML(_ path: String) throws(EvalSuiteError) -> YAMLDocument {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw EvalSuiteError(file: path, line: 0, kind: .unreadable("no such file"))
        }
        guard !isDirectory.boolValue else { throw EvalSuiteError(file: path, line: 0, kind: .unreadable("it is a folder")) }
        do {
            return try YAMLReader().read(contentsOf: path)
        } catch {
            throw EvalSuiteError(file: path, line: error.line, kind: .yaml(error))
        }
    }

    private func load(_ document: YAMLDocument, directory: String) throws(EvalSuiteError) -> EvalSuite {
        let root = SuiteNode(document: document)
        guard root.isObject else { throw root.invalid("a mapping with prompts, providers and tests") }
        for key in ["scenarios", "extensions", "derivedMetrics", "nunjucksFilters"] where root[key] != nil {
            throw root[key]!.error(.unsupported("`\(key)`"))
        }
        let context = SuiteContext(directory: directory, filesRead: FilesRead([document.file]))
        let description = try root["description"].map { node throws(EvalSuiteError) in try node.text() }
        guard let promptsNode = root["prompts"] else { throw root.error(.missingField("prompts")) }
        let prompts = try context.prompts(promptsNode)
        guard let providersNode = root["providers"] ?? root["targets"] else { throw root.error(.missingField("providers")) }
        var providers: [EvalProvider] = []
        for item in providersNode.items { providers.append(try context.provider(item)) }

        var templates: [String: SuiteNode] = [:]
        if let node = root["assertionTemplates"] {
            guard node.isObject else { throw node.invalid("a mapping of names to assertions") }
            for key in node.keys { templates[key] = node[key] }
        }
        let assertions = AssertionReader(templates: templates)

        var defaults = EvalTest()
        var grader: EvalProvider?
        if let node = root["defaultTest"] {
            guard node.isObject else { throw node.invalid("a mapping (vars, assert, options)") }
            defaults = try context.test(node, assertions: assertions)
            if let provider = node["options"]?["provider"] {
                grader = try context.provider(provider)
            }
        }

        var tests: [EvalTest] = []
        if let node = root["tests"] {
            for item in node.items {
                for test in try context.tests(item, assertions: assertions) {
                    tests += try context.expand(test.merged(under: defaults), at: item)
                }
            }
        } else {
            tests = try context.expand(defaults, at: root)
        }

        var outputPaths: [String] = []
        if let node = root["outputPath"] {
            for item in node.items { outputPaths.append(try item.text()) }
        }
        return EvalSuite(
            file: document.file, description: description, prompts: prompts, providers: providers,
            tests: tests, outputPaths: outputPaths, grader: grader, directory: directory,
            sourceFiles: context.filesRead.paths)
    }
}

/// What the parts of a suite are read against: the folder `file://` paths start from.
struct SuiteContext: Sendable {
    let directory: String
    /// Every file read for the suite, for `/watch`.
    let filesRead: FilesRead

    /// `path` from a `file://` reference, taken from the suite's folder.
    func resolve(_ reference: String) -> String {
        let path = reference.hasPrefix("file://") ? String(reference.dropFirst(7)) : reference
        if path.hasPrefix("/") { return path }
        return (directory as NSString).appendingPathComponent(path)
    }

    /// The files a `file://` reference names: one, or every match of a glob (sorted).
    func files(_ reference: String, at node: SuiteNode) throws(EvalSuiteError) -> [String] {
        let path = resolve(reference)
        guard path.contains(where: { "*?[".contains($0) }) else { return [path] }
        let matches = FileGlob.matches(path)
        guard !matches.isEmpty else { throw node.error(.noMatch(reference)) }
        return matches
    }

    func readText(_ path: String, at node: SuiteNode) throws(EvalSuiteError) -> String {
        filesRead.add(path)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EvalSuiteError(file: path, line: 0, kind: .unreadable("no such file (named at \(node.file):\(node.line))"))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw EvalSuiteError(file: path, line: 0, kind: .unreadable("not UTF-8 text"))
        }
        return text
    }

    // MARK: - Tests

    /// The tests one entry of `tests:` gives: the entry itself, or the tests of the files it names.
    func tests(_ node: SuiteNode, assertions: AssertionReader) throws(EvalSuiteError) -> [EvalTest] {
        if case .string(let reference) = node.value {
            guard reference.hasPrefix("file://") else { throw node.invalid("a test (a mapping) or a file://tests.yaml / tests.csv") }
            var tests: [EvalTest] = []
            for path in try files(reference, at: node) {
                let lower = path.lowercased()
                if lower.hasSuffix(".csv") {
                    tests += try CSVTests.read(try readText(path, at: node), file: path)
                } else if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") || lower.hasSuffix(".json") {
                    filesRead.add(path)
                    let file = SuiteNode(document: try EvalSuiteLoader.readYAML(path))
                    for item in file.items { tests += try self.tests(item, assertions: assertions) }
                } else {
                    throw node.error(.unsupported("the test file \(reference) (.yaml, .yml, .json and .csv are read)"))
                }
            }
            return tests
        }
        guard node.isObject else { throw node.invalid("a test (a mapping with vars and assert)") }
        return [try test(node, assertions: assertions)]
    }

    /// One test mapping, before `defaultTest` is merged and variables are expanded.
    func test(_ node: SuiteNode, assertions: AssertionReader) throws(EvalSuiteError) -> EvalTest {
        for key in ["provider", "providerOutput", "prompts", "scenarios"] where node[key] != nil {
            throw node[key]!.error(.unsupported("`\(key)` in a test"))
        }
        var test = EvalTest()
        test.description = try node["description"].map { node throws(EvalSuiteError) in try node.text() }
        if let vars = node["vars"] {
            guard case .object(let values) = vars.value else {
                throw vars.invalid("a mapping of variable names to values")
            }
            test.vars = values
        }
        if let list = node["assert"] {
            guard case .array = list.value else { throw list.invalid("a list of assertions") }
            for item in list.items { test.assertions.append(try assertions.assertion(item)) }
        }
        test.threshold = try node["threshold"].map { node throws(EvalSuiteError) in try node.number() }
        if let metadata = node["metadata"] {
            guard case .object(let values) = metadata.value else { throw metadata.invalid("a mapping") }
            test.metadata = values
        }
        return test
    }

    /// One test per combination of its list variables (a list whose first item is text; a
    /// `file://` glob counts as the list of its files), in order of the sorted variable names.
    func expand(_ test: EvalTest, at node: SuiteNode) throws(EvalSuiteError) -> [EvalTest] {
        var combinations: [[String: JSONValue]] = [[:]]
        for name in test.vars.keys.sorted() {
            let value = test.vars[name] ?? .null
            var choices: [JSONValue]
            switch value {
            case .array(let items) where items.first.map({ if case .string = $0 { return true } else { return false } }) ?? false:
                choices = items
            default:
                choices = [value]
            }
            var expanded: [JSONValue] = []
            for choice in choices {
                if case .string(let text) = choice, text.hasPrefix("file://"), text.contains(where: { "*?[".contains($0) }) {
                    let matches = try files(text, at: node)
                    for match in matches { filesRead.add(match) }
                    expanded += matches.map { .string("file://" + $0) }
                } else if case .string(let text) = choice, text.hasPrefix("file://") {
                    filesRead.add(resolve(text))
                    expanded.append(.string("file://" + resolve(text)))
                } else {
                    expanded.append(choice)
                }
            }
            combinations = combinations.flatMap { partial in
                expanded.map { choice in partial.merging([name: choice]) { _, new in new } }
            }
        }
        return combinations.map { vars in
            var copy = test
            copy.vars = vars
            return copy
        }
    }
}

extension EvalTest {
    /// This test over `defaults`: variables overlaid, assertions after the default ones.
    func merged(under defaults: EvalTest) -> EvalTest {
        var test = self
        test.vars = defaults.vars.merging(vars) { _, own in own }
        test.assertions = defaults.assertions + assertions
        test.threshold = threshold ?? defaults.threshold
        test.metadata = defaults.metadata.merging(metadata) { _, own in own }
        return test
    }
}

/// The files a suite was read from, collected while it is read.
final class FilesRead: Sendable {
    private let list: Mutex<[String]>

    init(_ paths: [String]) {
        list = Mutex(paths)
    }

    func add(_ path: String) {
        list.withLock { if !$0.contains(path) { $0.append(path) } }
    }

    var paths: [String] { list.withLock { $0 } }
}
