import Testing
@testable import TroupeShell

@Suite("Markdown: inline spans")
struct MarkdownInlineTests {
    @Test("emphasis, strong, both, strikethrough, code with ** inside")
    func spans() {
        #expect(render("Plain **bold** *italic* ***both*** ~~gone~~ `a **b** c` __strong__ _em_.\n", width: 80)
            == "Plain <b>bold</b> <i>italic</i> <b><i>both</i></b> <s>gone</s> <code>a **b** c</code> <b>strong</b> <i>em</i>.\n")
    }

    @Test("a bold span over several words stays one style across the spaces and the wrap")
    func spanOverWords() {
        #expect(render("see **these three words** here\n", width: 18) == "see <b>these three</b>\n<b>words</b> here\n")
    }

    @Test("nested emphasis")
    func nested() {
        #expect(render("**bold *nested italic* still** and *italic **nested bold***\n", width: 80)
            == "<b>bold <i>nested italic</i> still</b> and <i>italic <b>nested bold</b></i>\n")
    }

    @Test("unclosed spans at the end of a line are printed literally, and do not carry over")
    func unclosed() {
        #expect(render("Unclosed **bold and *italic and `code\nnext *line*\n", width: 80)
            == "Unclosed **bold and *italic and `code\nnext <i>line</i>\n")
        #expect(render("a lone ** pair and a stray ` backtick\n", width: 80) == "a lone ** pair and a stray ` backtick\n")
    }

    @Test("intraword underscores and flanking rules")
    func flanking() {
        #expect(render("snake_case_word and 2*3*4 and a * lone star and ~single~ and ~~~triple~~~\n", width: 100)
            == "snake_case_word and 2<i>3</i>4 and a * lone star and ~single~ and ~~~triple~~~\n")
    }

    @Test("code spans: longer fences, stripped padding")
    func codeSpans() {
        #expect(render("`` code with ` backtick `` and ``` three ``` and ` padded `\n", width: 80)
            == "<code>code with ` backtick</code> and <code>three</code> and <code>padded</code>\n")
    }

    @Test("links show text plus the dimmed URL; same text and URL once; empty text shows the URL")
    func links() {
        #expect(render("[the spec](https://spec.commonmark.org) and [https://x.com](https://x.com) and [](https://y.org)\n", width: 100)
            == "<link>the spec</link> <url>(https://spec.commonmark.org)</url> and <link>https://x.com</link> and <link>https://y.org</link>\n")
        #expect(render("[**bold** link](u(1))\n") == "<link><b>bold</b> link</link> <url>(u(1))</url>\n")
    }

    @Test("not links: no destination, a space in the destination, a title (not supported)")
    func notLinks() {
        #expect(render("[not a link] and [broken](link with space) and [t](u \"title\")\n", width: 100)
            == "[not a link] and [broken](link with space) and [t](u \"title\")\n")
    }

    @Test("autolinks and bare URLs are printed as written, never styled inside")
    func urls() {
        #expect(render("<https://a.b/c_d_> <mailto:me@x.org> https://e.f/_g_h_ www.x.com/*a*. <not a link>\n", width: 100)
            == "<https://a.b/c_d_> <mailto:me@x.org> https://e.f/_g_h_ www.x.com/*a*. <not a link>\n")
        #expect(render("**https://x.com/a**\n") == "<b>https://x.com/a</b>\n")
    }

    @Test("backslash escapes; a backslash before a line end is shown")
    func escapes() {
        #expect(render("\\*not emphasis\\* and \\`not code\\` and \\[x\\] and \\a end \\\n") 
            == "*not emphasis* and `not code` and [x] and \\a end \\\n")
    }

    @Test("a span open longer than the limit is given up and printed literally")
    func spanLimit() {
        let long = String(repeating: "word ", count: MarkdownInlineParser.spanLimit / 5 + 10)
        let output = render("*" + long + "end*\n", width: 1_000_000)
        #expect(output == "*" + long + "end*\n")
        #expect(render("*short*\n") == "<i>short</i>\n")
    }
}
