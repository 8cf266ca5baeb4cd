import Foundation
import Testing
@testable import TroupeCore

@Suite("Templates: errors")
struct TemplatesErrorTests {
    let folders: TemplateFolders
    init() throws { folders = try TemplateFolders() }

    @Test("a missing template lists where troupe looked and suggests the nearest name")
    func missingTemplate() throws {
        try folders.write("x", to: "persona.system.mustache")
        let renderer = try folders.renderer(configured: ["extra"], builtIn: true)
        let error = #expect(throws: TemplateError.self) {
            try renderer.render("persona.sytem", variables: [:])
        }
        guard case .notFound(let name, let searched, let suggestion)? = error else {
            Issue.record("expected notFound, got \(String(describing: error))")
            return
        }
        #expect(name == "persona.sytem")
        #expect(suggestion == "persona.system")
        #expect(searched == [
            folders.root.appendingPathComponent("Templates").path + " (project)",
            folders.root.appendingPathComponent("extra").path + " (TEMPLATES_DIR)",
            "built-in templates",
        ])
        let message = "\(error!)"
        #expect(message.contains("No template named 'persona.sytem'"))
        #expect(message.contains("Did you mean 'persona.system'?"))
        #expect(message.contains("(TEMPLATES_DIR)"))

        // Nothing close: no suggestion.
        #expect(throws: TemplateError.notFound(name: "zzzzzzzzzz", searched: renderer.locator.searchedLocations, suggestion: nil)) {
            try renderer.render("zzzzzzzzzz", variables: [:])
        }
    }

    @Test("a syntax error gives the template, line, column and what is wrong")
    func syntaxError() throws {
        let path = try folders.write("Line one\nHello {{#name}}\nbye {{/nom}} there\n", to: "bad.mustache")
        let error = #expect(throws: TemplateError.self) {
            try folders.renderer().render("bad", variables: ["name": .string("x")])
        }
        guard case .syntax(let template, let errorPath, let line, let column, let lineText, let reason)? = error else {
            Issue.record("expected syntax, got \(String(describing: error))")
            return
        }
        #expect(template == "bad")
        #expect(errorPath == path)
        #expect(line == 3)
        #expect(column == 8)
        #expect(lineText == "bye {{/nom}} there")
        #expect(reason.contains("does not match"))
        #expect("\(error!)".contains("\(path):3:8"))
    }

    @Test("an unclosed section and an unclosed tag are syntax errors; with escaping off, lines still match")
    func unclosed() throws {
        try folders.write("a\n{{#s}}\nb\n", to: "open.mustache")
        try folders.write("a\nb {{name\n", to: "tag.mustache")
        for escapesHTML in [true, false] {
            let renderer = try folders.renderer(escapesHTML: escapesHTML)
            #expect {
                try renderer.render("open", variables: [:])
            } throws: { error in
                guard case TemplateError.syntax(_, _, let line, let column, let text, let reason) = error else { return false }
                return line == 2 && column == 1 && text == "{{#s}}" && reason.contains("'s' opened here is never closed")
            }
            #expect {
                try renderer.render("tag", variables: [:])
            } throws: { error in
                guard case TemplateError.syntax(_, _, let line, let column, let text, let reason) = error else { return false }
                return line == 2 && column == 3 && text == "b {{name" && reason.contains("never closed")
            }
        }
    }

    @Test("a syntax error in a partial names the partial")
    func syntaxErrorInPartial() throws {
        try folders.write("{{> part}}", to: "t.mustache")
        try folders.write("ok\n{{/oops}}", to: "part.mustache")
        #expect {
            try folders.renderer().render("t", variables: [:])
        } throws: { error in
            guard case TemplateError.syntax(let template, _, let line, _, _, _) = error else { return false }
            return template == "part" && line == 2
        }
    }

    @Test("names the template uses but the caller did not give are an error listing each with its place")
    func missingVariables() throws {
        try folders.write("Hi {{name}}, {{persona.age}}\n{{#friends}}{{nick}} {{/friends}}{{> p}}", to: "t.mustache")
        try folders.write("\n  {{mood}}", to: "p.mustache")
        let renderer = try folders.renderer()
        let variables = try TemplateVariables(json: #"{"persona": {}, "friends": [{"nick": "R"}, {}]}"#)
        let error = #expect(throws: TemplateError.self) { try renderer.render("t", variables: variables) }
        #expect(error == .missingVariables(template: "t", names: [
            MissingVariable(name: "name", template: "t", line: 1, column: 4),
            MissingVariable(name: "persona.age", template: "t", line: 1, column: 14),
            MissingVariable(name: "nick", template: "t", line: 2, column: 13),
            MissingVariable(name: "mood", template: "p", line: 2, column: 3),
        ]))
        let message = "\(error!)"
        #expect(message.contains("  - persona.age (used at t:1:14)"))
        // The core speaks no CLI: the flags are the executable's wording (see the render tests).
        #expect(!message.contains("--"))
    }

    @Test("allowMissing renders missing names as empty text and reports them as warnings")
    func allowMissing() throws {
        try folders.write("Hi {{name}}!{{#opt}}never{{/opt}}", to: "t.mustache")
        let rendered = try folders.renderer().render("t", variables: [:], allowMissing: true)
        #expect(rendered.text == "Hi !")
        #expect(rendered.warnings == [
            TemplateWarning(kind: .missingVariable, name: "name", template: "t", line: 1, column: 4),
            TemplateWarning(kind: .missingSection, name: "opt", template: "t", line: 1, column: 13),
        ])
    }

    @Test("names in parts that do not render are not required; given null counts as given")
    func onlyRenderedPartsAreChecked() throws {
        try folders.write("{{#vip}}{{perk}}{{/vip}}{{^vip}}{{plain}}{{/vip}}{{#list}}{{item}}{{/list}}[{{nothing}}]", to: "t.mustache")
        let renderer = try folders.renderer()
        let rendered = try renderer.render("t", variables: ["vip": .bool(false), "plain": .string("P"), "list": .array([]), "nothing": .null])
        #expect(rendered.text == "P[]")
        #expect(throws: TemplateError.missingVariables(template: "t", names: [MissingVariable(name: "perk", template: "t", line: 1, column: 9)])) {
            try renderer.render("t", variables: ["vip": .bool(true), "nothing": .null])
        }
    }

    @Test("a missing partial is an error even in a part that does not render, with a suggestion")
    func missingPartial() throws {
        try folders.write("{{#never}}{{> greting}}{{/never}}", to: "t.mustache")
        try folders.write("hello", to: "greeting.mustache")
        let renderer = try folders.renderer()
        #expect(throws: TemplateError.partialNotFound(name: "greting", template: "t", searched: renderer.locator.searchedLocations, suggestion: "greeting")) {
            try renderer.render("t", variables: [:], allowMissing: true)
        }
    }

    @Test("a partial that includes itself unconditionally is stopped with an error instead of recursing")
    func recursivePartial() throws {
        try folders.write("{{> loop}}", to: "loop.mustache")
        #expect {
            try folders.renderer().render("loop", variables: [:])
        } throws: { error in
            guard case TemplateError.partialTooDeep(let chain) = error else { return false }
            return chain.count == TemplateUsageCheck.maximumDepth + 1 && chain.allSatisfy { $0 == "loop" }
        }
    }

    // Leaves need `children: []`: without it `{{#children}}` finds the parent's list (Mustache
    // looks names up outward) and the recursion never ends, which the check above catches.
    @Test("a recursive partial that ends with the data renders")
    func recursivePartialWithData() throws {
        try folders.write("{{name}}{{#children}}({{> tree}}){{/children}}", to: "tree.mustache")
        let variables = try TemplateVariables(json: #"{"name": "a", "children": [{"name": "b", "children": [{"name": "c", "children": []}]}, {"name": "d", "children": []}]}"#)
        #expect(try folders.renderer().render("tree", variables: variables).text == "a(b(c))(d)")
    }

    @Test("parent templates with blocks: overrides and defaults are checked where they render")
    func inheritance() throws {
        try folders.write("<{{$title}}Default {{who}}{{/title}}>", to: "base.mustache")
        try folders.write("{{<base}}{{$title}}Hi {{name}}{{/title}}{{/base}}", to: "child.mustache")
        let renderer = try folders.renderer()
        #expect(try renderer.render("child", variables: ["name": .string("Ana")]).text == "<Hi Ana>")
        #expect(try renderer.render("base", variables: ["who": .string("W")]).text == "<Default W>")
        #expect(throws: TemplateError.missingVariables(template: "child", names: [MissingVariable(name: "name", template: "child", line: 1, column: 23)])) {
            try renderer.render("child", variables: ["who": .string("not used")])
        }
    }

    @Test("an unreadable variables file and a bad pair are clear errors")
    func variableErrors() throws {
        #expect(throws: TemplateError.invalidPair("novalue")) { try TemplateVariables(pairs: ["novalue"]) }
        #expect(throws: TemplateError.invalidPair("=x")) { try TemplateVariables(pairs: ["=x"]) }
        #expect(throws: TemplateError.invalidPair("a..b=x")) { try TemplateVariables(pairs: ["a..b=x"]) }
        let list = try folders.write("[1, 2]", to: "list.json", in: "vars")
        #expect {
            try TemplateVariables(contentsOfFile: list)
        } throws: { error in
            "\(error)".contains("top level is not an object")
        }
        let broken = try folders.write("a: [1, 2\n", to: "broken.yaml", in: "vars")
        #expect {
            try TemplateVariables(contentsOfFile: broken)
        } throws: { error in
            "\(error)".contains("invalid YAML")
        }
        #expect {
            try TemplateVariables(contentsOfFile: folders.root.appendingPathComponent("nope.json").path)
        } throws: { error in
            guard case TemplateError.invalidVariablesFile(let path, _) = error else { return false }
            return path.hasSuffix("nope.json")
        }
    }
}
