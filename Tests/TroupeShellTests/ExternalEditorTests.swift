import Foundation
import Testing
@testable import TroupeShell

@Suite("External editor")
struct ExternalEditorTests {
    static let path = ["PATH": "/usr/bin:/bin"]

    @Test func visualThenEditorThenVi() {
        #expect(ExternalEditor(environment: ["VISUAL": "code --wait", "EDITOR": "nano"]).command == "code --wait")
        #expect(ExternalEditor(environment: ["VISUAL": "  ", "EDITOR": "nano"]).command == "nano")
        #expect(ExternalEditor(environment: [:]).command == "vi")
    }

    @Test func thePathIsOneQuotedArgumentAfterTheSetting() {
        let editor = ExternalEditor(environment: ["EDITOR": "sed -i s/old/new/"])
        #expect(editor.commandLine(path: "/tmp/it's here.md") == "sed -i s/old/new/ '/tmp/it'\\''s here.md'")
    }

    @Test func whatIsSavedComesBackWithoutItsFinalNewline() throws {
        let editor = ExternalEditor(environment: Self.path.merging(["EDITOR": "sed -i s/old/new/"]) { $1 })
        #expect(try editor.edit("an old line\nand another old one") == "an new line\nand another new one")
        // The editor starts from an empty file when there is no text.
        let writer = ExternalEditor(environment: Self.path.merging(["EDITOR": "printf 'written\\r\\n\\n' >"]) { $1 })
        #expect(try writer.edit("") == "written")
    }

    @Test func aFailingEditorIsAnErrorWithItsStatus() {
        let failing = ExternalEditor(environment: Self.path.merging(["EDITOR": "false"]) { $1 })
        #expect(throws: ExternalEditorError.failed(command: "false", status: 1)) { try failing.edit("text") }
        let missing = ExternalEditor(environment: Self.path.merging(["EDITOR": "no-such-editor-here"]) { $1 })
        #expect(throws: ExternalEditorError.failed(command: "no-such-editor-here", status: 127)) { try missing.edit("text") }
        #expect(ExternalEditorError.failed(command: "vi", status: 127).description.contains("VISUAL or EDITOR"))
    }

    @Test func theTemporaryFileIsRemoved() async throws {
        let list = NSTemporaryDirectory() + "troupe-editor-test-\(UUID().uuidString)"
        defer { unlink(list) }
        // The "editor" records the path it was given.
        let editor = ExternalEditor(environment: Self.path.merging(["EDITOR": "sh -c 'echo \"$0\" > \(list)'"]) { $1 })
        #expect(try await editor.editInBackground("draft") == "draft")
        let edited = try String(contentsOfFile: list, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(edited.hasSuffix(".md"))
        #expect(!FileManager.default.fileExists(atPath: edited))
    }
}
