import Testing
import TroupeCore

/// Local prompt counting, as the Chat Completions API reports `prompt_tokens`.
@Suite("Chat token counts")
struct ChatTokenCountTests {
    let conversation: [ChatMessage] = [.system("You are a helpful assistant."), .user("hello world"), .assistant("Hi")]

    @Test func eachMessageAndTheRequestAsTheAPICountsThem() {
        // o200k_base: 3 per message + role + content; "You are a helpful assistant." is 6 tokens.
        #expect(conversation.map { ChatTokenCount.tokens(of: $0, model: "gpt-4o-mini") } == [10, 6, 5])
        #expect(ChatTokenCount.promptTokens(conversation, model: "gpt-4o-mini") == 24)
        #expect(ChatTokenCount.promptTokens([], model: "gpt-4o-mini") == ChatTokenCount.replyPriming)
    }

    @Test func theModelPicksTheEncoding() {
        #expect(ChatTokenCount.encodingName(for: "gpt-4o-2024-08-06") == "o200k_base")
        #expect(ChatTokenCount.encodingName(for: "gpt-4") == "cl100k_base")
        #expect(ChatTokenCount.encodingName(for: "my-local-model") == "o200k_base")
        // "hello world" is two tokens in both encodings.
        #expect(ChatTokenCount.completionTokens("hello world", model: "gpt-3.5-turbo") == 2)
    }

    @Test func aNameIsCounted() {
        var named = ChatMessage.user("hello world")
        named.name = "ana"
        #expect(ChatTokenCount.tokens(of: named, model: "gpt-4o") > ChatTokenCount.tokens(of: .user("hello world"), model: "gpt-4o"))
    }
}
