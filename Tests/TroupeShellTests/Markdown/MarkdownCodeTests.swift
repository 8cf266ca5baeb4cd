import Testing
@testable import TroupeShell

@Suite("Markdown: fenced code and highlighting")
struct MarkdownCodeTests {
    /// The highlighted body of one fenced block (without the label line).
    func highlighted(_ language: String, _ code: String) -> String {
        let output = render("```\(language)\n\(code)\n```\n", width: 200)
        return output.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().joined(separator: "\n")
    }

    @Test("fence lines are not shown: the language name (dim) or a thin rule instead; ~~~ fences and info strings")
    func fences() {
        #expect(render("```swift\nlet x = 1\n```\nafter\n") == "<m>swift</m>\n<kw>let</kw> x = <num>1</num>\nafter\n")
        #expect(render("~~~python title=\"a.py\"\npass\n~~~\n") == "<m>python</m>\n<kw>pass</kw>\n")
        #expect(render("```\nplain\n```\n") == "<m>───</m>\n<pre>plain</pre>\n")
        #expect(render("```notalang\nx\n```\n") == "<m>notalang</m>\n<pre>x</pre>\n")
    }

    @Test("code is never wrapped and keeps its indentation and Markdown characters")
    func noWrap() {
        let line = "    let longName = \"" + String(repeating: "x", count: 80) + "\" // **not bold**"
        #expect(render("```\n\(line)\n```\n", width: 20) == "<m>───</m>\n<pre>\(line)</pre>\n")
    }

    @Test("a longer fence holds a shorter one; a backtick info string with a backtick is no fence")
    func fenceRules() {
        #expect(render("````md\n```\ninner\n```\n````\nout\n") == "<m>md</m>\n<pre>```</pre>\n<pre>inner</pre>\n<pre>```</pre>\nout\n")
        #expect(render("``` a`b\nnot a fence\n") == "``` a`b\nnot a fence\n")
    }

    @Test("an unclosed fence runs to the end of the reply")
    func unclosedFence() {
        #expect(render("```sh\necho hi") == "<m>sh</m>\n<fn>echo</fn> hi\n")
    }

    @Test("code inside list items and quotes keeps the container prefix")
    func codeInContainers() {
        #expect(render("- item\n  ```sh\n  echo \"$HOME\" # hi\n  ```\n")
            == "<m>•</m> item\n  <m>sh</m>\n  <fn>echo</fn> <str>\"$HOME\"</str> <com># hi</com>\n")
        #expect(render("> ```json\n> {\"a\": [1, 2.5e3, true]}\n> ```\n")
            == "<m>│ json</m>\n<m>│ </m>{<type>\"a\"</type>: [<num>1</num>, <num>2.5e3</num>, <kw>true</kw>]}\n")
    }

    @Test("block comments and multi-line strings carry over lines")
    func multiLineState() {
        #expect(highlighted("swift", "let x = 1 /* open\nstill */ let y = \"s\"")
            == "<kw>let</kw> x = <num>1</num> <com>/* open</com>\n<com>still */</com> <kw>let</kw> y = <str>\"s\"</str>\n")
        #expect(highlighted("swift", "/* outer /* nested */ still */ x")
            == "<com>/* outer /* nested */ still */</com> x\n")
        #expect(highlighted("python", "s = \"\"\"one\ntwo\"\"\"") == "s = <str>\"\"\"one</str>\n<str>two\"\"\"</str>\n")
        #expect(highlighted("js", "const m = `a\nb`;") == "<kw>const</kw> m = <str>`a</str>\n<str>b`</str>;\n")
        #expect(highlighted("c", "x = \"open\ny") == "x = <str>\"open</str>\ny\n", "a C string ends with its line")
    }

    @Test("each language: keywords, types, builtins, strings, numbers, comments", arguments: [
        ("swift", "struct S: Codable { let n: Int = 0x1F } // note",
         "<kw>struct</kw> <type>S</type>: <type>Codable</type> { <kw>let</kw> n: <type>Int</type> = <num>0x1F</num> } <com>// note</com>\n"),
        ("python", "@dataclass\ndef f(x: int) -> str:  # c\n    return None",
         "<fn>@dataclass</fn>\n<kw>def</kw> f(x: <type>int</type>) -> <type>str</type>:  <com># c</com>\n    <kw>return</kw> <kw>None</kw>\n"),
        ("javascript", "let n = 42, s = 'q'; // c",
         "<kw>let</kw> n = <num>42</num>, s = <str>'q'</str>; <com>// c</com>\n"),
        ("ts", "interface P { name: string }",
         "<kw>interface</kw> <type>P</type> { name: <type>string</type> }\n"),
        ("bash", "for f in *.txt; do echo $1 ${HOME}; done # loop",
         "<kw>for</kw> f <kw>in</kw> *.txt; <kw>do</kw> <fn>echo</fn> <type>$1</type> <type>${HOME}</type>; <kw>done</kw> <com># loop</com>\n"),
        ("zsh", "echo a#b", "<fn>echo</fn> a#b\n"),
        ("json", "{\"key\": \"value\", \"n\": 1.5, \"ok\": false}",
         "{<type>\"key\"</type>: <str>\"value\"</str>, <type>\"n\"</type>: <num>1.5</num>, <type>\"ok\"</type>: <kw>false</kw>}\n"),
        ("yaml", "name: troupe # c\n- item: \"q\"",
         "<type>name</type>: troupe <com># c</com>\n- <type>item</type>: <str>\"q\"</str>\n"),
        ("sql", "SELECT count(*) FROM t WHERE x IS NULL; -- c",
         "<kw>SELECT</kw> <fn>count</fn>(*) <kw>FROM</kw> t <kw>WHERE</kw> x <kw>IS</kw> <kw>NULL</kw>; <com>-- c</com>\n"),
        ("c", "#include <stdio.h>\nint main(void) { return 0; }",
         "<kw>#include</kw> <str><stdio.h></str>\n<type>int</type> main(<type>void</type>) { <kw>return</kw> <num>0</num>; }\n"),
        ("cpp", "template <typename T> class V { auto p = nullptr; };",
         "<kw>template</kw> <<kw>typename</kw> <type>T</type>> <kw>class</kw> <type>V</type> { <kw>auto</kw> p = <kw>nullptr</kw>; };\n"),
        ("go", "func main() { x := []int{1}; fmt.Println(len(x), `raw`) }",
         "<kw>func</kw> main() { x := []<type>int</type>{<num>1</num>}; <fn>fmt</fn>.<type>Println</type>(<fn>len</fn>(x), <str>`raw`</str>) }\n"),
        ("rust", "fn f<'a>(x: &'a str) { let c = '\\n'; println!(\"{}\", x); }",
         "<kw>fn</kw> f<<type>'a</type>>(x: &<type>'a</type> <type>str</type>) { <kw>let</kw> c = <str>'\\n'</str>; <fn>println!</fn>(<str>\"{}\"</str>, x); }\n"),
    ])
    func languages(language: String, code: String, expected: String) {
        #expect(highlighted(language, code) == expected)
    }
}
