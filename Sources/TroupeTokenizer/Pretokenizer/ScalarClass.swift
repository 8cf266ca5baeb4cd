/// Per-scalar class bits used by the split patterns, in one flat table indexed by code point.
///
/// The classes are the Unicode general categories the patterns name (`\p{L}` split into
/// Lu/Ll/Lt/Lm/Lo, `\p{M}`, `\p{N}`) and White_Space (`\s`). The ranges are generated from
/// the Swift standard library's Unicode data (Scripts/generate-unicode-classes.swift) and checked
/// against tiktoken for every code point (Scripts/check-tokenizer.py --all-scalars).
enum ScalarClass {
    /// `\p{L}`
    static let letter: UInt8 = 1
    /// `\p{N}`
    static let number: UInt8 = 2
    /// `\s`
    static let space: UInt8 = 4
    /// `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]` (o200k's "upper" class)
    static let upper: UInt8 = 8
    /// `[\p{Ll}\p{Lm}\p{Lo}\p{M}]` (o200k's "lower" class)
    static let lower: UInt8 = 16
    /// `[\r\n]`
    static let newline: UInt8 = 32

    /// Class bits for every code point `0...0x10FFFF`; built on first use (about 1 ms).
    nonisolated(unsafe) static let table: UnsafePointer<UInt8> = {
        let count = 0x110000
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: count)
        let bitsForCode: [UInt8] = [
            0,  // other
            letter | upper,  // Lu
            letter | lower,  // Ll
            letter | upper,  // Lt
            letter | upper | lower,  // Lm
            letter | upper | lower,  // Lo
            upper | lower,  // M
            number,  // N
            space,  // White_Space
        ]
        for index in ranges.indices {
            let start = Int(ranges[index] >> 4)
            let end = index + 1 < ranges.count ? Int(ranges[index + 1] >> 4) : count
            (table + start).initialize(repeating: bitsForCode[Int(ranges[index] & 15)], count: end - start)
        }
        table[10] |= newline
        table[13] |= newline
        return UnsafePointer(table)
    }()
}
