import Foundation

/// The byte-pair vocabulary of one encoding: the bytes of each token by rank, and an
/// open-addressing hash table from bytes to rank. Built once per process from the compact
/// `.bpe` resource (see Scripts/generate-vocab-binary.py) and immutable afterwards, so it is
/// shared freely between threads. The memory is never released (one instance per encoding).
final class Vocabulary: @unchecked Sendable {
    /// Rank value meaning "not a token".
    static let missing = UInt32.max

    /// Number of ordinary tokens (ranks are `0..<count`).
    let count: Int
    /// Length in bytes of the longest token; longer slices are never looked up.
    let maxTokenLength: Int
    /// Time spent reading the file and building the table.
    let loadDuration: Duration

    /// `offsets[r]..<offsets[r + 1]` is the range of token `r` in `bytes`.
    private let offsets: UnsafeMutablePointer<UInt32>
    /// All token bytes in rank order, followed by 8 bytes of padding.
    private let bytes: UnsafeMutablePointer<UInt8>
    /// Two words per slot: the first 8 bytes of the token (zero-padded) and `length << 32 | rank`
    /// (zero when the slot is empty).
    private let slots: UnsafeMutablePointer<UInt64>
    private let slotMask: Int
    private let shift: UInt64

    /// Loads `<name>.bpe` from the package resources.
    convenience init(resource name: String) throws(TokenizerError) {
        let start = ContinuousClock.now
        guard let url = Bundle.module.url(forResource: name, withExtension: "bpe", subdirectory: "Resources")
            ?? Bundle.module.url(forResource: name, withExtension: "bpe")
        else {
            throw .vocabularyUnavailable(encoding: name, reason: "resource \(name).bpe not found in \(Bundle.module.bundlePath)")
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw .vocabularyUnavailable(encoding: name, reason: "cannot read \(url.path): \(error)")
        }
        try self.init(name: name, data: data, start: start)
    }

