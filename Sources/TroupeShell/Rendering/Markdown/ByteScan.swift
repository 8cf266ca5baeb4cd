/// Byte scans that the renderer runs over every byte of a reply, eight bytes at a time.
///
/// Hand-written SWAR (bit tricks on 64-bit words) because these loops are the hot path and the
/// standard library has no `memchr`-style search over arrays.
enum ByteScan {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Whether any byte of `word` equals `byte`.
    @inline(__always)
    static func hasByte(_ word: UInt64, _ byte: UInt8) -> Bool {
        let spread = word ^ (ones &* UInt64(byte))
        return (spread &- ones) & ~spread & highs != 0
    }

    /// Whether any byte of `word` is below `limit` (limit at most 0x80).
    @inline(__always)
    static func hasByteBelow(_ word: UInt64, _ limit: UInt8) -> Bool {
        (word &- ones &* UInt64(limit)) & ~word & highs != 0
    }

    /// The index of the first `\n` or `\r` in `bytes[start...]`, or `bytes.count`.
    static func lineEnd(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        let count = bytes.count
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while index + 8 <= count {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                if hasByte(word, 0x0A) || hasByte(word, 0x0D) { break }
                index += 8
            }
        }
        while index < count && bytes[index] != 0x0A && bytes[index] != 0x0D { index += 1 }
        return index
    }

    /// The index of the first byte from `start` that might need a closer look: below 0x20,
    /// 0x7F, or 0xC2 (the lead byte of C1 controls); `bytes.count` when there is none.
    static func firstSuspicious(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        let count = bytes.count
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while index + 8 <= count {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                if hasByteBelow(word, 0x20) || hasByte(word, 0x7F) || hasByte(word, 0xC2) { break }
                index += 8
            }
        }
        while index < count {
            let byte = bytes[index]
            if byte < 0x20 || byte == 0x7F || byte == 0xC2 { return index }
            index += 1
        }
        return count
    }
}
