import Foundation
import Testing

/// Reading and editing in a real terminal (tmux) with the real binary: bracketed paste, keys,
/// multi-line history, type-ahead during a reply, the external editor, the clipboard and a
/// resize while a long line is edited.
@Suite("Shell editing in a terminal", .serialized)
struct ShellEditingTests {
    static let status = "gpt-4o-mini · openai ·"

    @Test func aPasteIsOneMessageAndComesBackWholeWithUp() async throws {
        guard let shell = try await TerminalShell.start() else { return }
        defer { shell.stop() }
        let tmux = shell.tmux

        // Three lines pasted: shown in the line, not sent.
        try tmux.type("about: ")
        try tmux.paste("first line\nsecond line\nthird line\n")
        var screen = try await shell.waitForInput("about: first line\nsecond line\nthird line")
        #expect(!screen.contains("Echo:"), "a paste should not be sent before Enter: \(screen)")
        try tmux.send("Enter")
        screen = try await shell.waitForEmptyPrompt { $0.contains(Self.status) }
        #expect(screen.contains("Echo: about: first line\nsecond line\nthird line\n"), "\(screen)")
        #expect(TerminalShell.count(Self.status, in: screen) == 1, "one message, one reply: \(screen)")

        // Up brings the whole message back; Ctrl-C with the cursor on its first row drops it
        // below its last row.
        try tmux.send("Up")
        try await shell.waitForInput("about: first line\nsecond line\nthird line")
        try tmux.send("C-a")
        try tmux.send("C-c")
        screen = try await shell.waitForEmptyPrompt { $0.contains("third line^C") }
        #expect(screen.contains("third line^C\n>"), "\(screen)")

        // A pasted single line (with its newline) is inserted, not sent.
        try tmux.paste("only one line\n")
        try await shell.waitForInput("only one line")
        try tmux.type(" and more")
        try tmux.send("Enter")
        screen = try await shell.waitForEmptyPrompt { $0.contains("Echo: only one line and more") }
        #expect(TerminalShell.count(Self.status, in: screen) == 2, "\(screen)")

        // A """ block is one history entry too.
        for line in ["\"\"\"", "alpha", "beta", "\"\"\""] {
            try tmux.type(line)
            try tmux.send("Enter")
        }
        try await shell.waitForEmptyPrompt { $0.contains("Echo: alpha\nbeta") }
        try tmux.send("Up")
        try await shell.waitForInput("alpha\nbeta")
        try tmux.send("C-u")

        // The history file keeps the line breaks (libedit writes them as \012).
        try await shell.waitForInput("")
        try tmux.send("C-d")
        let deadline = ContinuousClock.now + .seconds(10)
        while try !tmux.paneIsDead(), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        let history = try String(contentsOfFile: shell.home + "/.local/share/troupe/history", encoding: .utf8)
        #expect(history.contains("about:\\040first\\040line\\012second\\040line\\012third\\040line"), "\(history)")
        #expect(history.contains("alpha\\012beta"), "\(history)")
    }

    /// Each key's bytes, where the cursor is before it (end or start of `abc def ghi`), and
    /// the line after typing `X` once the key has acted.
    static let keys: [(name: String, bytes: String, fromStart: Bool, expected: String)] = [
        ("Home CSI H", "\u{1B}[H", false, "Xabc def ghi"),
        ("Home 1~", "\u{1B}[1~", false, "Xabc def ghi"),
        ("Home 7~", "\u{1B}[7~", false, "Xabc def ghi"),
        ("Home SS3 H", "\u{1B}OH", false, "Xabc def ghi"),
        ("End CSI F", "\u{1B}[F", true, "abc def ghiX"),
        ("End 4~", "\u{1B}[4~", true, "abc def ghiX"),
        ("End 8~", "\u{1B}[8~", true, "abc def ghiX"),
        ("End SS3 F", "\u{1B}OF", true, "abc def ghiX"),
        ("Ctrl-Left", "\u{1B}[1;5D", false, "abc def Xghi"),
        ("Alt-Left", "\u{1B}[1;3D", false, "abc def Xghi"),
        ("Alt-b", "\u{1B}b", false, "abc def Xghi"),
        ("Ctrl-Right", "\u{1B}[1;5C", true, "abcX def ghi"),
        ("Alt-Right", "\u{1B}[1;3C", true, "abcX def ghi"),
        ("Alt-f", "\u{1B}f", true, "abcX def ghi"),
        ("Delete", "\u{1B}[3~", true, "Xbc def ghi"),
        ("PageUp", "\u{1B}[5~", false, "abc def ghiX"),
        ("PageDown", "\u{1B}[6~", false, "abc def ghiX"),
        ("Insert", "\u{1B}[2~", false, "abc def ghiX"),
        ("F5", "\u{1B}[15~", false, "abc def ghiX"),
        ("Ctrl-Up", "\u{1B}[1;5A", false, "abc def ghiX"),
        ("Shift-Tab", "\u{1B}[Z", false, "abc def ghiX"),
    ]

