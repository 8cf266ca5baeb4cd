import Testing
@testable import TroupeShell

@Suite("Markdown: tables")
struct MarkdownTableTests {
    @Test("columns padded to content width, alignments, inline styles in cells, short rows")
    func formatted() {
        let text = """
            | Left | Right | Mid |
            |:-----|------:|:---:|
            | a | 1 | *x* |
            | bb | 22 |
            after

            """
        #expect(render(text, width: 40) == """
            <b>Left</b><m> │ </m><b>Right</b><m> │ </m><b>Mid</b>
            <m>─────┼───────┼────</m>
            a   <m> │ </m>    1<m> │ </m> <i>x</i>
            bb  <m> │ </m>   22<m> │ </m>
            after

            """)
    }

    @Test("escaped pipes, code in cells, display width of wide characters")
    func cellContent() {
        let text = "| k | v |\n|---|---|\n| `a\\|b` | 日本 |\n"
        #expect(render(text) == """
            <b>k</b>  <m> │ </m><b>v</b>
            <m>────┼─────</m>
            <code>a|b</code><m> │ </m>日本

            """)
    }

    @Test("a table wider than the terminal prints its rows as they are")
    func fallback() {
        let text = "| a very wide table | with many columns |\n|---|---|\n| one | two |\n"
        #expect(render(text, width: 30) == """
            | a very wide table | with many columns |
            |---|---|
            | one | two |

            """)
    }

    @Test("a | line without an alignment row is text; so is a header whose cell count differs")
    func notTables() {
        #expect(render("| not a table |\njust text\n") == "| not a table |\njust text\n")
        #expect(render("| a | b |\n|---|\n") == "| a | b |\n|---|\n")
    }

    @Test("a table inside a list item")
    func inList() {
        #expect(render("- | a | b |\n  |---|---|\n  | 1 | 2 |\n") == """
            <m>•</m> <b>a</b><m> │ </m><b>b</b>
              <m>──┼──</m>
              1<m> │ </m>2

            """)
    }

    @Test("rows are held until the table ends: nothing is printed before")
    func held() {
        var renderer = MarkdownRenderer(width: 60, style: .tags)
        #expect(renderer.feed("| a | b |\n|---|---|\n| 1 | 2 |\n") == "")
        #expect(renderer.feed("\n").isEmpty == false)
    }
}
