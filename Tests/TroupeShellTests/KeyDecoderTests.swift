import Testing
@testable import TroupeShell

@Suite("Key decoder")
struct KeyDecoderTests {
    static let decoder = KeyDecoder(known: KeyBindings.decoderKnown)

    /// What `bytes` decode to when fed whole, and when fed one byte at a time.
    static func decode(_ bytes: [UInt8], decoder: KeyDecoder = KeyDecoderTests.decoder) -> (whole: [KeyDecoder.Output], bytewise: [KeyDecoder.Output]) {
        var whole = decoder
        var bytewise = decoder
        return (whole.feed(bytes), bytes.flatMap { bytewise.feed([$0]) })
    }

    static func characters(_ text: String) -> [KeyDecoder.Output] {
        text.unicodeScalars.map { .character($0) }
    }

    @Test func textAndUTF8ArriveAsCharactersWhateverTheSplit() {
        let text = "héllo 世界 🙂\t\u{7F}"
        let decoded = Self.decode(Array(text.utf8))
        #expect(decoded.whole == Self.characters(text))
        #expect(decoded.bytewise == Self.characters(text))
        // Split in the middle of a multibyte character.
        var decoder = Self.decoder
        let bytes = Array("世".utf8)
        #expect(decoder.feed(bytes[0..<1]) == [])
        #expect(decoder.feed(bytes[1...]) == [.character("世")])
    }

    @Test func brokenUTF8BecomesOneReplacementCharacter() {
        #expect(Self.decode([0xE4, 0xB8, 0x41]).whole == [.character("\u{FFFD}"), .character("A")])
        #expect(Self.decode([0xFF, 0x41]).whole == [.character("\u{FFFD}"), .character("A")])
    }

    @Test func aSingleByteLocaleTakesEachByteAsACharacter() {
        let decoder = KeyDecoder(known: KeyBindings.decoderKnown, utf8: false)
        #expect(Self.decode([0xE9, 0x41], decoder: decoder).whole == [.character("\u{E9}"), .character("A")])
    }

    @Test(arguments: KeyBindings.terminalKeys)
    func everyBoundKeyPassesUnchanged(_ binding: KeyBindings.Binding) {
        let bytes = Array(("a" + binding.sequence + "b").utf8)
        let decoded = Self.decode(bytes)
        let expected = Self.characters("a" + binding.sequence + "b")
        #expect(decoded.whole == expected)
        #expect(decoded.bytewise == expected)
    }

    @Test func theRequiredKeysAreBoundToTheRightFunctions() {
        let function = Dictionary(KeyBindings.terminalKeys.map { ($0.sequence, $0.function) }, uniquingKeysWith: { $1 })
        for home in ["\u{1B}[H", "\u{1B}[1~", "\u{1B}[7~", "\u{1B}OH"] {
            #expect(function[home] == "ed-move-to-beg", "\(home.debugDescription)")
        }
        for end in ["\u{1B}[F", "\u{1B}[4~", "\u{1B}[8~", "\u{1B}OF"] {
            #expect(function[end] == "ed-move-to-end", "\(end.debugDescription)")
        }
        for left in ["\u{1B}[1;5D", "\u{1B}[1;3D", "\u{1B}b"] {
            #expect(function[left] == "ed-prev-word")
        }
        for right in ["\u{1B}[1;5C", "\u{1B}[1;3C", "\u{1B}f"] {
            #expect(function[right] == "em-next-word")
        }
        #expect(function["\u{1B}[3~"] == "ed-delete-next-char")
        #expect(function["\u{1B}[5~"] == KeyBindings.Function.ignore)
        #expect(function["\u{1B}[6~"] == KeyBindings.Function.ignore)
        #expect(KeyBindings.libeditKey("\u{1B}[1;5D") == "\\e[1;5D")
    }

    @Test(arguments: ["\u{1B}[1;5A", "\u{1B}[15~", "\u{1B}[Z", "\u{1B}[2~", "\u{1B}OP", "\u{1B}[1;2C", "\u{1B}[201~", "\u{1B}[?1;2c", "\u{1B}[I"])
    func unboundSequencesAreDroppedNotInserted(_ sequence: String) {
        let decoded = Self.decode(Array(("x" + sequence + "y").utf8))
        #expect(decoded.whole == Self.characters("xy"))
        #expect(decoded.bytewise == Self.characters("xy"))
    }

    @Test func escapeBeforeAnOrdinaryKeyIsKeptForTheMetaMap() {
        #expect(Self.decode(Array("\u{1B}x".utf8)).bytewise == Self.characters("\u{1B}x"))
        #expect(Self.decode(Array("\u{1B}\u{1B}[D".utf8)).bytewise == Self.characters("\u{1B}\u{1B}[D"))
        // A control key inside a half sequence ends it; the key itself is kept.
        #expect(Self.decode(Array("\u{1B}[1\u{08}z".utf8)).bytewise == Self.characters("\u{08}z"))
    }

    @Test func aBracketedPasteIsOneBlockWithNormalisedLineBreaks() {
        let bytes = Array("a\u{1B}[200~one\r\ntwo\rthree\n\u{1B}[201~b".utf8)
        let expected: [KeyDecoder.Output] = [.character("a"), .paste("one\ntwo\nthree"), .character("b")]
        let decoded = Self.decode(bytes)
        #expect(decoded.whole == expected)
        #expect(decoded.bytewise == expected)
    }

    @Test func pastedControlCharactersAreDroppedButTabsKept() {
        let bytes = Array("\u{1B}[200~col1\tcol2\u{1B}[31m red\u{07}\u{1B}[201~".utf8)
        #expect(Self.decode(bytes).whole == [.paste("col1\tcol2[31m red")])
        // Key sequences inside a paste are text, not keys.
        #expect(Self.decode(Array("\u{1B}[200~\u{1B}[A\u{1B}[201~".utf8)).whole == [.paste("[A")])
    }

    @Test func aPasteWaitsForItsEnd() {
        var decoder = Self.decoder
        #expect(decoder.feed(Array("\u{1B}[200~half".utf8)) == [])
        #expect(decoder.isInsideSequence)
        #expect(decoder.feed(Array(" of it\u{1B}[201".utf8)) == [])
        #expect(decoder.feed(Array("~".utf8)) == [.paste("half of it")])
        #expect(!decoder.isInsideSequence)
    }

    @Test func normalisingKeepsInnerBlankLinesAndDropsTrailingOnes() {
        #expect(KeyDecoder.normalizePaste("a\n\n\nb\n\n") == "a\n\n\nb")
        #expect(KeyDecoder.normalizePaste("one line\n") == "one line")
        #expect(KeyDecoder.normalizePaste("\u{85}é\u{9B}") == "é")
    }

    @Test func enterTypedAheadBecomesALineBreakInTheText() {
        var decoder = Self.decoder
        let outputs = KeyDecoder.typedAhead(decoder.feed(Array("ab\rc\n".utf8)))
        #expect(outputs == [.character("a"), .character("b"), .paste("\n"), .character("c"), .paste("\n")])
        #expect(KeyDecoder.typedAhead([.character("\u{04}")]) == [.character("\u{04}")])
    }
}