    @Test func keysMoveTheCursorAndInsertNoJunk() async throws {
        guard let shell = try await TerminalShell.start() else { return }
        defer { shell.stop() }
        let tmux = shell.tmux

        for key in Self.keys {
            try tmux.type("abc def ghi")
            if key.fromStart { try tmux.send("C-a") }
            try tmux.sendBytes(key.bytes)
            try tmux.type("X")
            let screen = try await shell.waitForInput(key.expected)
            #expect(TerminalShell.input(on: screen) == key.expected, "\(key.name): \(screen)")
            try tmux.send("C-e", "C-u")
            try await shell.waitForInput("")
        }
        // The forms tmux itself sends for the named keys.
        for (name, expected, fromStart) in [("Home", "Xabc def ghi", false), ("End", "abc def ghiX", true),
                                            ("C-Left", "abc def Xghi", false), ("M-Right", "abcX def ghi", true),
                                            ("DC", "Xbc def ghi", true), ("PPage", "abc def ghiX", false)] {
            try tmux.type("abc def ghi")
            if fromStart { try tmux.send("C-a") }
            try tmux.send(name)
            try tmux.type("X")
            let screen = try await shell.waitForInput(expected)
            #expect(TerminalShell.input(on: screen) == expected, "\(name): \(screen)")
            try tmux.send("C-e", "C-u")
            try await shell.waitForInput("")
        }
        // Delete on an empty line deletes nothing and does not quit.
        try tmux.sendBytes("\u{1B}[3~")
        try tmux.type("still here")
        try await shell.waitForInput("still here")
        #expect(try !tmux.paneIsDead())
    }

    @Test func keysTypedDuringAReplyWaitForTheNextPrompt() async throws {
        // 60 chunks 50 ms apart: 3 s of streaming.
        guard let shell = try await TerminalShell.start(serverArguments: ["--chunks", "60", "--chunk-delay-ms", "50"]) else { return }
        defer { shell.stop() }
        let tmux = shell.tmux

        try tmux.type("one two")
        try tmux.send("Enter")
        var screen = try await tmux.wait { $0.contains("Echo: one") }
        #expect(!screen.contains(Self.status), "the reply should still stream: \(screen)")
        try tmux.type("typed ahead")
        try tmux.send("Enter")
        try tmux.type("second line")
        screen = try await tmux.wait { $0.contains(Self.status) && TerminalShell.input(on: $0) == "typed ahead\nsecond line" }
        #expect(TerminalShell.input(on: screen) == "typed ahead\nsecond line", "\(screen)")
        let replyText = screen.range(of: "Echo: one").map { screen[$0.lowerBound...].components(separatedBy: Self.status)[0] } ?? ""
        #expect(!replyText.isEmpty && !replyText.contains("typed"), "nothing typed lands in the reply: \(screen)")
        #expect(TerminalShell.count(Self.status, in: screen) == 1, "Enter typed ahead does not send: \(screen)")

        // The waiting text is edited and sent as usual.
        try tmux.send("C-a")
        try tmux.type("then ")
        try tmux.send("Enter")
        screen = try await tmux.wait { TerminalShell.count(Self.status, in: $0) == 2 && ShellTerminalTests.showsEmptyPrompt($0) }
        #expect(screen.contains("Echo: then typed ahead\nsecond line"), "\(screen)")

        // Ctrl-C still stops a reply, and what was typed before it is kept.
        try tmux.type("long one")
        try tmux.send("Enter")
        _ = try await tmux.wait { $0.contains("Echo: long") }
        try tmux.type("kept")
        try tmux.send("C-c")
        screen = try await tmux.wait { $0.contains("· cut") && TerminalShell.input(on: $0) == "kept" }
        #expect(screen.contains("[reply cut with Ctrl-C"), "\(screen)")
        #expect(TerminalShell.input(on: screen) == "kept", "\(screen)")

        // Ctrl-D typed during a reply acts at the next prompt as there: on an empty line it
        // ends the shell, once the reply is done and counted.
        try tmux.send("C-u", "Enter")
        try tmux.type("last one")
        try tmux.send("Enter")
        _ = try await tmux.wait { $0.contains("Echo: last") }
        try tmux.send("C-d")
        let deadline = ContinuousClock.now + .seconds(20)
        while try !tmux.paneIsDead(), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(try tmux.paneIsDead(), "Ctrl-D typed during the reply should end the shell after it")
        screen = try tmux.screen()
        #expect(TerminalShell.count(Self.status, in: screen) == 4, "the reply finished first: \(screen)")
    }

