import Foundation
import TroupeTestSupport

/// Suites shaped like two of promptfoo's published examples (`examples/getting-started` and
/// `examples/simple-csv`), written here in troupe's own words with the same structure and
/// features, and a test server that answers them as a translating model would.
enum PromptfooExamples {
    /// getting-started: two inline prompts, two `openai:` providers, two tests with
    /// `contains` and `icontains`.
    static let gettingStarted: [String: String] = [
        "promptfooconfig.yaml": """
            description: 'First steps'
            prompts:
              - 'Convert this English to {{language}}: {{input}}'
              - 'Translate to {{language}}: {{input}}'
            providers:
              - openai:gpt-4.1
              - openai:o4-mini
            tests:
              - vars:
                  language: French
                  input: Hello world
                assert:
                  - type: contains
                    value: 'Bonjour le monde'
              - vars:
                  language: Spanish
                  input: Where is the library?
                assert:
                  - type: icontains
                    value: 'Dónde está la biblioteca'

            """,
    ]

    /// simple-csv: a prompt file with two prompts split by `---`, one using `load` inside
    /// parentheses on a JSON variable, and tests from a CSV file whose `__expected` column holds
    /// one-string checks written without a space after the colon.
    static let simpleCSV: [String: String] = [
        "promptfooconfig.yaml": """
            description: A translator checked from a table
            prompts:
              - file://prompts.txt
            providers:
              - openai:gpt-3.5-turbo
            tests: file://tests.csv

            """,
        "prompts.txt": """
            You translate text. Keep to this style:
            - Tone: {{ (style_config | load).tone }}
            - Length: {{ (style_config | load).length }}

            Say this in {{language}}:
            "{{body}}"
            ---
            You chat in many languages. Style settings: {{style_config}}.

            Put this into {{language}}, casually:
            "{{body}}"

            """,
        "tests.csv": """
            language,body,style_config,__expected
            French,"Hello world","{""tone"":""formal"",""length"":""brief""}","icontains:bonjour"
            French,"I'm hungry","{""tone"":""casual"",""length"":""brief"",""formatting"":{""bullets"":true}}","icontains:faim"
            Pirate,"Hello world","{""tone"":""authentic"",""length"":""moderate""}","icontains:Ahoy"
            Pirate,"I'm hungry","{""tone"":""authentic"",""length"":""moderate"",""formatting"":{""bullets"":false}}","icontains:grub"

            """,
    ]

    /// Writes `files` into `directory`.
    static func write(_ files: [String: String], to directory: String) throws {
        for (name, text) in files {
            try text.write(toFile: directory + "/" + name, atomically: true, encoding: .utf8)
        }
    }

    /// Answers chat requests as a translator would for these suites' inputs.
    static func translator(_ request: RecordedRequest) -> TestResponse? {
        guard request.path.hasSuffix("/chat/completions"), let text = request.lastUserMessage else { return nil }
        let hello = text.contains("Hello world"), hungry = text.contains("hungry")
        if text.contains("French") { return .chat(content: hello ? "Bonjour le monde !" : hungry ? "J'ai faim." : "Bonjour") }
        if text.contains("Spanish") { return .chat(content: "¿Dónde está la biblioteca?") }
        if text.contains("Pirate") { return .chat(content: hello ? "Ahoy, world!" : "Where be me grub?") }
        return nil
    }
}
