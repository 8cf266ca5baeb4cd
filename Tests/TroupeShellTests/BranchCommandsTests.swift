import Foundation
import Testing
import TroupeCore
import TroupeTestSupport
@testable import TroupeShell

/// `/fork`, `/switch`, `/branches`, `/undo N`, `/regenerate` and `/edit N` on the conversation
/// tree, against the local test server; saving keeps every branch.
@Suite("Shell: branches")
struct BranchCommandsTests {
    @Test func forkAndSwitchKeepBothConversations() async throws {
        let shell = try await ShellHarness.start()
        defer { Task { try await shell.shutdown() } }
        await shell.type("one")
        let forked = await shell.output(of: "/fork idea")
        #expect(forked.contains("Branch idea starts here, from main after 2 message(s)"), "\(forked)")
        await shell.type("two on idea")
        _ = await shell.output(of: "/switch main")
        #expect(await shell.messages.map(\.content) == ["one", "Echo: one"])
        await shell.type("two on main")
        let listing = await shell.output(of: "/branches")
        #expect(listing.contains("* 1 main  4 message(s)"), "\(listing)")
        #expect(listing.contains("2 idea  4 message(s)  from [3] user: two on idea"), "\(listing)")
        let history = await shell.output(of: "/history")
        #expect(history.contains("── here idea went another way (/switch)\n[3] user"), "\(history)")
        _ = await shell.output(of: "/switch 2")
        #expect(await shell.messages.last?.content == "Echo: two on idea")
        #expect(await shell.output(of: "/switch nowhere").contains("no branch “nowhere”"))
        #expect(await shell.output(of: "/fork idea").contains("already exists"))
    }

    @Test func undoRegenerateAndRetryKeepWhatTheyReplace() async throws {
        let shell = try await ShellHarness.start()
        defer { Task { try await shell.shutdown() } }
        shell.server.enqueue(.chat(content: "a1"), .chat(content: "a2"), .chat(content: "a3"), .chat(content: "a2 again"))
        await shell.type("q1", "q2", "q3")
        let undone = await shell.output(of: "/undo 2")
        #expect(undone.contains("The dropped exchanges are kept on branch b1"), "\(undone)")
        #expect(await shell.messages.map(\.content) == ["q1", "a1"])
        #expect(await shell.engine.tree.branches[1].messages.count == 6)
        await shell.type("q2")
        let regenerated = await shell.output(of: "/regenerate")
        #expect(regenerated.contains("The earlier reply is kept on branch b2"), "\(regenerated)")
        #expect(await shell.engine.tree.branches.map(\.name) == ["main", "b1", "b2"])
        // Regenerating asked for a new sample: the server saw a request each time.
        #expect(shell.server.requests.count == 5)
    }

    /// `/edit N` with a non-interactive editor: the edited user message gets a new reply and
    /// the conversation before the edit stays on a branch.
    @Test func editingAnEarlierMessageBranches() async throws {
        let shell = try await ShellHarness.start()
        defer { Task { try await shell.shutdown() } }
        await shell.type("/system Be brief.", "the old question", "a follow-up")
        let editor = ExternalEditor(environment: ["EDITOR": "sed -i s/old/new/", "PATH": "/usr/bin:/bin"])
        _ = await shell.recorder.take()
        try await shell.engine.editMessage(2, editor: editor)
        let printed = shell.recorder.take()
        #expect(printed.contains("The conversation before the edit is kept on branch b1"), "\(printed)")
        #expect(await shell.messages.map(\.content) == ["Be brief.", "the new question", "Echo: the new question"])
        #expect(await shell.engine.tree.branches[1].messages.count == 5)

        // An edited system message re-sends the next user message.
        let system = ExternalEditor(environment: ["EDITOR": "sed -i s/brief/terse/", "PATH": "/usr/bin:/bin"])
        try await shell.engine.editMessage(1, editor: system)
        #expect(await shell.messages.map(\.content) == ["Be terse.", "the new question", "Echo: the new question"])
        #expect(ShellHarness.sentMessages(try #require(shell.chatRequests.last)).first == ["system", "Be terse."])
        await #expect(throws: ShellCommandError.self) { try await shell.engine.editMessage(9, editor: editor) }
    }

    /// A saved session holds every branch, and loading it brings them back.
    @Test func sessionsSaveTheWholeTree() async throws {
        let shell = try await ShellHarness.start(extraCommands: SlashCommand.sessionCommands)
        defer { Task { try await shell.shutdown() } }
        let store = SessionStore(directory: URL(fileURLWithPath: shell.directory + "/sessions"))
        await shell.engine.updateSessions { $0.store = store }
        await shell.type("first", "/fork side", "on the side", "/switch main", "on main")
        let printed = await shell.output(of: "/save tree")
        let saved = try #require(try? store.load("tree"), "\(printed)")
        #expect(saved.formatVersion == 2)
        #expect(saved.tree.branches.map(\.name) == ["main", "side"])
        #expect(saved.tree.current.name == "main")
        #expect(saved.tree.branches[1].turns.map(\.user.content) == ["first", "on the side"])
        await shell.type("/clear", "/load tree")
        #expect(await shell.engine.tree.branches.count == 2)
        #expect(await shell.messages.last?.content == "Echo: on main")
    }
}
