import Foundation
import Testing
@testable import TroupeCore

@Suite("Templates: listing and display")
struct TemplatesListingTests {
    @Test("the template list aligns name, origin and path, and marks shadowed entries")
    func list() {
        let text = TemplateListing.text([
            TemplateEntry(name: "a", path: "/p/a.mustache", origin: .project),
            TemplateEntry(name: "persona.system", path: "builtin:persona.system.mustache", origin: .builtIn, isShadowed: true),
        ])
        #expect(text == """
            a               project   /p/a.mustache
            persona.system  built-in  builtin:persona.system.mustache  (shadowed)

            """)
        #expect(TemplateListing.text([]) == "No templates found.\n")
    }

    @Test("a rendered prompt shows each message under a header, with token counts when given")
    func prompt() throws {
        let folders = try TemplateFolders()
        try folders.write("S {{x}}{{> part}}", to: "s.mustache")
        try folders.write("!", to: "part.mustache")
        try folders.write("U {{x}}", to: "u.mustache")
        let prompt = try folders.renderer().renderMessages(system: "s", user: "u", variables: ["x": .number(1)])
        let system = folders.root.appendingPathComponent("Templates/s.mustache").path
        let user = folders.root.appendingPathComponent("Templates/u.mustache").path
        #expect(TemplateListing.text(prompt, tokenCounts: [5, 4]) == """
            ── system · s (project: \(system)) + part · 5 tokens
            S 1!

            ── user · u (project: \(user)) · 4 tokens
            U 1

            ── 9 tokens in 2 messages

            """)
        #expect(!TemplateListing.text(prompt, tokenCounts: nil).contains("tokens"))
    }

    @Test("token counts follow the chat format: 3 per message plus role and content")
    func tokenCounts() {
        // o200k_base: "system" and "Hello world" are 1 and 2 tokens; "user" and "Hi" 1 and 1.
        #expect(TemplateListing.tokenCounts([.system("Hello world"), .user("Hi")], model: "gpt-4o-mini") == [6, 5])
        #expect(TemplateListing.tokenNote(model: "gpt-4") == "counted in cl100k_base (gpt-4); a request adds 3 tokens for the reply")
    }

    @Test("warnings: one line per missing variable, one note for all missing sections")
    func warnings() {
        let lines = TemplateListing.warningLines([
            TemplateWarning(kind: .missingSection, name: "opt", template: "t", line: 1, column: 1),
            TemplateWarning(kind: .missingVariable, name: "name", template: "t", line: 2, column: 3),
            TemplateWarning(kind: .missingSection, name: "more", template: "t", line: 4, column: 1),
            TemplateWarning(kind: .missingSection, name: "opt", template: "t", line: 5, column: 1),
        ])
        #expect(lines == [
            "warning: t:2:3: 'name' is not given; rendered as empty text",
            "note: sections not given (treated as false): opt, more",
        ])
    }
}
