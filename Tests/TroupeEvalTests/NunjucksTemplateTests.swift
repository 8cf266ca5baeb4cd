import Testing
import TroupeCore
@testable import TroupeEval

@Suite("Nunjucks prompts")
struct NunjucksTemplateTests {
    func render(_ text: String, _ vars: [String: JSONValue] = [:]) throws -> String {
        try NunjucksTemplate(text).render(vars)
    }

    @Test("plain and dotted variables, parentheses, literals and indexing")
    func variables() throws {
        let vars: [String: JSONValue] = ["name": "Ana", "user": ["city": "Lyon", "tags": ["a", "b"]], "n": 3]
        #expect(try render("Hi {{ name }} from {{user.city}}!", vars) == "Hi Ana from Lyon!")
        #expect(try render("{{ user['city'] }} {{ user.tags[1] }} {{ (n + 1) * 2 }}", vars) == "Lyon b 8")
        #expect(try render("{{ missing }}|{{ missing.deep }}|{{ none }}", vars) == "||")
        #expect(try render("{{ 'a' ~ name ~ \"}}\" }}", vars) == "aAna}}")
        #expect(try render("{{ user.tags }} {{ 0.5 }} {{ 2.0 }} {{ true }}", vars) == "a,b 0.5 2 true")
    }

    @Test("if, elif, else and for with loop variables and else")
    func blocks() throws {
        let template = "{% for item in items %}{{ loop.index }}:{{ item }}{% if not loop.last %}, {% endif %}{% else %}none{% endfor %}"
        #expect(try render(template, ["items": ["x", "y", "z"]]) == "1:x, 2:y, 3:z")
        #expect(try render(template, ["items": []]) == "none")
        let branches = "{% if n > 5 %}big{% elif n == 5 %}five{% else %}small{% endif %}"
        #expect(try render(branches, ["n": 9]) == "big")
        #expect(try render(branches, ["n": 5]) == "five")
        #expect(try render(branches, ["n": 1]) == "small")
        #expect(try render("{% for k, v in o %}{{ k }}={{ v }};{% endfor %}", ["o": ["b": 2, "a": 1]]) == "a=1;b=2;")
        #expect(try render("{% set x = 'A' | lower %}{{ x }}{{ 'b' if x == 'a' else 'c' }}") == "ab")
        #expect(try render("{% if 'pa' in word and word != 'x' %}yes{% endif %}", ["word": "paris"]) == "yes")
    }

    @Test("the filters suites use, with Nunjucks' argument syntax")
    func filters() throws {
        let vars: [String: JSONValue] = ["raw": "{\"city\": \"Oslo\", \"list\": [1, 2]}", "words": ["a", "b", "c"], "text": "  Hi There "]
        #expect(try render("{{ (raw | load).city }} {{ (raw | load).list | length }}", vars) == "Oslo 2")
        #expect(try render("{{ words | join(', ') }}|{{ words | join }}|{{ words | length }}", vars) == "a, b, c|abc|3")
        #expect(try render("{{ text | trim | upper }}|{{ text | trim | lower }}", vars) == "HI THERE|hi there")
        #expect(try render("{{ nothing | default('fallback') }}|{{ '' | default('x', true) }}|{{ '' | default('x') }}", vars) == "fallback|x|")
        #expect(try render("{{ words | dump }}|{{ {'a': 1} | dump }}", vars) == "[\"a\",\"b\",\"c\"]|{\"a\":1}")
        #expect(try render("{{ words | first }}{{ words | last }}{{ 'ab' | replace('a', 'x') | capitalize }}", vars) == "acXb")
    }

    @Test("whitespace control and comments")
    func whitespace() throws {
        #expect(try render("a  {{- 'b' -}}  c{# note #}d") == "abcd")
        #expect(try render("{% for x in xs -%}\n  {{ x }}\n{%- endfor %}", ["xs": ["1", "2"]]) == "12")
    }

    @Test("anything outside the subset is an error when parsed, with its line")
    func unsupported() {
        #expect(throws: NunjucksError(.unsupportedFilter("wordcount"), line: 2, column: 1)) {
            try NunjucksTemplate("line one\n{{ text | wordcount }}")
        }
        #expect(throws: NunjucksError(.unsupportedTag("include"), line: 1, column: 1)) {
            try NunjucksTemplate("{% include 'x.njk' %}")
        }
        #expect(throws: NunjucksError(.unsupportedExpression("calling a function"), line: 1, column: 1)) {
            try NunjucksTemplate("{{ range(3) }}")
        }
        #expect(throws: NunjucksError.self) { try NunjucksTemplate("{% if x %}open") }
        #expect(throws: NunjucksError.self) { try NunjucksTemplate("{{ x ") }
        #expect(throws: NunjucksError.self) { try NunjucksTemplate("{% endfor %}") }
    }

    @Test("load on text that is not JSON fails at render time, naming the filter")
    func loadFailure() throws {
        let template = try NunjucksTemplate("{{ raw | load }}")
        #expect(throws: NunjucksError.self) { try template.render(["raw": "not json"]) }
        #expect(try template.render(["raw": ["already": "parsed"]]) == "{\"already\":\"parsed\"}")
    }
}
