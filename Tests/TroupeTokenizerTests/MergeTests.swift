import Testing
@testable import TroupeTokenizer

@Suite("Byte-pair merge: the heap variant makes exactly the scan's merges")
struct MergeTests {
    /// A small deterministic generator (SplitMix64), so failures can be reproduced.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test("scan and heap merges agree on random pieces", arguments: Encoding.all)
    func scanEqualsHeap(encoding: Encoding) throws {
        let vocabulary = try encoding.loadedVocabulary().get()
        var generator = Generator(state: 42)
        let alphabets: [[UInt8]] = [
            Array("ab".utf8), Array("the quick".utf8), Array("ETAOIN".utf8), Array("0123".utf8),
            Array("中文字".utf8), Array("!=-".utf8), (0...255).map { UInt8($0) },
        ]
        for round in 0..<600 {
            let alphabet = alphabets[round % alphabets.count]
            let length = Int.random(in: 2...300, using: &generator)
            var piece = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
            piece += [UInt8](repeating: 0, count: 16)
            var scan = CollectingSink(), heap = CollectingSink()
            piece.withUnsafeBufferPointer { buffer in
                vocabulary.mergeByScan(buffer.baseAddress!, length, into: &scan)
                vocabulary.mergeByHeap(buffer.baseAddress!, length, into: &heap)
            }
            #expect(scan.ids == heap.ids, "round \(round), length \(length)")
            #expect(try encoding.decode(heap.ids) == Array(piece.prefix(length)))
            if scan.ids != heap.ids { break }
        }
    }
}
