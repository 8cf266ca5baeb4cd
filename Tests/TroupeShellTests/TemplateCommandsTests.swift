import Foundation
import Testing
import TroupeCore
import TroupeTestSupport
@testable import TroupeShell

/// `/templates`, `/render`, `/template`, `/vars` and `/var` against the local test server, with
/// templates in a TEMPLATES_DIR folder of the test's own.
@Suite("Template commands")
struct TemplateCommandsTests {
    /// A folder of templates whose names the shipped ones do not use.
    static func templatesFolder() throws -> String {
        let folder = NSTemporaryDirectory() + "troupe-template-commands-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let files = [
            "tt-greet.mustache": "You greet {{name}}.{{#tone}} Tone: {{tone}}.{{/tone}}",
            "tt-pair.system.mustache": "You are {{persona.name}}, {{persona.age}} years old.",
            "tt-pair.user.mustache": "Tell me about {{topic}}:\n{{#points}}- {{.}}\n{{/points}}",
            "tt-ask.mustache": "Question: {{topic}}",
        ]
        for (name, text) in files {
            try text.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8)
        }
        return folder
    }

    /// Runs `body` with a shell whose TEMPLATES_DIR is a fresh ``templatesFolder()``.
    static func withShell(
        messages: [ChatMessage] = [], _ body: (ShellHarness, String) async throws -> Void
    ) async throws {
        let folder = try templatesFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let shell = try await ShellHarness.start(messages: messages) { config in
            try config.set(.templatesDirectories, to: folder, source: .flag)
        }
        do {
            try await body(shell, folder)
        } catch {
            try? await shell.shutdown()
            throw error
        }
        try await shell.shutdown()
    }

    @Test func templatesListsEachFolderAndTheShippedOnes() async throws {
        try await Self.withShell { shell, folder in
            let listing = await shell.output(of: "/templates")
            #expect(listing.contains("tt-greet"))
            #expect(listing.contains("TEMPLATES_DIR  \(folder)/tt-greet.mustache"))
            #expect(listing.contains("persona.system"))
            #expect(listing.contains("Searched: "))
            #expect(listing.contains("\(folder) (TEMPLATES_DIR)"))
        }
    }

    @Test func renderShowsMessagesAndTokensAndSendsNothing() async throws {
        try await Self.withShell { shell, folder in
            let printed = await shell.output(of: #"/render tt-pair persona.name=Ana persona.age=34 topic="tea and cakes" points=["one", "two"]"#)
            #expect(printed.contains("── system · tt-pair.system (TEMPLATES_DIR: \(folder)/tt-pair.system.mustache)"), "\(printed)")
            #expect(printed.contains("You are Ana, 34 years old."))
            #expect(printed.contains("Tell me about tea and cakes:\n- one\n- two"))
            // The per-message counts of ChatTokenCount (checked against tiktoken's ids in its own tests).
            let counts = TemplateListing.tokenCounts(
                [.system("You are Ana, 34 years old."), .user("Tell me about tea and cakes:\n- one\n- two")], model: "gpt-4o-mini")
            #expect(printed.contains("· \(counts[0]) tokens"))
            #expect(printed.contains("── \(counts[0] + counts[1]) tokens in 2 messages"))
            #expect(printed.contains("nothing was sent"))
            #expect(shell.chatRequests.isEmpty)
            #expect(await shell.messages.isEmpty)
        }
    }

    @Test func missingVariablesAreErrorsOrWithAllowMissingWarnings() async throws {
        try await Self.withShell { shell, folder in
            let failed = await shell.output(of: "/template tt-greet")
            #expect(failed.contains("name"), "\(failed)")
            #expect(failed.contains("tt-greet"), "\(failed)")
            #expect(shell.chatRequests.isEmpty)

            let allowed = await shell.output(of: "/render tt-greet --allow-missing")
            #expect(allowed.contains("warning: tt-greet:1:11: 'name' is not given"), "\(allowed)")
            #expect(allowed.contains("You greet ."))

            let unknown = await shell.output(of: "/render tt-gret name=x")
            #expect(unknown.contains("Did you mean 'tt-greet'?"), "\(unknown)")
        }
    }

    @Test func variablesInForceApplyToLaterRendersAndPairsOverrideThem() async throws {
        try await Self.withShell { shell, folder in
            #expect(await shell.output(of: "/vars").contains("No template variables"))
            _ = await shell.output(of: #"/var name="Ana Lima" tone=warm persona.age=34"#)
            let listed = await shell.output(of: "/vars")
            #expect(listed.contains(#"name="Ana Lima""#), "\(listed)")
            #expect(listed.contains(#"persona={"age":34}"#), "\(listed)")
            #expect(await shell.output(of: "/var persona.age") == "persona.age=34\n")

            #expect(await shell.output(of: "/render tt-greet").contains("You greet Ana Lima. Tone: warm."))
            #expect(await shell.output(of: "/render tt-greet name=Bo").contains("You greet Bo. Tone: warm."))
            // A pair on /render is for that render only.
            #expect(await shell.output(of: "/render tt-greet").contains("You greet Ana Lima."))

            _ = await shell.output(of: "/var --unset tone")
            #expect(await shell.output(of: "/render tt-greet").contains("You greet Ana Lima.\n"))

            let file = folder + "/vars.yaml"
            try "name: Cy\npersona:\n  name: Dee\n".write(toFile: file, atomically: true, encoding: .utf8)
            #expect(await shell.output(of: "/vars \(file)").contains("Loaded 2 variable(s)"))
            #expect(await engineVariable(shell, "persona.age") == .number(34), "a file merges into objects")
            #expect(await engineVariable(shell, "persona.name") == .string("Dee"))
            #expect(await shell.output(of: "/vars --clear", "/vars").contains("No template variables"))

            #expect(await shell.output(of: "/var name").contains("name is not set"))
            #expect(await shell.output(of: "/var name=x bare").contains("'bare' needs the form NAME=VALUE"))
        }
    }

    @Test func templateStartsANewConversationAndSendsTheRenderedMessages() async throws {
        try await Self.withShell(messages: [.system("old system"), .user("old"), .assistant("old reply")]) { shell, folder in
            shell.server.enqueue(.stream(chunks: ["Tea ", "is good."]))

            let printed = await shell.output(of: "/template tt-pair persona.name=Ana persona.age=34 topic=tea points=[]")
            #expect(printed.contains("New conversation: system message from tt-pair.system"), "\(printed)")
            #expect(printed.contains("Tea is good."))

            let sent = ShellHarness.sentMessages(try #require(shell.chatRequests.last))
            #expect(sent == [["system", "You are Ana, 34 years old."], ["user", "Tell me about tea:"]])
            #expect(await shell.messages == [
                .system("You are Ana, 34 years old."), .user("Tell me about tea:"), .assistant("Tea is good."),
            ])
            // The turn records the template and its variables for /save.
            let turn = try #require(await shell.engine.sessions.turns.last)
            #expect(turn.template?.name == "tt-pair.user")
            #expect(turn.template?.variables["topic"] == .string("tea"))
            #expect(turn.template?.variables["persona"] == .object(["name": .string("Ana"), "age": .number(34)]))
        }
    }

    @Test func templateWithOnlyASystemMessageWaitsForTheFirstMessage() async throws {
        try await Self.withShell(messages: [.user("old"), .assistant("old reply")]) { shell, folder in
            let printed = await shell.output(of: "/template tt-greet name=Ana")
            #expect(printed.contains("Type your first message"), "\(printed)")
            #expect(await shell.messages == [.system("You greet Ana.")])
            #expect(shell.chatRequests.isEmpty)
        }
    }

    @Test func templateWithUserSendsTheNextTurnOfTheConversation() async throws {
        try await Self.withShell(messages: [.system("Be brief."), .user("hi"), .assistant("hello")]) { shell, folder in
            shell.server.enqueue(.stream(chunks: ["Green."]))

            _ = await shell.output(of: #"/template --user tt-ask topic="which tea?""#)

            let sent = ShellHarness.sentMessages(try #require(shell.chatRequests.last))
            #expect(sent == [["system", "Be brief."], ["user", "hi"], ["assistant", "hello"], ["user", "Question: which tea?"]])
            #expect(await shell.messages.suffix(2) == [.user("Question: which tea?"), .assistant("Green.")])
            #expect(await shell.engine.sessions.turns.last?.template?.name == "tt-ask")
        }
    }

    @Test func anEditedTemplateIsReadAtTheNextRender() async throws {
        try await Self.withShell { shell, folder in
            #expect(await shell.output(of: "/render tt-greet name=Ana").contains("You greet Ana."))
            try "Hello {{name}}!".write(toFile: folder + "/tt-greet.mustache", atomically: true, encoding: .utf8)
            #expect(await shell.output(of: "/render tt-greet.mustache name=Ana").contains("Hello Ana!"))
        }
    }

    @Test func completionOffersTemplateAndVariableNames() async throws {
        try await Self.withShell { shell, folder in
            let engine = shell.engine

            #expect(engine.completions(forLineBeforeCursor: "/render tt-").contains("tt-greet"))
            #expect(engine.completions(forLineBeforeCursor: "/template tt-").contains("tt-pair.system"))
            let variables = engine.completions(forLineBeforeCursor: "/render tt-greet ")
            #expect(variables.contains("name="))
            #expect(variables.contains("tone="))
            #expect(variables.contains("--allow-missing"))
            // A pair name stands for NAME.system and NAME.user: the names of both are offered.
            let pair = engine.completions(forLineBeforeCursor: "/template tt-pair persona.name=Ana ")
            #expect(pair.contains("topic="))
            #expect(pair.contains("points="))
            #expect(!pair.contains("persona.name="), "a name already given is not offered again")

            _ = await shell.output(of: "/render tt-ask --allow-missing", "/var mood=calm")
            let vars = engine.completions(forLineBeforeCursor: "/var ")
            #expect(vars.contains("topic="), "names of a template rendered before")
            #expect(vars.contains("mood="), "names in force")
            #expect(engine.completions(forLineBeforeCursor: "/var --unset ").contains("mood"))
            #expect(CompletionOutcome(lineBeforeCursor: "/var to", candidates: vars) == .insert("pic="))
        }
    }

    @Test func argumentsKeepQuotedTextAndJSONTogether() throws {
        #expect(try CommandWords.split(#"a=1  b="two words" c=["x", "y"] d={"k": [1, 2]} e='it is'"#)
            == ["a=1", #"b="two words""#, #"c=["x", "y"]"#, #"d={"k": [1, 2]}"#, "e=it is"])
        #expect(try CommandWords.split(#"q="say \"hi\" now""#) == [#"q="say \"hi\" now""#])
        #expect(throws: ShellCommandError.self) { try CommandWords.split(#"a="open"#) }

        let parsed = try TemplateArguments(parsing: "sys usr k=v --allow-missing", synopsis: "")
        #expect(parsed.name == "sys" && parsed.userTemplate == "usr" && parsed.pairs == ["k=v"] && parsed.allowMissing)
        #expect(throws: ShellCommandError.self) { try TemplateArguments(parsing: "a b c", synopsis: "") }
        #expect(throws: ShellCommandError.self) { try TemplateArguments(parsing: "a --bogus", synopsis: "") }
        #expect(throws: ShellCommandError.usage("/render NAME")) { try TemplateArguments(parsing: "k=v", synopsis: "/render NAME") }
    }

    private func engineVariable(_ shell: ShellHarness, _ path: String) async -> JSONValue? {
        await shell.engine.templateVariables[path: path]
    }
}
