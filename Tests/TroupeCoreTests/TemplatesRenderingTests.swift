import Foundation
import Testing
@testable import TroupeCore

@Suite("Templates: rendering")
struct TemplatesRenderingTests {
    let folders: TemplateFolders
    init() throws { folders = try TemplateFolders() }

    private func render(_ text: String, _ variables: TemplateVariables, escapesHTML: Bool = true) throws -> String {
        try folders.write(text, to: "t.mustache")
        return try folders.renderer(escapesHTML: escapesHTML).render("t", variables: variables).text
    }

    @Test("variables of every type render")
    func scalars() throws {
        let text = try render(
            "{{name}} is {{age}}, {{height}} m, member: {{member}}, none: [{{nothing}}]",
            ["name": .string("Ana"), "age": .number(34), "height": .number(1.68), "member": .bool(true), "nothing": .null])
        #expect(text == "Ana is 34, 1.68 m, member: true, none: []")
    }

    @Test("a list or object inserted whole renders as JSON; transforms still apply")
    func wholeValues() throws {
        let variables = try TemplateVariables(json: """
            {"traits": ["kind", "curious"], "schema": {"type": "object", "required": ["a"]}, "people": [{"n": 1}]}
            """)
        let text = try render("{{{traits}}} | {{{schema}}} | {{{people}}} | {{count(traits)}} {{first(traits)}} {{count(schema)}}", variables)
        #expect(text == """
            ["kind","curious"] | {
              "required" : [
                "a"
              ],
              "type" : "object"
            } | [
              {
                "n" : 1
              }
            ] | 2 kind 2
            """)
        #expect(try render("{{traits}}", variables) == "[&quot;kind&quot;,&quot;curious&quot;]")
    }

    @Test("sections: lists iterate, objects push, booleans gate, false/null/empty skip")
    func sections() throws {
        let template = """
            {{#traits}}- {{.}}
            {{/traits}}
            {{#job}}{{title}} at {{company}}{{/job}}
            {{#vip}}VIP{{/vip}}{{#banned}}BANNED{{/banned}}{{#nothing}}NULL{{/nothing}}{{#empty}}EMPTY{{/empty}}
            {{#friends}}{{name}} ({{age}}); {{/friends}}
            """
        let variables = try TemplateVariables(json: """
            {"traits": ["kind", "curious"], "job": {"title": "engineer", "company": "ACME"},
             "vip": true, "banned": false, "nothing": null, "empty": [],
             "friends": [{"name": "Rui", "age": 36}, {"name": "Marta", "age": 41}]}
            """)
        #expect(try render(template, variables) == """
            - kind
            - curious
            engineer at ACME
            VIP
            Rui (36); Marta (41);
            """)
    }

    @Test("inverted sections render for missing, false, null and empty values only")
    func invertedSections() throws {
        let template = "{{^a}}A{{/a}}{{^b}}B{{/b}}{{^c}}C{{/c}}{{^d}}D{{/d}}{{^e}}E{{/e}}{{^f}}F{{/f}}"
        let text = try render(template, ["b": .bool(false), "c": .null, "d": .array([]), "e": .bool(true), "f": .string("x")])
        #expect(text == "ABCD")
    }

    @Test("names resolve outward from the innermost section, and dotted names reach into objects")
    func contextStack() throws {
        let text = try render(
            "{{#people}}{{name}}@{{company.name}} {{/people}}{{persona.style.tone}}",
            try TemplateVariables(json: """
                {"company": {"name": "ACME"}, "people": [{"name": "Ana"}, {"name": "Rui"}],
                 "persona": {"style": {"tone": "warm"}}}
                """))
        #expect(text == "Ana@ACME Rui@ACME warm")
    }

    @Test("partials render with the including context, from any search location")
    func partials() throws {
        try folders.write("Hello {{name}}!", to: "greeting.mustache", in: "shared")
        try folders.write("{{#people}}{{> greeting}}\n{{/people}}{{> sign.mustache}}", to: "t.mustache")
        try folders.write("-- {{author}}", to: "sign.mustache")
        let rendered = try folders.renderer(configured: ["shared"]).render(
            "t", variables: try TemplateVariables(json: #"{"people": [{"name": "Ana"}, {"name": "Rui"}], "author": "Bo"}"#))
        #expect(rendered.text == "Hello Ana!\nHello Rui!\n-- Bo")
        #expect(rendered.partials.map(\.name) == ["greeting", "sign"])
        #expect(rendered.partials.map(\.origin) == [.configured, .project])
    }

    @Test("{{x}} escapes HTML, {{{x}}} and {{&x}} do not; escaping can be turned off")
    func escaping() throws {
        let variables: TemplateVariables = ["x": .string(#"<b>"Tom" & 'Jerry'</b>"#)]
        #expect(try render("{{x}}", variables) == "&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;")
        #expect(try render("{{{x}}}|{{& x}}", variables) == #"<b>"Tom" & 'Jerry'</b>|<b>"Tom" & 'Jerry'</b>"#)
        #expect(try render("{{! note }}\n{{x}}", variables, escapesHTML: false) == #"<b>"Tom" & 'Jerry'</b>"#)
    }

    @Test("comments, standalone tags and set-delimiter tags behave as Mustache says")
    func commentsAndDelimiters() throws {
        let text = try render("{{! a comment }}\nA\n{{#s}}\nB\n{{/s}}\n{{=<% %>=}}\n<% name %> {{literal}}", ["s": .bool(true), "name": .string("N")])
        #expect(text == "A\nB\nN {{literal}}")
    }

    @Test("sequence transforms work and their bodies are checked with the same context")
    func sequenceTransforms() throws {
        let text = try render("{{#items}}{{#first()}}[{{title}}] {{/first()}}{{.}}{{^last()}}, {{/last()}}{{/items}}",
                              ["items": .array([.string("a"), .string("b"), .string("c")]), "title": .string("T")])
        #expect(text == "[T] a, b, c")
    }

    @Test("trailing white space is removed from the rendered text")
    func trailingWhitespace() throws {
        #expect(try render("Hi {{name}}\n\n  \n", ["name": .string("Ana")]) == "Hi Ana")
    }

    @Test("composeMessages gives [system] or [system, user]")
    func composeMessages() throws {
        try folders.write("You are {{name}}.", to: "p.system.mustache")
        try folders.write("Say hello to {{who}}.", to: "p.user.mustache")
        let renderer = try folders.renderer()
        let variables: TemplateVariables = ["name": .string("Ana"), "who": .string("Rui")]
        #expect(try renderer.composeMessages(system: "p.system", variables: variables) == [.system("You are Ana.")])
        #expect(try TroupeCore.composeMessages(system: "p.system.mustache", user: "p.user", variables: variables, renderer: renderer)
                == [.system("You are Ana."), .user("Say hello to Rui.")])
    }

    @Test("an edit on disk shows at the next render")
    func noCaching() throws {
        try folders.write("one {{x}}", to: "t.mustache")
        let renderer = try folders.renderer()
        #expect(try renderer.render("t", variables: ["x": .number(1)]).text == "one 1")
        try folders.write("two {{x}}", to: "t.mustache")
        #expect(try renderer.render("t", variables: ["x": .number(1)]).text == "two 1")
    }

    @Test("variableNames lists the names a template and its partials use")
    func variableNames() throws {
        try folders.write("{{a}} {{#b}}{{c.d}}{{.}}{{/b}}{{> p}}{{uppercased(e)}}", to: "t.mustache")
        try folders.write("{{f}}", to: "p.mustache")
        #expect(try folders.renderer().variableNames(in: "t") == ["a", "b", "c.d", "e", "f"])
    }
}