    @Test func ctrlXCtrlEAndEditRunTheEditor() async throws {
        // sed edits what is there; an empty file (/edit alone) gets a line of its own.
        let editor = "sh -c 'if [ -s \"$1\" ]; then sed -i s/old/new/ \"$1\"; else echo \"from the editor\" > \"$1\"; fi' sh"
        guard let shell = try await TerminalShell.start(environment: ["EDITOR": editor]) else { return }
        defer { shell.stop() }
        let tmux = shell.tmux

        try tmux.type("say old thing")
        try tmux.send("C-x", "C-e")
        var screen = try await shell.waitForEmptyPrompt { $0.contains(Self.status) }
        #expect(screen.contains("> say new thing\nEcho: say new thing"), "\(screen)")

        try tmux.type("/edit")
        try tmux.send("Enter")
        screen = try await shell.waitForEmptyPrompt { TerminalShell.count(Self.status, in: $0) == 2 }
        #expect(screen.contains("> from the editor\nEcho: from the editor"), "\(screen)")

        // The terminal is back in the editor's mode: keys edit the line.
        try tmux.type("abc")
        try tmux.send("C-a")
        try tmux.type("X")
        try await shell.waitForInput("Xabc")
        try tmux.send("C-u")

        // An editor that saves an empty file sends nothing.
        shell.tmux.kill()
        guard let emptying = try await TerminalShell.start(environment: ["EDITOR": "sed -i d"]) else { return }
        defer { emptying.stop() }
        try emptying.tmux.type("drop me")
        try emptying.tmux.send("C-x", "C-e")
        screen = try await emptying.waitForEmptyPrompt { $0.contains("nothing sent") }
        #expect(!screen.contains("Echo:"), "\(screen)")
    }

    @Test func copyPutsTheReplyOnTheClipboard() async throws {
        // Outside tmux (TMUX empty): the OSC 52 sequence itself, which this tmux turns into a
        // buffer because set-clipboard is on.
        guard let shell = try await TerminalShell.start(environment: ["TMUX": ""]) else { return }
        defer { shell.stop() }
        try shell.tmux.run(["set-option", "-g", "set-clipboard", "on"])
        try shell.tmux.type("hello clipboard")
        try shell.tmux.send("Enter")
        try await shell.waitForEmptyPrompt { $0.contains(Self.status) }
        try shell.tmux.type("/copy")
        try shell.tmux.send("Enter")
        let screen = try await shell.waitForEmptyPrompt { $0.contains("Copied the last reply") }
        #expect(screen.contains("to the clipboard."), "\(screen)")
        #expect(try shell.tmux.run(["show-buffer"]).trimmingCharacters(in: .newlines) == "Echo: hello clipboard")

        // Inside tmux (TMUX set, tmux's default set-clipboard): through tmux load-buffer -w.
        shell.tmux.kill()
        guard let inside = try await TerminalShell.start() else { return }
        defer { inside.stop() }
        try inside.tmux.type("inside tmux")
        try inside.tmux.send("Enter")
        try await inside.waitForEmptyPrompt { $0.contains(Self.status) }
        try inside.tmux.type("/copy 1")
        try inside.tmux.send("Enter")
        try await inside.waitForEmptyPrompt { $0.contains("Copied message [1]") }
        #expect(try inside.tmux.run(["show-buffer"]).trimmingCharacters(in: .newlines) == "inside tmux")
    }

