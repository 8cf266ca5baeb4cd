import Foundation
import Testing
@testable import TroupeCore

@Suite("YAML reader")
struct YAMLReaderTests {
    let reader = YAMLReader()

    func read(_ text: String) throws -> JSONValue { try reader.read(text, file: "t.yaml").value }

    func failure(_ text: String, limits: YAMLReader.Limits = .init()) -> YAMLError? {
        do {
            _ = try YAMLReader(limits: limits).read(text, file: "t.yaml")
            return nil
        } catch {
            return error
        }
    }

    @Test func coreSchemaScalars() throws {
        let value = try read("""
            a: yes
            b: no
            c: on
            d: off
            e: true
            f: False
            g: null
            h: ~
            i:
            j: 0x1F
            k: 0o17
            l: -12
            m: 1.5e3
            n: .inf
            o: "12"
            p: '0.5'
            q: !!str 7
            r: !!float 3
            s: 2026-12-01
            t: .5
            u: +7
            """)
        let expected: JSONValue = [
            "a": "yes", "b": "no", "c": "on", "d": "off", "e": true, "f": false, "g": nil, "h": nil, "i": nil,
            "j": 31, "k": 15, "l": -12, "m": 1500, "n": .number(.infinity), "o": "12", "p": "0.5", "q": "7",
            "r": 3, "s": "2026-12-01", "t": 0.5, "u": 7,
        ]
        #expect(value == expected)
        if case .object(let object) = try read("x: .nan"), case .number(let number)? = object["x"] {
            #expect(number.isNaN)
        } else {
            Issue.record("expected NaN")
        }
    }

    @Test func collectionsAndLines() throws {
        let document = try reader.read("""
            # comment
            models:
              gpt-4o:
                context: 128000
                tags: [a, b]
              other: {x: 1}
            list:
              - one
              - two: 2
            """, file: "t.yaml")
        #expect(document.value == [
            "models": ["gpt-4o": ["context": 128000, "tags": ["a", "b"]], "other": ["x": 1]],
            "list": ["one", ["two": 2]],
        ])
        #expect(document.line(at: YAMLPath(keys: "models")) == 2)
        #expect(document.line(at: YAMLPath(keys: "models", "gpt-4o", "context")) == 4)
        #expect(document.line(at: YAMLPath(keys: "models", "other", "x")) == 6)
        #expect(document.line(at: YAMLPath([.key("list"), .index(1), .key("two")])) == 9)
        #expect(document.line(at: YAMLPath(keys: "nope")) == nil)
    }

    @Test func emptyTextIsNull() throws {
        #expect(try read("") == .null)
        #expect(try read("# only a comment\n") == .null)
    }

    @Test func aliasesWithinTheBudgetExpand() throws {
        let value = try read("base: &b {context: 1, input: 2}\ncopy: *b\nlist: [*b, *b]\n")
        let base: JSONValue = ["context": 1, "input": 2]
        #expect(value == ["base": base, "copy": base, "list": [base, base]])
    }

    @Test func duplicateKeysAreRefused() {
        let error = failure("a: 1\nb: 2\na: 3\n")
        #expect(error?.kind == .duplicateKey("a"))
        #expect(error?.line == 3)
    }

    @Test func deepFlowNestingFailsWithoutCrashing() {
        let depth = 4_000
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        let error = failure(text)
        #expect(error?.kind == .tooDeep(limit: 256))
    }

    @Test func deepBlockNestingFailsWithoutCrashing() {
        // "- - - - … x": 4,000 nested block sequences on one line.
        let text = String(repeating: "- ", count: 4_000) + "x\n"
        #expect(failure(text)?.kind == .tooDeep(limit: 256))
        var indented = ""
        for level in 0..<4_000 { indented += String(repeating: " ", count: level) + "k\(level):\n" }
        #expect(failure(indented)?.kind == .tooDeep(limit: 256))
    }

    @Test func depthLimitIsExact() throws {
        let ok = String(repeating: "[", count: 256) + String(repeating: "]", count: 256)
        #expect(failure(ok) == nil)
        let over = String(repeating: "[", count: 257) + String(repeating: "]", count: 257)
        #expect(failure(over)?.kind == .tooDeep(limit: 256))
        // An alias that would carry the nesting past the limit counts too.
        let viaAlias = "a: &a " + String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
            + "\nb: " + String(repeating: "[", count: 100) + "*a" + String(repeating: "]", count: 100) + "\n"
        #expect(failure(viaAlias)?.kind == .tooDeep(limit: 256))
    }

    @Test func aliasBombFailsFast() {
        // The classic "billion laughs": each level refers to the one before nine times.
        var text = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        let names = ["b", "c", "d", "e", "f", "g", "h", "i"]
        var previous = "a"
        for name in names {
            text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]\n"
            previous = name
        }
        #expect(text.utf8.count < 1_024)
        let clock = ContinuousClock()
        var error: YAMLError?
        let elapsed = clock.measure { error = failure(text) }
        #expect(error?.kind == .tooManyNodes(limit: 100_000))
        #expect(elapsed < .milliseconds(100), "took \(elapsed)")
    }

    @Test func nodeLimitCountsPlainNodesToo() {
        let text = "[" + Array(repeating: "1", count: 200).joined(separator: ",") + "]"
        #expect(failure(text, limits: .init(maxDepth: 256, maxNodes: 100))?.kind == .tooManyNodes(limit: 100))
        #expect(failure(text, limits: .init(maxDepth: 256, maxNodes: 201)) == nil)
    }

    @Test func otherErrors() {
        #expect(failure("a: *nowhere\n")?.kind == .undefinedAlias("nowhere"))
        #expect(failure("a: 1\n---\nb: 2\n")?.kind == .multipleDocuments)
        #expect(failure("? [a, b]\n: 1\n")?.kind == .nonScalarKey)
        #expect(failure("a: !custom 1\n")?.kind == .unsupportedTag("!custom"))
        #expect(failure("a: !!int abc\n")?.kind == .invalidScalar(tag: "!!int", text: "abc"))
        let syntax = failure("a: [1, 2\nb: 3\n")
        guard case .syntax? = syntax?.kind else {
            Issue.record("expected a syntax error, got \(String(describing: syntax))")
            return
        }
        #expect(syntax?.line == 2 || syntax?.line == 3)
        #expect(syntax?.description.hasPrefix("t.yaml:") == true)
    }

    @Test func unreadableFile() {
        do {
            _ = try reader.read(contentsOf: "/nonexistent/dir/models.yaml")
            Issue.record("expected an error")
        } catch {
            guard case .unreadable = error.kind else {
                Issue.record("got \(error)")
                return
            }
            #expect(error.file == "/nonexistent/dir/models.yaml")
        }
    }
}
