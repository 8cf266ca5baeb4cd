/// Realistic model replies that mix every construct the renderer handles. The split tests
/// cut each of them at every boundary.
enum SampleReplies {
    static let all: [(name: String, text: String)] = [
        ("overview", overview),
        ("code", code),
        ("tables", tables),
        ("lists and quotes", listsAndQuotes),
        ("edge cases", edgeCases),
        ("crlf", crlf),
        ("unicode", unicode),
    ]

    static let overview = """
        # Streaming replies in a terminal

        When a model answers, the shell receives the reply in **small pieces**, often only a few \
        bytes long. Rendering each piece as it arrives keeps the shell responsive, but it means \
        that every decision about *styling* has to wait until it is certain: a `**` that opens \
        bold text may never be closed, and a line that starts with `|` may or may not be a table.

        ## What the renderer does

        1. It wraps prose at word boundaries to the width of the terminal, here sixty columns.
        2. It keeps ***bold italic*** and ~~struck~~ spans together, and shows `inline **code**` \
        exactly as written.
           - Nested items get a hanging indent, so that wrapped lines line up under the text of \
        the item rather than under its bullet.
           - Links such as [the CommonMark spec](https://spec.commonmark.org/0.31.2/) show their \
        address dimmed; <https://example.com/autolink> and https://example.com/bare stay as they are.
        3. It never takes back what it has printed.

        > A quote can hold *emphasis* and can be nested:
        > > like this inner quote, which is long enough to wrap at least once at sixty columns.

        ---

        An unclosed *span stays literal, and so does a lone ** pair or a stray ` backtick.
        The last line has no newline and ends the reply
        """

    static let code = """
        Here is the Swift version:

        ```swift
        /// Counts words.
        struct Counter: Sendable {
            var total = 0 // running total
            mutating func add(_ text: String) -> Int {
                /* a block comment
                   over two lines */
                total += text.split(separator: " ").count
                return total * 2 + 0x1F
            }
        }
        let greeting = "hello \\(name)"
        ```

        And in Python, with a docstring that spans lines:

        ~~~python
        def count(text: str) -> int:
            \"\"\"Count the words
            in text.\"\"\"
            return len(text.split())  # words
        ~~~

        ```js
        const items = [1, 2, 3].map((x) => x * 2); // doubled
        const message = `template
        over lines`;
        ```

        ```bash
        # install and run
        export NAME="troupe" && echo "$NAME" ${HOME}/bin
        ```

        ```json
        {"name": "troupe", "count": 3, "ok": true, "none": null}
        ```

        ```yaml
        name: troupe
        tags:
          - cli # a comment
        enabled: true
        ```

        ```sql
        SELECT id, name FROM users WHERE age > 30 -- adults
        ORDER BY name;
        ```

        ```c
        #include <stdio.h>
        int main(void) { printf("%d\\n", 42); return 0; }
        ```

        ```go
        func main() { fmt.Println("hi", 3.5) }
        ```

        ```rust
        fn longest<'a>(x: &'a str) -> &'a str { println!("{}", 'c'); x }
        ```

        ```unknownlang
        some plain code
        ```

        ```
        no language at all
        ```
        """

    static let tables = """
        | Model | Tokens | Notes |
        |:------|-------:|:-----:|
        | gpt-4o | 1200 | **fast** |
        | o3-mini | 950 | `reasoning` and a pipe \\| inside |
        | local | 40 |
        Text after the table.

        | not a table because the next line is not an alignment row |
        just text

        | a very wide table | with many columns | that cannot fit | in sixty columns at all |
        |---|---|---|---|
        | one | two | three | four |

        - | a | b |
          |---|---|
          | 1 | 2 |
        """

    static let listsAndQuotes = """
        * first bullet with enough words to wrap around the sixty column limit of the test
          continued on an indented line
        * second bullet
          * nested bullet
            * third level with a long sentence that needs to wrap under its own text
        + plus bullet

        10. ten
        11) eleven

        - item with a paragraph

          and a second paragraph in the same item
        -
        - after an empty item

        > quoted list:
        > - one
        > - two
        lazy continuation line

        > > > deep
        >
        > back to one level

        - - nested on one line
        - > quote in a list
        ***
        * * *
        ___
        """

    static let edgeCases = """
        ####### seven hashes is text
        #hashtag is text
        #	heading with a tab
        ##
        \\*not emphasis\\* and \\`not code\\` and a trailing backslash \\
        Two spaces make a hard break:  
        this is the next line.
        **bold *nested italic* still bold** and *italic **nested bold***
        `` code with ` backtick `` and ``` three ```
        [not a link] and [broken](link with space) and [ok](u "title") and [](empty)
        snake_case_word and 2*3*4 and a * lone star and _under_ and __strong__
        ~single tilde~ and ~~double~~ and ~~~triple~~~
        <not an autolink> and <mailto:me@example.com> and <me@example.com>
        A very long word: Supercalifragilisticexpialidocious_supercalifragilisticexpialidocious_again
        www.example.com/path. and (https://example.com/in_parens) and https://x.com/a_b_.
        ```
        unclosed fence at the end
        """

    static let crlf = "# Title\r\n\r\nA paragraph with **bold**\r\nover two lines.\r\n\r\n- item\r\n- item two\r\n\r\n| a | b |\r\n|---|---|\r\n| 1 | 2 |\r\n\r\n```sh\r\necho hi\r\n```\r\nend\r\n"

    static let unicode = """
        Wide text: 日本語のテキストはとても長いので、六十列で折り返す必要があります。漢字とかなの混在。
        Emoji 🚀🚀 and flags 🇫🇷 and family 👨‍👩‍👧 and a keycap 1️⃣ and café with combining é.
        | 名前 | 値 |
        |---|---|
        | テスト | 🚀 |
        """
}
