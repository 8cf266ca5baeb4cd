import Foundation
import Testing
import TroupeCore
@testable import TroupeEval

@Suite("Reading promptfoo suites")
struct EvalSuiteLoaderTests {
    func load(_ yaml: String, in folder: ScratchDirectory) throws -> EvalSuite {
        let path = try folder.write(yaml, to: "promptfooconfig.yaml")
        return try EvalSuiteLoader().load(contentsOf: path)
    }

    @Test("prompts inline, from text files split on ---, JSON chat files, labelled, and template:NAME")
    func prompts() throws {
        let folder = try ScratchDirectory()
        try folder.write("First {{a}}\n---\nSecond {{a}}\n", to: "prompts/two.txt")
        try folder.write(#"[{"role": "system", "content": "Be {{tone}}."}, {"role": "user", "content": "{{q}}"}]"#, to: "chat.json")
        let suite = try load("""
            prompts:
              - 'Inline {{x}}'
              - file://prompts/two.txt
              - id: file://chat.json
                label: chatty
              - template:persona.system
            providers: [openai:gpt-4.1-mini]
            """, in: folder)
        #expect(suite.prompts.map(\.label) == ["Inline {{x}}", "prompts/two.txt: First {{a}}", "prompts/two.txt: Second {{a}}", "chatty", "template:persona.system"])
        guard case .chat(let parts) = suite.prompts[3].body else { Issue.record("not a chat prompt"); return }
        #expect(parts.map(\.role) == [.system, .user])
        #expect(try parts[0].content.render(["tone": "brief"]) == "Be brief.")
        #expect(suite.prompts[4].body == .template(name: "persona.system"))
    }

    @Test("providers: every id form, {id, label, config}, the keyed form, and prompt filters with label groups")
    func providers() throws {
        let folder = try ScratchDirectory()
        let suite = try load("""
            prompts:
              - {id: 'A {{x}}', label: 'formal:one'}
              - {id: 'B {{x}}', label: 'casual'}
            providers:
              - openai:gpt-4.1-mini
              - openai:chat:gpt-4o
              - id: azureopenai:chat:my-deployment
                label: azure one
                prompts: [formal]
                config: {apiHost: 'your-org.openai.azure.com', apiVersion: '2024-10-21', temperature: 0.2, max_tokens: 64, seed: 7, stop: ['END'], response_format: {type: json_object}}
              - azure:chat:other
              - local
              - local:models/tiny.gguf
              - openai:gpt-4o-mini:
                  label: keyed
                  config: {top_p: 0.5, apiBaseUrl: 'http://127.0.0.1:9/v1'}
            """, in: folder)
        #expect(suite.providers.map(\.api) == [.openai, .openai, .azure, .azure, .local, .local, .openai])
        #expect(suite.providers.map(\.model) == ["gpt-4.1-mini", "gpt-4o", "my-deployment", "other", "", "models/tiny.gguf", "gpt-4o-mini"])
        let azure = suite.providers[2]
        #expect(azure.displayName == "azure one")
        #expect(azure.apiHost == "your-org.openai.azure.com")
        #expect(azure.apiVersion == "2024-10-21")
        #expect(azure.parameters[.temperature] == 0.2)
        #expect(azure.parameters[.maxTokens] == 64)
        #expect(azure.parameters[.seed] == 7)
        #expect(azure.parameters[.stop] == ["END"])
        #expect(azure.responseFormat == .jsonObject)
        #expect(suite.prompts(for: azure).map(\.label) == ["formal:one"], "the label group formal matches formal:one")
        #expect(suite.prompts(for: suite.providers[0]).count == 2)
        #expect(suite.providers[6].label == "keyed")
        #expect(suite.providers[6].apiBaseURL == "http://127.0.0.1:9/v1")
        #expect(suite.providers[6].parameters[.topP] == 0.5)
    }

    @Test("list variables expand into every combination; defaultTest merges vars, assertions and threshold")
    func matrixAndDefaults() throws {
        let folder = try ScratchDirectory()
        let suite = try load("""
            prompts: ['{{lang}} {{word}}']
            providers: [openai:m]
            defaultTest:
              vars: {tone: plain, lang: overridden}
              assert: [{type: icontains, value: '{{word}}'}]
              threshold: 0.5
            tests:
              - description: matrix
                vars: {lang: [French, German], word: [a, b, c], nested: [1, 2]}
                assert: [{type: equals, value: x, weight: 2, metric: exact}]
              - vars: {lang: Spanish}
                threshold: 0.9
            """, in: folder)
        #expect(suite.tests.count == 7, "2 × 3 combinations, then one test (a list of numbers stays one value)")
        let combos = suite.tests.prefix(6).map { "\($0.vars["lang"]!.nunjucksText)-\($0.vars["word"]!.nunjucksText)" }
        #expect(combos == ["French-a", "French-b", "French-c", "German-a", "German-b", "German-c"])
        #expect(suite.tests[0].vars["nested"] == [1, 2])
        #expect(suite.tests[0].vars["tone"] == "plain")
        #expect(suite.tests[0].assertions.map(\.type) == ["icontains", "equals"])
        #expect(suite.tests[0].assertions[1].weight == 2)
        #expect(suite.tests[0].assertions[1].metric == "exact")
        #expect(suite.tests[0].threshold == 0.5)
        #expect(suite.tests[6].vars["lang"] == "Spanish")
        #expect(suite.tests[6].threshold == 0.9)
    }

    @Test("file:// variables: one file, or a glob giving one test per file")
    func fileVariables() throws {
        let folder = try ScratchDirectory()
        try folder.write("alpha", to: "articles/a.txt")
        try folder.write("beta", to: "articles/b.txt")
        try folder.write("note", to: "note.txt")
        let suite = try load("""
            prompts: ['{{article}}']
            providers: [openai:m]
            tests:
              - vars: {article: file://articles/*.txt, extra: file://note.txt}
            """, in: folder)
        #expect(suite.tests.count == 2)
        let resolved = try suite.tests.map { try EvalRunner.resolvedVariables($0.vars) }
        #expect(resolved.map { $0["article"] } == ["alpha", "beta"])
        #expect(resolved[0]["extra"] == "note")
    }

    @Test("tests from YAML and CSV files with __expected, __description, __metadata and __config columns")
    func testFiles() throws {
        let folder = try ScratchDirectory()
        try folder.write("- vars: {q: one}\n  assert: [{type: contains, value: o}]\n", to: "tests.yaml")
        try folder.write("""
            q,__expected,__expected1,__expected2,__description,__metadata:topic,__config:__expected2:threshold
            "two, quoted",contains: tw,not-icontains: SORRY,similar(0.8): two,Second,numbers,0.9
            three,Three,grade: is a number,,,,
            """, to: "tests.csv")
        let suite = try load("""
            prompts: ['{{q}}']
            providers: [openai:m]
            tests: [file://tests.yaml, file://tests.csv]
            """, in: folder)
        #expect(suite.tests.map { $0.vars["q"] } == ["one", "two, quoted", "three"])
        let second = suite.tests[1]
        #expect(second.description == "Second")
        #expect(second.metadata["topic"] == "numbers")
        #expect(second.assertions.map(\.typeName) == ["contains", "not-icontains", "similar"])
        #expect(second.assertions[2].threshold == 0.9, "__config:__expected2:threshold overrides similar(0.8)")
        #expect(second.assertions[2].value == "two")
        #expect(suite.tests[2].assertions.map(\.type) == ["equals", "llm-rubric"])
        #expect(suite.tests[2].assertions[1].value == "is a number")
    }

    @Test("assertionTemplates through $ref, with fields beside $ref applied")
    func references() throws {
        let folder = try ScratchDirectory()
        let suite = try load("""
            prompts: [p]
            providers: [openai:m]
            assertionTemplates:
              polite: {type: not-icontains, value: idiot}
            tests:
              - assert:
                  - $ref: '#/assertionTemplates/polite'
                    weight: 3
            """, in: folder)
        let assertion = try #require(suite.tests.first?.assertions.first)
        #expect(assertion.type == "icontains")
        #expect(assertion.negated)
        #expect(assertion.weight == 3)
    }

    @Test("a bad suite names the file, the line and what is wrong")
    func errors() throws {
        let folder = try ScratchDirectory()
        func message(_ yaml: String) -> String {
            do {
                _ = try load(yaml, in: folder)
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        let file = folder.file("promptfooconfig.yaml")
        #expect(message("prompts: [p]\nproviders:\n  - anthropic:messages:claude\n") == "\(file):3: the provider anthropic:messages:claude is not supported (openai:MODEL, openai:chat:MODEL, azureopenai:chat:DEPLOYMENT, azure:chat:DEPLOYMENT, local, local:GGUF)")
        #expect(message("prompts: [p]\nproviders: [openai:m]\ntests:\n  - vars: {a: 1}\n    assert:\n      - value: x\n") == "\(file):6: tests.[0].assert.[0].type is missing")
        #expect(message("prompts: ['{{ a | nope }}']\nproviders: [openai:m]\n").hasPrefix("\(file):1: the prompt {{ a | nope }}: line 1, column 1: the filter nope is not supported"))
        #expect(message("providers: [openai:m]\n") == "\(file):1: prompts is missing")
        #expect(message("prompts: [p]\nproviders: [openai:m]\ntests:\n  - assert:\n      - $ref: '#/assertionTemplates/none'\n") == "\(file):5: #/assertionTemplates/none names no assertion template")
        #expect(message("prompts: [p]\nproviders:\n  - id: openai:m\n    config: {temperature: 9}\n").hasPrefix("\(file):4: providers.[0].config.temperature should be"))
        #expect(message("prompts: [p\nproviders: x\n").hasPrefix("\(file):"), "a YAML syntax error keeps libyaml's place")
        #expect(message("prompts: [p]\nproviders: [openai:m]\ntests: file://missing/*.csv\n") == "\(file):3: file://missing/*.csv matches no file")
    }

    @Test("one-string checks as promptfoo reads them")
    func oneString() {
        #expect(EvalAssertion(oneString: "contains: Paris") == EvalAssertion(type: "contains", value: "Paris"))
        #expect(EvalAssertion(oneString: "not-icontains: sorry") == EvalAssertion(type: "icontains", negated: true, value: "sorry"))
        #expect(EvalAssertion(oneString: "similar(0.8): the sky") == EvalAssertion(type: "similar", value: "the sky", threshold: 0.8))
        #expect(EvalAssertion(oneString: "icontains-any: a, b ,c") == EvalAssertion(type: "icontains-any", value: ["a", "b", "c"]))
        #expect(EvalAssertion(oneString: "grade: is kind") == EvalAssertion(type: "llm-rubric", value: "is kind"))
        #expect(EvalAssertion(oneString: "is-json") == EvalAssertion(type: "is-json"))
        #expect(EvalAssertion(oneString: "latency(500)") == EvalAssertion(type: "latency", threshold: 500))
        #expect(EvalAssertion(oneString: "Paris: the capital") == EvalAssertion(type: "equals", value: "Paris: the capital"))
        #expect(EvalAssertion(oneString: "javascript: output.length > 3") == EvalAssertion(type: "javascript", value: "output.length > 3"))
        #expect(EvalAssertion(oneString: "similar(0.8): the sky").oneString == "similar(0.8): the sky")
    }
}
