import Testing
import TroupeCore

@Suite("Piped input and the prompt")
struct PipedPromptTests {
    @Test func inputThenABlankLineThenThePrompt() {
        #expect(PipedPrompt.message(input: "line 1\nline 2\n", prompt: "summarize") == "line 1\nline 2\n\nsummarize")
        #expect(PipedPrompt.message(input: "no newline", prompt: "summarize") == "no newline\n\nsummarize")
        #expect(PipedPrompt.message(input: "  indented\n\n\n", prompt: "p") == "  indented\n\np")
    }

    @Test func emptyInputIsIgnored() {
        #expect(PipedPrompt.message(input: "", prompt: "hello") == "hello")
        #expect(PipedPrompt.message(input: " \n\t\n", prompt: "hello") == "hello")
        #expect(PipedPrompt.message(input: "", prompt: nil) == nil)
        #expect(PipedPrompt.message(input: "\n", prompt: "") == nil)
    }

    @Test func withNoPromptTheInputIsThePrompt() {
        #expect(PipedPrompt.message(input: "what is 2+2?\n", prompt: nil) == "what is 2+2?")
        #expect(PipedPrompt.message(input: "what is 2+2?", prompt: "") == "what is 2+2?")
    }

    @Test func aTerminalIsNotRead() {
        #expect(PipedPrompt.message(input: nil, prompt: "hi") == "hi")
        #expect(PipedPrompt.message(input: nil, prompt: nil) == nil)
    }
}
