import Testing
@testable import TroupeCore

@Suite("textwrap.dedent semantics")
struct DedentTests {
    // Expected values are what Python's textwrap.dedent returns for the same input.
    @Test(arguments: [
        ("    a\n      b\n    c", "a\n  b\nc"),
        ("  a\n\n  b", "a\n\nb"),
        ("  a\n   \n  b\n", "a\n\nb\n"),
        ("\ta\n\tb", "a\nb"),
        ("\ta\n    b", "\ta\n    b"),
        ("  \ta\n  b", "\ta\nb"),
        ("no indent\n  x", "no indent\n  x"),
        ("", ""),
        ("   ", ""),
        ("  a\r\n  b", "a\r\nb"),
        ("\n    Hello\n      world\n    ", "\nHello\n  world\n"),
    ])
    func dedents(input: String, expected: String) {
        #expect(input.dedented() == expected)
    }
}
