import Foundation
import Testing
@testable import TroupeCore

@Suite("Templates: variables")
struct TemplatesVariablesTests {
    @Test("k=v values are JSON when they parse as JSON, text otherwise")
    func pairValues() throws {
        let variables = try TemplateVariables(pairs: [
            "name=Ana", "age=34", "height=1.68", "member=true", "none=null", #"quoted="34""#,
            #"traits=["kind","curious"]"#, #"job={"title":"engineer"}"#, "zip=01234", "empty=",
            "sentence=hello world", "eq=a=b", " spaced = 7 ",
        ])
        #expect(variables.values == [
            "name": .string("Ana"), "age": .number(34), "height": .number(1.68), "member": .bool(true),
            "none": .null, "quoted": .string("34"),
            "traits": .array([.string("kind"), .string("curious")]),
            "job": .object(["title": .string("engineer")]),
            "zip": .string("01234"), "empty": .string(""), "sentence": .string("hello world"),
            "eq": .string("a=b"), "spaced": .number(7),
        ])
    }

    @Test("dotted keys build nested objects and keep sibling keys; a later pair wins")
    func dottedKeys() throws {
        var variables = try TemplateVariables(pairs: ["persona.name=Ana", "persona.age=34", "persona.style.tone=warm", "x=1", "x.y=2", "a=1", "a=2"])
        #expect(variables.values == [
            "persona": .object(["name": .string("Ana"), "age": .number(34), "style": .object(["tone": .string("warm")])]),
            "x": .object(["y": .number(2)]),
            "a": .number(2),
        ])
        #expect(variables[path: "persona.style.tone"] == .string("warm"))
        #expect(variables[path: "persona.nope"] == nil)
        #expect(variables.paths == ["a", "persona", "persona.age", "persona.name", "persona.style", "persona.style.tone", "x", "x.y"])
        let removedTone = variables.remove("persona.style.tone")
        #expect(removedTone)
        #expect(variables[path: "persona.style"] == .object([:]))
        let removedAgain = variables.remove("persona.style.tone")
        #expect(!removedAgain)
        let removedA = variables.remove("a")
        #expect(removedA)
        #expect(variables[path: "a"] == nil)
    }

    @Test("a JSON file and a YAML file give the same variables, with YAML's types")
    func files() throws {
        let folders = try TemplateFolders()
        let json = try folders.write("""
            {"name": "Ana", "age": 34, "ratio": 0.5, "ok": true, "none": null, "quoted": "34",
             "traits": ["kind", "curious"], "job": {"title": "engineer", "tags": [{"t": 1}]}}
            """, to: "v.json", in: "vars")
        let yaml = try folders.write("""
            # comment
            name: Ana
            age: 34
            ratio: 0.5
            ok: true
            none: ~
            quoted: "34"
            traits: [kind, curious]
            job:
              title: engineer
              tags:
                - t: 1
            """, to: "v.yaml", in: "vars")
        let noExtension = try folders.write("name: Ana\nage: 34\n", to: "vars", in: "vars")
        let fromJSON = try TemplateVariables(contentsOfFile: json)
        let fromYAML = try TemplateVariables(contentsOfFile: yaml)
        #expect(fromJSON == fromYAML)
        #expect(fromYAML.values["none"] == .null)
        #expect(fromYAML.values["quoted"] == .string("34"))
        #expect(try TemplateVariables(contentsOfFile: noExtension).values == ["name": .string("Ana"), "age": .number(34)])
        #expect(try TemplateVariables(yaml: "").isEmpty)
    }

    @Test("pairs override the file, merging into nested objects")
    func pairsOverrideFile() throws {
        let folders = try TemplateFolders()
        let file = try folders.write(#"{"persona": {"name": "Ana", "age": 34}, "topic": "rain"}"#, to: "v.json", in: "vars")
        let variables = try TemplateVariables.from(file: file, pairs: ["persona.name=Rui", "extra=1"])
        #expect(variables.values == [
            "persona": .object(["name": .string("Rui"), "age": .number(34)]),
            "topic": .string("rain"),
            "extra": .number(1),
        ])
        #expect(try TemplateVariables.from(file: nil, pairs: ["a=1"]).values == ["a": .number(1)])
    }

    @Test("values render as the shell shows them")
    func displayText() {
        #expect(JSONValue.string("Ana").displayText == "Ana")
        #expect(JSONValue.number(34).displayText == "34")
        #expect(JSONValue.array([.string("a/b"), .bool(true)]).displayText == #"["a/b",true]"#)
        #expect(JSONValue.object(["b": .null, "a": .number(1.5)]).displayText == #"{"a":1.5,"b":null}"#)
    }
}
