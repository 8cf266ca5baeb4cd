import Foundation
import Testing
@testable import TroupeCore

@Suite("Templates: lookup")
struct TemplatesLookupTests {
    let folders: TemplateFolders
    init() throws { folders = try TemplateFolders() }

    @Test("./Templates wins over TEMPLATES_DIR, which wins over the built-in templates, in listed order")
    func order() throws {
        try folders.write("project", to: "persona.system.mustache")
        try folders.write("dir1", to: "persona.system.mustache", in: "dir1")
        try folders.write("dir1 only", to: "only1.mustache", in: "dir1")
        try folders.write("dir2", to: "only1.mustache", in: "dir2")
        try folders.write("dir2", to: "summarize.system.mustache", in: "dir2")
        let renderer = try folders.renderer(configured: ["dir1", "dir2"], builtIn: true)
        let empty = TemplateVariables()

        let project = try renderer.render("persona.system", variables: empty)
        #expect(project.text == "project")
        #expect(project.entry.origin == .project)
        #expect(try renderer.render("only1", variables: empty).text == "dir1 only")
        let configured = try renderer.render("summarize.system", variables: empty)
        #expect(configured.text == "dir2")
        #expect(configured.entry.origin == .configured)
        let builtIn = try renderer.locator.load("extract.user")
        #expect(builtIn.entry.origin == .builtIn)
        #expect(builtIn.entry.path == "builtin:extract.user.mustache")

        // Without a project folder the configured one is next.
        var locator = renderer.locator
        locator.projectDirectory = nil
        #expect(try locator.load("persona.system").text == "dir1")
        locator.configuredDirectories = []
        #expect(try locator.load("persona.system").entry.origin == .builtIn)
    }

    @Test("a name works with or without .mustache, and a path names a file directly")
    func naming() throws {
        let path = try folders.write("hi {{x}}", to: "greet.mustache")
        try folders.write("other", to: "elsewhere.mustache", in: "misc")
        let renderer = try folders.renderer()
        #expect(try renderer.render("greet", variables: ["x": .number(1)]).text == "hi 1")
        #expect(try renderer.render("greet.mustache", variables: ["x": .number(1)]).text == "hi 1")
        let byPath = try renderer.render(path, variables: ["x": .number(2)])
        #expect(byPath.text == "hi 2")
        #expect(byPath.entry.origin == .file)
        #expect(byPath.entry.name == "greet")
        let other = folders.root.appendingPathComponent("misc/elsewhere").path
        #expect(try renderer.render(other, variables: [:]).text == "other")
    }

    @Test("a name with NAME.system (and NAME.user) templates stands for the pair")
    func pairs() throws {
        try folders.write("S {{x}}", to: "both.system.mustache")
        try folders.write("U {{x}}", to: "both.user.mustache")
        try folders.write("only system", to: "solo.system.mustache")
        try folders.write("plain", to: "both.mustache", in: "other")
        let renderer = try folders.renderer()
        #expect(try renderer.composeMessages(system: "both", variables: ["x": .number(1)]) == [.system("S 1"), .user("U 1")])
        #expect(try renderer.composeMessages(system: "solo", variables: [:]) == [.system("only system")])
        #expect(try renderer.locator.pair(named: "both.system") == nil)
        // A template with the plain name wins over the pair.
        let shadowing = try folders.renderer(configured: ["other"])
        #expect(try shadowing.composeMessages(system: "both", variables: [:]) == [.system("plain")])
    }

    @Test("list gives name, path and origin, marks shadowed names, and includes sub-folders")
    func list() throws {
        try folders.write("a", to: "a.mustache")
        try folders.write("b", to: "b.mustache", in: "Templates/sub")
        try folders.write("not a template", to: "notes.txt")
        try folders.write("a again", to: "a.mustache", in: "dir1")
        let locator = try folders.renderer(configured: ["dir1"], builtIn: true).locator
        let entries = locator.list()
        let project = entries.filter { $0.origin == .project }
        #expect(project.map(\.name) == ["a", "sub/b"])
        #expect(project[0].path == folders.root.appendingPathComponent("Templates/a.mustache").path)
        #expect(project.allSatisfy { !$0.isShadowed })
        let configured = entries.filter { $0.origin == .configured }
        #expect(configured.map(\.name) == ["a"])
        #expect(configured[0].isShadowed)
        let builtIn = entries.filter { $0.origin == .builtIn }.map(\.name)
        #expect(builtIn == BuiltInTemplates.all.keys.sorted())
        #expect(locator.names().contains("sub/b"))
        #expect(try locator.load("sub/b").text == "b")
    }

    @Test("the built-in templates are the repository's Templates/*.mustache (run Scripts/embed-templates.sh if not)")
    func builtInMatchesRepository() throws {
        let folder = repositoryRoot.appendingPathComponent("Templates")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".mustache") }
        var onDisk: [String: String] = [:]
        for file in files {
            onDisk[String(file.dropLast(".mustache".count))] = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
        }
        #expect(onDisk.count >= 5)
        #expect(onDisk == BuiltInTemplates.all)
    }

    @Test("the shipped templates render with their example variables")
    func shippedTemplatesRender() throws {
        let renderer = TemplateRenderer(locator: TemplateLocator(projectDirectory: nil, includesBuiltIn: true))
        let examples = repositoryRoot.appendingPathComponent("Templates/examples")

        let persona = try renderer.render("persona.system", variables: TemplateVariables(contentsOfFile: examples.appendingPathComponent("persona.yaml").path))
        #expect(persona.text.contains("Your name is Ana Costa, you are 34 years old, and you are Portuguese."))
        #expect(persona.text.contains("## Personality\n\n  - curious and quick to ask \"why?\"\n"))
        #expect(persona.text.contains("  - Rui: your partner"))
        #expect(persona.text.contains("## Rules"))  // the persona.rules partial
        #expect(persona.partials.map(\.name) == ["persona.rules"])
        #expect(persona.warnings.isEmpty)

        // Optional parts are optional: name and age are enough.
        let minimal = try renderer.render("persona.system", variables: ["name": .string("Bo"), "age": .number(20)])
        #expect(!minimal.text.contains("## Personality"))
        #expect(minimal.warnings.map(\.name).contains("occupation"))

        let extract = try renderer.renderMessages(
            system: "extract.system", user: "extract.user",
            variables: TemplateVariables(contentsOfFile: examples.appendingPathComponent("extract.yaml").path))
        #expect(extract.messages.count == 2)
        #expect(extract.system.text.contains(#""total": {"type": "number", "description": "the total amount due, tax included"},"#))
        #expect(extract.system.text.contains(#""currency": {"type": "string", "description": "the ISO 4217 currency code, such as EUR"}"# + "\n  }"))
        #expect(extract.system.text.contains(#"  - "number" is required"#))
        #expect(!extract.system.text.contains(#"  - "date" is required"#))
        #expect(extract.messages[1].content.hasPrefix("Text:\n\nInvoice INV-2041"))

        let summary = try renderer.renderMessages(
            system: "summarize.system", user: "summarize.user",
            variables: TemplateVariables(contentsOfFile: examples.appendingPathComponent("summarize.json").path))
        #expect(summary.system.text.contains("for a busy product manager."))
        #expect(summary.system.text.contains("  - Use at most 60 words."))
        #expect(summary.system.text.contains("bulleted list"))
        #expect(summary.messages[1].content.hasPrefix("Title: Weekly incident report\n\nText to summarise:\n\nOn Monday"))
    }
}
