import Testing
@testable import TroupeTokenizer

@Suite("Encoding API: special tokens, bytes, decoding, models, chat counting")
struct EncodingAPITests {
    let text = "hi<|endoftext|>there<|endofprompt|>!"

    @Test("special tokens are recognised only when allowed (ids from tiktoken)")
    func specialTokens() {
        #expect(Encoding.cl100kBase.encode(text, allowedSpecial: .all) == [6151, 100257, 19041, 100276, 0])
        #expect(Encoding.cl100kBase.encode(text, allowedSpecial: .only(["<|endofprompt|>"]))
            == [6151, 27, 91, 8862, 728, 428, 91, 29, 19041, 100276, 0])
        #expect(Encoding.cl100kBase.encode(text)
            == [6151, 27, 91, 8862, 728, 428, 91, 29, 19041, 27, 91, 408, 1073, 41681, 91, 29, 0])
        #expect(Encoding.o200kBase.encode(text, allowedSpecial: .all) == [3686, 199999, 31813, 200018, 0])
        #expect(Encoding.o200kBase.encode(text, allowedSpecial: .only(["<|endofprompt|>"]))
            == [3686, 27, 91, 419, 1440, 919, 91, 29, 31813, 200018, 0])
        #expect(Encoding.o200kBase.encodeOrdinary(text)
            == [3686, 27, 91, 419, 1440, 919, 91, 29, 31813, 27, 91, 419, 1440, 82467, 91, 29, 0])
        #expect(Encoding.o200kBase.count(text, allowedSpecial: .all) == 5)
        #expect(Encoding.cl100kBase.specialTokens["<|fim_suffix|>"] == 100260)
    }

    @Test("special tokens decode to their text")
    func decodeSpecial() throws {
        #expect(try Encoding.o200kBase.decodeText([3686, 199999, 31813, 200018, 0]) == text)
    }

    @Test("invalid UTF-8 is replaced by U+FFFD as Python's decode(errors='replace') (ids from tiktoken)")
    func invalidUTF8() {
        let bytes: [UInt8] = [0xFF, 0xFE] + Array("abc".utf8) + [0xC3, 0x20, 0xE2, 0x82]
            + Array(" ok ".utf8) + [0xED, 0xA0, 0x80]
        #expect(Encoding.cl100kBase.encode(bytes: bytes) == [10178, 13997, 5809, 30433, 5509, 220, 58432])
        #expect(Encoding.o200kBase.encode(bytes: bytes) == [10123, 26682, 3251, 28151, 4763, 220, 72387])
        #expect(Encoding.o200kBase.count(bytes: bytes) == 7)
    }

    @Test("decoding unknown ids throws; partial characters decode with U+FFFD")
    func decodeErrors() throws {
        #expect(throws: TokenizerError.unknownTokenID(100_300, encoding: "cl100k_base")) {
            try Encoding.cl100kBase.decode([100_300])
        }
        #expect(throws: TokenizerError.unknownTokenID(-1, encoding: "o200k_base")) {
            try Encoding.o200kBase.decode([-1])
        }
        #expect(try Encoding.cl100kBase.decode([9906, 11, 1917, 0]) == Array("Hello, world!".utf8))
        // "😀" is several byte tokens; the first alone is an incomplete character.
        let ids = Encoding.cl100kBase.encode("😀")
        #expect(ids.count > 1)
        #expect(try Encoding.cl100kBase.decodeText([ids[0]]) == "\u{FFFD}")
    }

    @Test("encoding names")
    func names() throws {
        #expect(try Encoding.named("cl100k_base") == .cl100kBase)
        #expect(try Encoding.named("o200k_base") == .o200kBase)
        #expect(throws: TokenizerError.unknownEncoding("p50k_base")) { try Encoding.named("p50k_base") }
        #expect(Encoding.cl100kBase.ordinaryTokenCount == 100_256)
        #expect(Encoding.o200kBase.ordinaryTokenCount == 199_998)
    }

    @Test("models map to encodings as in tiktoken; unknown models fall back with a note")
    func models() throws {
        for model in ["gpt-4o", "gpt-4o-2024-08-06", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-nano", "gpt-4.5",
                      "gpt-4.5-preview", "gpt-5", "gpt-5-mini", "o1", "o1-preview", "o3", "o3-mini", "o4-mini",
                      "o4-mini-2025-04-16", "chatgpt-4o-latest", "ft:gpt-4o:org::id"] {
            let (encoding, note) = Encoding.forModel(model)
            #expect(encoding == .o200kBase, "\(model)")
            #expect(note == nil, "\(model)")
        }
        for model in ["gpt-4", "gpt-4-0613", "gpt-4-32k", "gpt-4-turbo", "gpt-3.5-turbo", "gpt-3.5-turbo-0301",
                      "gpt-35-turbo-16k", "text-embedding-3-small", "text-embedding-3-large",
                      "text-embedding-ada-002", "ft:gpt-3.5-turbo:org::id"] {
            let (encoding, note) = Encoding.forModel(model)
            #expect(encoding == .cl100kBase, "\(model)")
            #expect(note == nil, "\(model)")
        }
        let (encoding, note) = Encoding.forModel("my-local-llama")
        #expect(encoding == .o200kBase)
        #expect(note?.contains("my-local-llama") == true)
        #expect(try Encoding.resolve(encoding: nil, model: "gpt-4").encoding == .cl100kBase)
        #expect(try Encoding.resolve(encoding: "cl100k_base", model: nil).encoding == .cl100kBase)
        #expect(try Encoding.resolve(encoding: nil, model: nil).encoding == .o200kBase)
    }

    @Test("chat counting follows the cookbook (totals computed with tiktoken)")
    func chat() {
        let messages: [(role: String, content: String, name: String?)] = [
            ("system", "You are a helpful assistant.", nil),
            ("user", "How many tokens is this? 😀", "alice"),
            ("assistant", "Let me count: one, two, three.", nil),
        ]
        #expect(Encoding.countChatTokens(messages: messages, model: "gpt-4o") == 40)
        #expect(Encoding.countChatTokens(messages: messages, model: "gpt-4") == 40)
        #expect(Encoding.countChatTokens(messages: messages, model: "gpt-3.5-turbo-0301") == 41)
        #expect(Encoding.countChatTokens(messages: messages, model: "some-new-model") == 40)
        #expect(Encoding.countChatTokens(messages: [], model: "gpt-4o") == 3)
    }

    @Test("encodings are usable from many tasks at once")
    func concurrent() async {
        let expected = Encoding.o200kBase.encode("The quick brown fox jumps over the lazy dog.")
        await withTaskGroup(of: [Int].self) { group in
            for _ in 0..<8 {
                group.addTask { Encoding.o200kBase.encode("The quick brown fox jumps over the lazy dog.") }
            }
            for await ids in group { #expect(ids == expected) }
        }
    }
}
