import Foundation
import Testing

/// `troupe render`, run as the built binary from a scratch directory.
@Suite("troupe render (binary)")
struct RenderCommandTests {
    private func run(_ arguments: [String], in directory: String) async throws -> TroupeBinary.Result {
        try await TroupeBinary.run(arguments, in: directory)
    }

    @Test("renders a built-in template with --var pairs, from any directory")
    func builtIn() async throws {
        let directory = try TroupeBinary.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try await run(["render", "persona.system", "--var", "name=Ana", "--var", "age=34",
                                   "--var", #"traits=["kind","curious"]"#, "--var", "occupation.title=nurse"], in: directory)
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.hasPrefix("── system · persona.system (built-in: builtin:persona.system.mustache) + persona.rules · "))
        #expect(result.out.contains(" tokens\n# Agent specification\n"))
        #expect(result.out.hasSuffix("── counted in o200k_base (gpt-4.1-mini); a request adds 3 tokens for the reply\n"), "\(result.out)")
        #expect(result.out.contains("Your name is Ana, you are 34 years old.\nYou work as nurse.\n"))
        #expect(result.out.contains("## Personality\n\n  - kind\n  - curious\n"))
        #expect(result.err.contains("note: sections not given (treated as false): nationality,"))
    }

    @Test("--json prints the exact messages; --vars reads YAML and --var overrides it")
    func json() async throws {
        let directory = try TroupeBinary.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory + "/Templates", withIntermediateDirectories: true)
        try "Hi {{who.name}} ({{who.age}})".write(toFile: directory + "/Templates/s.mustache", atomically: true, encoding: .utf8)
        try "{{#items}}{{.}};{{/items}}".write(toFile: directory + "/Templates/u.mustache", atomically: true, encoding: .utf8)
        try "who:\n  name: Ana <x>\n  age: 34\nitems: [a, b]\n".write(toFile: directory + "/v.yaml", atomically: true, encoding: .utf8)
        let result = try await run(["render", "s", "--user", "u.mustache", "--vars", "v.yaml", "--var", "who.name=R&D", "--json"], in: directory)
        #expect(result.status == 0, "\(result.err)")
        let messages = try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [[String: String]]
        #expect(messages == [["role": "system", "content": "Hi R&amp;D (34)"], ["role": "user", "content": "a;b;"]])
        let raw = try await run(["render", "s", "--vars", "v.yaml", "--no-escape", "--json"], in: directory)
        #expect(raw.out.contains(#""Hi Ana <x> (34)""#), "\(raw.out)")
    }

    @Test("--list shows project, TEMPLATES_DIR and built-in templates in search order")
    func list() async throws {
        let directory = try TroupeBinary.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for folder in ["Templates", "extra"] {
            try FileManager.default.createDirectory(atPath: "\(directory)/\(folder)", withIntermediateDirectories: true)
        }
        try "mine".write(toFile: directory + "/Templates/persona.system.mustache", atomically: true, encoding: .utf8)
        try "extra".write(toFile: directory + "/extra/notes.mustache", atomically: true, encoding: .utf8)
        try "[OpenAI]\nTEMPLATES_DIR=\(directory)/extra\n".write(toFile: directory + "/t.ini", atomically: true, encoding: .utf8)
        let result = try await run(["render", "--list", "--config", "t.ini"], in: directory)
        #expect(result.status == 0, "\(result.err)")
        let lines = result.out.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("persona.system    project") == true, "\(result.out)")
        #expect(lines.dropFirst().first?.contains("TEMPLATES_DIR") == true)
        #expect(lines.contains { $0.hasPrefix("persona.system    built-in") && $0.hasSuffix("(shadowed)") })
        let rendered = try await run(["render", "persona.system", "--config", "t.ini"], in: directory)
        #expect(rendered.out.contains("\nmine\n"))
        let notes = try await run(["render", "notes", "--config", "t.ini"], in: directory)
        #expect(notes.out.contains("(TEMPLATES_DIR: \(directory)/extra/notes.mustache)"), "\(notes.out)")
    }

    @Test("errors exit non-zero with an actionable message; --allow-missing turns missing names into warnings")
    func errors() async throws {
        let directory = try TroupeBinary.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let missing = try await run(["render", "persona.system", "--var", "name=Ana"], in: directory)
        #expect(missing.status != 0)
        #expect(missing.err.contains("uses a variable you did not give:\n  - age (used at persona.system:"), "\(missing.err)")
        // The command line words what to do with its own flags.
        #expect(missing.err.contains("--var NAME=VALUE") && missing.err.contains("--allow-missing"), "\(missing.err)")
        let allowed = try await run(["render", "persona.system", "--var", "name=Ana", "--allow-missing"], in: directory)
        #expect(allowed.status == 0)
        #expect(allowed.out.contains("Your name is Ana, you are  years old."))
        #expect(allowed.err.contains("warning: persona.system:"))
        let typo = try await run(["render", "sumarize.system"], in: directory)
        #expect(typo.status != 0)
        #expect(typo.err.contains("Did you mean 'summarize.system'?"), "\(typo.err)")
        #expect(typo.err.contains("troupe render --list"), "\(typo.err)")
        let badPair = try await run(["render", "persona.system", "--var", "oops"], in: directory)
        #expect(badPair.status != 0)
        #expect(badPair.err.contains("NAME=VALUE"))
    }
}
