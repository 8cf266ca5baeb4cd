import Testing
@testable import TroupeShell

@Suite("Markdown: blocks")
struct MarkdownBlockTests {
    @Test("ATX headings: levels, no markers shown, code keeps the heading's weight")
    func headings() {
        #expect(render("# One\n## Two\n### Three\n###### Six\n") == """
            <h1>One</h1>
            <h2>Two</h2>
            <h3>Three</h3>
            <h3>Six</h3>

            """)
        #expect(render("# Title *with* `code`\n") == "<h1>Title <i>with</i> </h1><code><b>code</b></code>\n")
        #expect(render("#hashtag and ####### seven\n") == "#hashtag and ####### seven\n")
        #expect(render("#\n") == "\n", "an empty heading is an empty line")
    }

    @Test("paragraph lines keep their line breaks (as chat UIs show replies) and wrap at word boundaries")
    func paragraphWrap() {
        let text = "The quick brown fox jumps over the lazy dog\nand keeps running until the end of the line.\n"
        #expect(render(text, width: 20) == """
            The quick brown fox
            jumps over the lazy
            dog
            and keeps running
            until the end of the
            line.

            """)
        #expect(render("1\n2\n3\n") == "1\n2\n3\n", "a one-number-per-line list stays one per line")
    }

    @Test("two trailing spaces are a hard break; blank lines collapse; leading and trailing blanks are dropped")
    func breaksAndBlanks() {
        #expect(render("one  \ntwo\n\n\n\nthree\n\n\n") == "one\ntwo\n\nthree\n")
        #expect(render("\n\n\nfirst\n") == "first\n")
    }

    @Test("a word longer than the width is broken hard; a word that does not fit moves down")
    func longWords() {
        #expect(render("ab abcdefghijklmnopqrstuvwxyz0123 cd\n", width: 10) == """
            ab
            abcdefghij
            klmnopqrst
            uvwxyz0123
            cd

            """)
    }

    @Test("nested lists with bullets by depth and hanging indents")
    func lists() {
        let text = """
            - a list item whose text is long enough to wrap onto a second line
              1. nested ordered item that also wraps around at forty columns
                 * third level
            - second
            + plus
            10) ten

            """
        #expect(render(text, width: 40) == """
            <m>•</m> a list item whose text is long enough
              to wrap onto a second line
              <m>1.</m> nested ordered item that also wraps
                 around at forty columns
                 <m>▪</m> third level
            <m>•</m> second
            <m>•</m> plus
            <m>10)</m> ten

            """)
    }

    @Test("list continuation lines, second paragraphs, empty items, lazy lines")
    func listContinuations() {
        let text = "- one\n  continued\n\n  second paragraph\n-\n- after empty\nlazy\n\nout of the list\n"
        #expect(render(text) == """
            <m>•</m> one
              continued

              second paragraph
            <m>•</m>
            <m>•</m> after empty
              lazy

            out of the list

            """)
    }

    @Test("block quotes: nested, blank quote lines keep the bar, lists inside")
    func quotes() {
        let text = "> quote with a long line that wraps and keeps its bar\n>\n> > inner\n> - item\n\nafter\n"
        #expect(render(text, width: 30) == """
            <m>│ </m>quote with a long line that
            <m>│ </m>wraps and keeps its bar
            <m>│</m>
            <m>│ │ </m>inner
            <m>│ •</m> item

            after

            """)
    }

    @Test("thematic breaks span the width (inside containers too); a --- under text is a rule, not a setext heading")
    func rules() {
        #expect(render("***\n- - -\n___\n", width: 12) == String(repeating: "<m>────────────</m>\n", count: 3))
        #expect(render("Text\n---\n", width: 12) == "Text\n<m>────────────</m>\n")
        #expect(render("> ---\n", width: 12) == "<m>│ ──────────</m>\n")
    }

    @Test("indented code is not supported: it is a paragraph")
    func indentedText() {
        #expect(render("    four spaces\n") == "four spaces\n")
    }

    @Test("CRLF and lone CR line ends work like LF")
    func lineEnds() {
        #expect(render("# A\r\n\r\ntext\r\nmore\rend") == render("# A\n\ntext\nmore\nend"))
        #expect(render(["# A\r", "\n", "b\r", "\nc"]) == "<h1>A</h1>\nb\nc\n")
    }

    @Test("the last line needs no newline; finish ends it")
    func trailingText() {
        var renderer = MarkdownRenderer(width: 60, style: .tags)
        #expect(renderer.feed("no newline at the") == "no newline at")
        #expect(renderer.feed(" end") == " the")
        #expect(renderer.finish() == " end\n")
        #expect(renderer.feed("more") == "", "nothing after finish")
    }

    @Test("control characters and escape sequences from the model are replaced")
    func controls() {
        #expect(render("a\u{1B}[31mred\u{7}\n") == "a\u{FFFD}[31mred\u{FFFD}\n")
        #expect(render("c1\u{9B}x\n") == "c1\u{FFFD}x\n")
        #expect(render("tab\tseparated\n") == "tab separated\n")
    }
}
