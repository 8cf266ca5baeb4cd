import Testing
@testable import TroupeShell

@Suite("Markdown: ANSI output")
struct MarkdownANSITests {
    @Test("real SGR sequences: one sequence per style change, plain before every line end")
    func ansi() {
        let output = render("# Hi\nA **b** `c` [d](u)\n- e\n```py\nx = 1  # z\n```\n", width: 40, style: .terminal)
        let esc = "\u{1B}["
        #expect(output == """
            \(esc)0;1;4;35mHi\(esc)0m
            A \(esc)0;1mb\(esc)0m \(esc)0;36mc\(esc)0m \(esc)0;4;34md\(esc)0m \(esc)0;2m(u)\(esc)0m
            \(esc)0;2m•\(esc)0m e
            \(esc)0;2mpy\(esc)0m
            x = \(esc)0;33m1\(esc)0m  \(esc)0;90m# z\(esc)0m

            """)
    }
}
