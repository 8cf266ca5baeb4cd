import Foundation
import TroupeCore
import TroupeTestSupport
import Testing
@testable import TroupeShell

@Suite("/edit and /copy")
struct EditAndCopyCommandTests {
    static func editor(_ command: String) -> ExternalEditor {
        ExternalEditor(environment: ["PATH": "/usr/bin:/bin", "EDITOR": command])
    }

    @Test func editArguments() {
        #expect(SlashCommand.EditRequest(arguments: "") == .newMessage)
        #expect(SlashCommand.EditRequest(arguments: " 3 ") == .message(3))
        #expect(SlashCommand.EditRequest(arguments: "0") == nil)
        #expect(SlashCommand.EditRequest(arguments: "last") == nil)
    }

    @Test func editSendsWhatTheEditorSaved() async throws {
        let shell = try await ShellHarness.start(extraCommands: [.makeEdit(editor: Self.editor("printf 'from the editor' >"))])
        defer { Task { try await shell.shutdown() } }

        let printed = await shell.output(of: "/edit")

        #expect(printed.hasPrefix("> from the editor\nEcho: from the editor"), "\(printed)")
        #expect(await shell.messages.last == .assistant("Echo: from the editor"))
    }

    @Test func editStartsFromTheFailedMessage() async throws {
        let shell = try await ShellHarness.start(extraCommands: [.makeEdit(editor: Self.editor("sed -i s/old/new/"))])
        defer { Task { try await shell.shutdown() } }
        shell.server.enqueue(.error(status: 500, message: "The server had an error."))
        _ = await shell.output(of: "the old question")
        #expect(await shell.engine.failedMessage == .user("the old question"))

        let printed = await shell.output(of: "/edit")

        #expect(printed.contains("Echo: the new question"), "\(printed)")
        #expect(await shell.engine.failedMessage == nil)
        #expect(await shell.messages.map(\.content) == ["the new question", "Echo: the new question"])
    }

    @Test func anEmptySavedFileSendsNothingAndAFailureSaysWhy() async throws {
        let shell = try await ShellHarness.start(extraCommands: [.makeEdit(editor: Self.editor("true"))])
        defer { Task { try await shell.shutdown() } }
        #expect(await shell.output(of: "/edit") == "The saved message is empty: nothing sent.\n")
        #expect(shell.chatRequests.isEmpty)

        await shell.engine.register(.makeEdit(editor: Self.editor("exit 3;")))
        #expect(await shell.output(of: "/edit") == "error: the editor (exit 3;) exited with status 3; nothing was sent\n")
        #expect(await shell.output(of: "/edit 2") == "error: usage: /edit\n")
    }

    @Test func aNumberIsLeftToAnotherHandler() async throws {
        let shell = try await ShellHarness.start(extraCommands: [.makeEdit(editor: Self.editor("true"), numbered: { shell, number in
            shell.output.line("would edit message \(number)")
        })])
        defer { Task { try await shell.shutdown() } }
        #expect(await shell.output(of: "/edit 2") == "would edit message 2\n")
        #expect(await shell.output(of: "/edit two") == "error: usage: /edit [N]\n")
        #expect(await shell.output(of: "/edit").contains("nothing sent"))
        #expect(await shell.output(of: "/help edit").contains("/edit N edits message N"))
    }

    @Test func copyNeedsATerminal() async throws {
        let shell = try await ShellHarness.start()
        defer { Task { try await shell.shutdown() } }
        _ = await shell.output(of: "hello")
        #expect(await shell.output(of: "/copy").contains("error: the clipboard needs a terminal"))
    }

    @Test func copyWritesOSC52ForTheReplyAMessageOrTheLastCodeBlock() async throws {
        let shell = try await ShellHarness.start(interactive: true, extraCommands: [.makeCopy(environment: [:])])
        defer { Task { try await shell.shutdown() } }
        #expect(await shell.output(of: "/copy") == "error: nothing to copy: there is no reply yet\n")
        _ = await shell.output(of: "see\n```swift\nlet a = 1\n```\nand\n~~~\nprint(a)\n~~~")

        var printed = await shell.output(of: "/copy")
        let reply = "Echo: see\n```swift\nlet a = 1\n```\nand\n~~~\nprint(a)\n~~~"
        #expect(printed.hasPrefix(Clipboard.osc52(reply)), "\(printed.debugDescription)")
        #expect(printed.contains("Copied the last reply [2] (\(reply.count) characters) to the clipboard."))

        printed = await shell.output(of: "/copy code")
        #expect(printed.hasPrefix("\u{1B}]52;c;" + Data("print(a)".utf8).base64EncodedString() + "\u{07}"))
        printed = await shell.output(of: "/copy 1")
        #expect(printed.hasPrefix(Clipboard.osc52("see\n```swift\nlet a = 1\n```\nand\n~~~\nprint(a)\n~~~")))
        #expect(printed.contains("message [1]"))

        #expect(await shell.output(of: "/copy 3") == "error: no message 3: /history numbers them 1 to 2\n")
        #expect(await shell.output(of: "/copy everything") == "error: usage: /copy [N|code]\n")
        _ = await shell.output(of: "no code here")
        #expect(await shell.output(of: "/copy code") == "error: the last reply [4] has no fenced code block\n")
    }

    @Test func oscSequences() {
        #expect(Clipboard.osc52("hi") == "\u{1B}]52;c;aGk=\u{07}")
        #expect(Clipboard.tmuxPassthrough("\u{1B}]52;c;aGk=\u{07}") == "\u{1B}Ptmux;\u{1B}\u{1B}]52;c;aGk=\u{07}\u{1B}\\")
        #expect(Clipboard(environment: [:]).copy("hi") == .terminal("\u{1B}]52;c;aGk=\u{07}"))
        // Inside a tmux that cannot be reached, both forms are written.
        let unreachable = Clipboard(environment: ["TMUX": "/nonexistent/tmux-socket,1,0", "PATH": "/usr/bin:/bin"])
        #expect(unreachable.copy("hi") == .terminal(Clipboard.osc52("hi") + Clipboard.tmuxPassthrough(Clipboard.osc52("hi"))))
    }

    @Test func fencedCodeBlocks() {
        let text = """
            intro
            ```python
            print(1)
            ```
              ~~~~
              inner ``` not a fence end
              ~~~~
            ````
            last
              ```
            ````
            """
        #expect(FencedCodeBlock.all(in: text) == ["print(1)", "  inner ``` not a fence end", "last\n  ```"])
        #expect(FencedCodeBlock.last(in: "no code") == nil)
        #expect(FencedCodeBlock.last(in: "```\nleft open\nto the end") == "left open\nto the end")
        #expect(FencedCodeBlock.last(in: "inline ``` is not a fence") == nil)
    }
}