    @Test func aResizeWhileEditingALongLineKeepsTheDisplayRight() async throws {
        guard let shell = try await TerminalShell.start(width: 100, height: 20) else { return }
        defer { shell.stop() }
        let tmux = shell.tmux
        let text = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen"
        try tmux.type(text)
        try await shell.waitForInput(text)
        // The pane gets narrower (a split beside it), then the line is edited at its start.
        try tmux.resize(width: 40, height: 20)
        _ = try await tmux.wait { _ in (try? tmux.run(["display-message", "-p", "-t", tmux.session, "#{window_width}"])) == "40\n" }
        try tmux.send("C-a")
        try tmux.type("XYZ ")
        _ = try await tmux.wait { _ in
            (try? tmux.visibleScreen())?.contains("> XYZ " + text) == true
        }
        let visible = try tmux.visibleScreen()
        #expect(visible.contains("> XYZ " + text), "every word should show: \(visible)")
        #expect(TerminalShell.count("one two", in: visible) == 1, "\(visible)")
    }

    @Test func theTerminalIsGivenBackOnEveryWayOut() async throws {
        // After Ctrl-D, after SIGTERM and while the editor runs: cooked mode (typed lines are
        // echoed) and bracketed paste off (a paste is not wrapped in ESC[200~ … ESC[201~).
        // troupe's pid is found through /proc (Linux); elsewhere only Ctrl-D is tried.
        let exits = FileManager.default.fileExists(atPath: "/proc/self/status") ? ["Ctrl-D", "SIGTERM"] : ["Ctrl-D"]
        for exit in exits {
            guard let shell = try await TerminalShell.start(thenRun: "cat -v") else { return }
            defer { shell.stop() }
            if exit == "Ctrl-D" {
                try shell.tmux.send("C-d")
            } else {
                let shellPID = try shell.tmux.run(["display-message", "-p", "-t", shell.tmux.session, "#{pane_pid}"])
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                let children = try String(contentsOfFile: "/proc/\(shellPID)/task/\(shellPID)/children", encoding: .utf8)
                let troupe = try #require(children.split(separator: " ").first.flatMap { Int32($0) })
                kill(troupe, SIGTERM)
            }
            // cat runs once troupe is gone and the sh wrapper has no more to do.
            let tmux = shell.tmux
            _ = try await tmux.wait(timeout: .seconds(10)) { _ in
                (try? tmux.run(["display-message", "-p", "-t", tmux.session, "#{pane_current_command}"]))?.hasPrefix("cat") == true
            }
            try shell.tmux.paste("after exit\n")
            let screen = try await shell.tmux.wait { TerminalShell.count("after exit", in: $0) >= 2 }
            #expect(TerminalShell.count("after exit", in: screen) >= 2, "\(exit): the line is echoed, then printed: \(screen)")
            #expect(!screen.contains("[200~"), "\(exit): bracketed paste is off: \(screen)")
        }

        let editor = "sh -c 'head -n 1 > \"$1\"' sh"
        guard let shell = try await TerminalShell.start(environment: ["EDITOR": editor]) else { return }
        defer { shell.stop() }
        try shell.tmux.type("/edit")
        try shell.tmux.send("Enter")
        try await Task.sleep(for: .milliseconds(300))
        try shell.tmux.paste("pasted in the editor\n")
        let screen = try await shell.waitForEmptyPrompt { $0.contains(Self.status) }
        #expect(screen.contains("Echo: pasted in the editor\n"), "\(screen)")
        #expect(!screen.contains("[200~"), "\(screen)")
    }

    @Test func aTerminalTypeWithoutTerminfoEntryStillEditsWrappedLines() async throws {
        guard let shell = try await TerminalShell.start(environment: ["TERM": "tmux-256color-not-installed"], width: 40, height: 20)
        else { return }
        defer { shell.stop() }
        let text = "one two three four five six seven eight nine ten eleven twelve thirteen"
        try shell.tmux.type(text)
        try await shell.waitForInput(text)
        try shell.tmux.send("C-a")
        try shell.tmux.type("XYZ ")
        _ = try await shell.tmux.wait { _ in (try? shell.tmux.visibleScreen())?.contains("> XYZ " + text) == true }
        let visible = try shell.tmux.visibleScreen()
        #expect(visible.contains("> XYZ " + text), "\(visible)")
        #expect(!visible.contains("No entry for terminal type"), "\(visible)")
    }
}
