import Testing
@testable import TroupeCore

@Suite("INI reader (configparser rules)")
struct INIDocumentTests {
    @Test func readsSectionsCommentsBlankLinesAndDelimiters() throws {
        let text = """
            # a comment
            ; another comment

            [OpenAI]
            API_TYPE=openai
            Model  =   gpt-4o   
            temperature: 0.5
                # indented comment
            URL = http://x:1/a=b

            [Other]
            key = value
            """
        let document = try INIDocument.parse(text, file: "t.ini")
        #expect(document.sections.map(\.name) == ["OpenAI", "Other"])
        let section = try #require(document.section(named: "OpenAI"))
        #expect(section.entry("api_type")?.value == "openai")
        #expect(section.entry("MODEL")?.value == "gpt-4o")
        #expect(section.entry("MODEL")?.line == 6)
        #expect(section.entry("TEMPERATURE")?.value == "0.5")
        // The first '=' or ':' splits, so later ones stay in the value.
        #expect(section.entry("url")?.value == "http://x:1/a=b")
        #expect(section.line == 4)
        #expect(document.section(named: "openai")?.name == "OpenAI")
    }

    @Test func continuationLinesJoinWithNewlines() throws {
        let text = "[S]\nkey = first\n    second\n\n    third\nnext = 1\n"
        let section = try #require(try INIDocument.parse(text, file: "t.ini").section(named: "S"))
        #expect(section.entry("key")?.value == "first\nsecond\n\nthird")
        #expect(section.entry("next")?.value == "1")
    }

    @Test func emptyValueAndCRLFAndBOM() throws {
        let text = "\u{FEFF}[S]\r\nA=\r\nB = x\r\n"
        let section = try #require(try INIDocument.parse(text, file: "t.ini").section(named: "S"))
        #expect(section.entry("a")?.value == "")
        #expect(section.entry("b")?.value == "x")
    }

    @Test func defaultSectionAndInterpolation() throws {
        let text = """
            [DEFAULT]
            dir = /tmp
            [S]
            file = %(dir)s/cache.db
            percent = 100%%
            """
        let document = try INIDocument.parse(text, file: "t.ini")
        let section = try #require(document.section(named: "S"))
        #expect(section.entry("file")?.value == "/tmp/cache.db")
        #expect(section.entry("percent")?.value == "100%")
        #expect(document.entries(in: section).contains { $0.key == "dir" && $0.value == "/tmp" })
    }

    @Test(arguments: [
        ("key = 1\n[S]\n", 1, "before any [Section]"),
        ("[S]\njust words\n", 2, "expected KEY = VALUE"),
        ("[S]\na=1\nA=2\n", 3, "already appears on line 2"),
        ("[S]\n[S]\n", 2, "already appears on line 1"),
        ("[S]\n= 3\n", 2, "has no key"),
        ("[S\n", 1, "section header"),
        ("[]\n", 1, "section header"),
        ("[S]\nv = 50%\n", 2, "%%"),
        ("[S]\nv = %(missing)s\n", 2, "not set"),
    ])
    func syntaxErrorsNameTheLine(text: String, line: Int, fragment: String) {
        #expect {
            try INIDocument.parse(text, file: "bad.ini")
        } throws: { error in
            guard case ConfigError.syntax(let file, let errorLine, let message) = error else { return false }
            return file == "bad.ini" && errorLine == line && message.contains(fragment)
                && "\(error)".hasPrefix("bad.ini:\(line): ")
        }
    }

    @Test func headerTextAfterTheBracketIsIgnoredAndInlineCommentsStayInTheValue() throws {
        let document = try INIDocument.parse("[OpenAI] ; the main section\nTEMPERATURE = 0.5 ; warm\n", file: "t.ini")
        let section = try #require(document.section(named: "OpenAI"))
        #expect(section.entry("temperature")?.value == "0.5 ; warm")
        var config = TroupeConfig()
        #expect {
            try config.apply(document, source: .file("t.ini"))
        } throws: { "\($0)".contains("t.ini:2") && "\($0)".contains("comments must be on a line of their own") }
    }

    @Test func booleansAsConfigparserReadsThem() {
        for text in ["1", "yes", "YES", "true", "True", "on", " On "] { #expect(INIDocument.boolean(text) == true) }
        for text in ["0", "no", "false", "FALSE", "off"] { #expect(INIDocument.boolean(text) == false) }
        for text in ["", "y", "2", "enabled", "truee"] { #expect(INIDocument.boolean(text) == nil) }
    }
}
