import Testing
@testable import TroupeShell

/// The core property: however a reply is cut into pieces, the concatenated output equals the
/// output of feeding it whole.
@Suite("Markdown: output does not depend on where the stream is cut", .serialized)
struct SplitInvarianceTests {
    static let names = SampleReplies.all.map(\.name)

    static func reply(_ name: String) -> String {
        SampleReplies.all.first { $0.name == name }?.text ?? ""
    }

    /// Every cut into two pieces, at every Unicode scalar boundary (which includes between
    /// `\r` and `\n`, and inside grapheme clusters such as flags and ZWJ emoji).
    @Test("every split into two pieces", arguments: names)
    func everyTwoPieceSplit(name: String) async {
        let text = Self.reply(name)
        let failures = await offThePool { () -> [Int] in
            let whole = render(text)
            let scalars = Array(text.unicodeScalars)
            var failures: [Int] = []
            for cut in 1..<scalars.count {
                let first = Self.string(scalars[..<cut])
                let second = Self.string(scalars[cut...])
                if render([first, second]) != whole { failures.append(cut) }
            }
            return failures
        }
        #expect(failures.isEmpty, "cuts that changed the output: \(failures.prefix(10))")
    }

    @Test("random splits into 1–7 scalar pieces", arguments: names)
    func randomSplits(name: String) async {
        let text = Self.reply(name)
        let differing = await offThePool { () -> Int? in
            let whole = render(text)
            let scalars = Array(text.unicodeScalars)
            var generator = SplitMix(seed: 0x5EED)
            for round in 0..<60 {
                var pieces: [String] = []
                var index = 0
                while index < scalars.count {
                    let length = 1 + Int(generator.next() % 7)
                    let end = min(index + length, scalars.count)
                    pieces.append(Self.string(scalars[index..<end]))
                    index = end
                }
                if render(pieces) != whole { return round }
            }
            return nil
        }
        #expect(differing == nil, "round \(differing ?? -1) differs")
    }

    @Test("one character at a time", arguments: names)
    func characterAtATime(name: String) {
        let text = Self.reply(name)
        #expect(render(text.map { String($0) }) == render(text))
        #expect(render(text.unicodeScalars.map { String($0) }) == render(text))
    }

    @Test("the same with real ANSI colours and a narrow width", arguments: names)
    func ansiNarrow(name: String) async {
        let text = Self.reply(name)
        let (byCharacter, failures) = await offThePool { () -> (Bool, [Int]) in
            let whole = render(text, width: 24, style: .terminal)
            let byCharacter = render(text.map { String($0) }, width: 24, style: .terminal) == whole
            let scalars = Array(text.unicodeScalars)
            var failures: [Int] = []
            for cut in stride(from: 1, to: scalars.count, by: 3) {
                let output = render([Self.string(scalars[..<cut]), Self.string(scalars[cut...])], width: 24, style: .terminal)
                if output != whole { failures.append(cut) }
            }
            return (byCharacter, failures)
        }
        #expect(byCharacter)
        #expect(failures.isEmpty, "cuts that changed the output: \(failures.prefix(10))")
    }

    static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var result = ""
        result.unicodeScalars.append(contentsOf: scalars)
        return result
    }
}

/// A small deterministic generator so that failures can be reproduced.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58476D1CE4E5B9
        value = (value ^ (value >> 27)) &* 0x94D049BB133111EB
        return value ^ (value >> 31)
    }
}