    init(name: String, data: Data, start: ContinuousClock.Instant = .now) throws(TokenizerError) {
        func damaged(_ why: String) -> TokenizerError { .vocabularyUnavailable(encoding: name, reason: why) }
        guard data.count >= 16, data.prefix(4).elementsEqual("TTKV".utf8) else { throw damaged("not a TTKV file") }
        func u32(_ at: Int) -> Int {
            data.withUnsafeBytes { Int(UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: at, as: UInt32.self))) }
        }
        let version = u32(4), count = u32(8), blobSize = u32(12)
        guard version == 1, count > 0, data.count == 16 + count + blobSize else { throw damaged("unexpected header or size") }
        self.count = count

        let offsets = UnsafeMutablePointer<UInt32>.allocate(capacity: count + 1)
        let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: blobSize + 8)
        var longest = 0
        let lengthSum: Int = data.withUnsafeBytes { raw in
            let base = raw.bindMemory(to: UInt8.self).baseAddress!
            var offset = 0
            for rank in 0..<count {
                offsets[rank] = UInt32(offset)
                let length = Int(base[16 + rank])
                longest = max(longest, length)
                offset += length
            }
            offsets[count] = UInt32(offset)
            (bytes).update(from: base + 16 + count, count: blobSize)
            return offset
        }
        (bytes + blobSize).initialize(repeating: 0, count: 8)
        guard lengthSum == blobSize else {
            offsets.deallocate(); bytes.deallocate()
            throw damaged("token lengths do not add up to the token bytes")
        }
        maxTokenLength = longest
        self.offsets = offsets
        self.bytes = bytes

        // Load factor under 0.4 keeps probe sequences short.
        var capacity = 1
        while capacity < count * 5 / 2 { capacity <<= 1 }
        slotMask = capacity - 1
        shift = UInt64(64 - capacity.trailingZeroBitCount)
        let slots = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity * 2)
        self.slots = slots
        slots.initialize(repeating: 0, count: capacity * 2)
        // Insert in order of home slot (bucketed by its top bits) so that the writes sweep the
        // table instead of hitting it at random: several times faster to build.
        let homes = UnsafeMutablePointer<UInt32>.allocate(capacity: count)
        let order = UnsafeMutablePointer<UInt32>.allocate(capacity: count)
        defer { homes.deallocate(); order.deallocate() }
        let bucketShift = max(capacity.trailingZeroBitCount - 12, 0)
        var bucketStarts = [Int](repeating: 0, count: (capacity >> bucketShift) + 1)
        for rank in 0..<count {
            let start = Int(offsets[rank]), length = Int(offsets[rank + 1]) - start
            let pointer = UnsafePointer(bytes + start)
            let home = Self.hash(pointer, length, first: Self.firstWord(pointer, length)) >> shift
            homes[rank] = UInt32(truncatingIfNeeded: home)
            bucketStarts[Int(home) >> bucketShift + 1] += 1
        }
        for bucket in 1..<bucketStarts.count { bucketStarts[bucket] += bucketStarts[bucket - 1] }
        for rank in 0..<count {
            let bucket = Int(homes[rank]) >> bucketShift
            order[bucketStarts[bucket]] = UInt32(rank)
            bucketStarts[bucket] += 1
        }
        for position in 0..<count {
            let rank = Int(order[position])
            let start = Int(offsets[rank]), length = Int(offsets[rank + 1]) - start
            var slot = Int(homes[rank])
            while slots[slot * 2 + 1] != 0 { slot = (slot + 1) & (capacity - 1) }
            slots[slot * 2] = Self.firstWord(UnsafePointer(bytes + start), length)
            slots[slot * 2 + 1] = UInt64(length) << 32 | UInt64(rank)
        }
        loadDuration = ContinuousClock.now - start
    }

    /// The first (up to) 8 bytes at `pointer` as a little-endian word; needs 8 readable bytes.
    @inline(__always)
    static func firstWord(_ pointer: UnsafePointer<UInt8>, _ length: Int) -> UInt64 {
        let word = UInt64(littleEndian: UnsafeRawPointer(pointer).loadUnaligned(as: UInt64.self))
        return length >= 8 ? word : word & ((1 &<< (UInt64(length) &* 8)) &- 1)
    }

    @inline(__always)
    static func hash(_ pointer: UnsafePointer<UInt8>, _ length: Int, first: UInt64) -> UInt64 {
        var h = (first ^ UInt64(length)) &* 0x9E37_79B9_7F4A_7C15
        var i = 8
        while i < length {
            h = (h ^ firstWord(pointer + i, length - i)) &* 0xBF58_476D_1CE4_E5B9
            i += 8
        }
        return (h ^ (h >> 31)) &* 0x94D0_49BB_1331_11EB
    }

    /// The rank of the `length` bytes at `pointer`, or `Vocabulary.missing`.
    /// Needs 8 readable bytes past the end of the slice (callers pad their buffers).
    @inline(__always)
    func rank(_ pointer: UnsafePointer<UInt8>, _ length: Int) -> UInt32 {
        if length > maxTokenLength { return Self.missing }
        let first = Self.firstWord(pointer, length)
        var slot = Int(truncatingIfNeeded: Self.hash(pointer, length, first: first) >> shift)
        let wanted = UInt64(length)
        while true {
            let meta = slots[slot &* 2 &+ 1]
            if meta == 0 { return Self.missing }
            if meta >> 32 == wanted && slots[slot &* 2] == first {
                let rank = UInt32(truncatingIfNeeded: meta)
                if length <= 8 || memcmp(bytes + Int(offsets[Int(rank)]) + 8, pointer + 8, length - 8) == 0 {
                    return rank
                }
            }
            slot = (slot &+ 1) & slotMask
        }
    }

    /// The bytes of the token of rank `rank` (which must be `< count`).
    func withTokenBytes<R>(_ rank: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let start = Int(offsets[rank])
        return body(UnsafeBufferPointer(start: bytes + start, count: Int(offsets[rank + 1]) - start))
    }
}
