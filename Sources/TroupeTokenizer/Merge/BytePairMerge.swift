/// Byte-pair merging of one piece: repeatedly merge the adjacent pair whose concatenation has
/// the lowest rank (the leftmost one on ties), exactly as tiktoken does.
///
/// Short pieces use tiktoken's own array scan; long ones (where the scan would be quadratic) use
/// a linked list and a min-heap keyed by (rank, position), which picks the same pairs in the same
/// order in O(n log n).
extension Vocabulary {
    /// Pieces up to this many bytes use the array scan.
    static let scanLimit = 128

    /// Appends the tokens of `piece` (padded: 8 readable bytes past its end) to `sink`.
    @inline(__always)
    func encodePiece<S: TokenSink>(_ piece: UnsafePointer<UInt8>, _ length: Int, into sink: inout S) {
        let whole = rank(piece, length)
        if whole != Self.missing {
            sink.append(whole)
        } else if length <= Self.scanLimit {
            mergeByScan(piece, length, into: &sink)
        } else {
            mergeByHeap(piece, length, into: &sink)
        }
    }

    private func mergeByScan<S: TokenSink>(_ piece: UnsafePointer<UInt8>, _ length: Int, into sink: inout S) {
        // parts: start offset of each current token plus the rank of merging it with the next one.
        withUnsafeTemporaryAllocation(of: Int.self, capacity: length + 1) { starts in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: length + 1) { pairRanks in
                withUnsafeTemporaryAllocation(of: UInt32.self, capacity: length + 1) { tokenRanks in
                    var parts = length
                    for i in 0..<length {
                        starts[i] = i
                        tokenRanks[i] = rank(piece + i, 1)
                        pairRanks[i] = i + 1 < length ? rank(piece + i, 2) : Self.missing
                    }
                    starts[length] = length
                    pairRanks[length] = Self.missing
                    tokenRanks[length] = 0
                    while true {
                        var best = Self.missing, at = -1
                        for i in 0..<(parts - 1) where pairRanks[i] < best {
                            best = pairRanks[i]
                            at = i
                        }
                        if at < 0 { break }
                        // Merge parts at and at+1.
                        tokenRanks[at] = best
                        for i in (at + 1)..<parts {
                            starts[i] = starts[i + 1]
                            pairRanks[i] = pairRanks[i + 1]
                            tokenRanks[i] = tokenRanks[i + 1]
                        }
                        parts -= 1
                        pairRanks[at] = at + 1 < parts
                            ? rank(piece + starts[at], starts[at + 2] - starts[at]) : Self.missing
                        if at > 0 {
                            pairRanks[at - 1] = rank(piece + starts[at - 1], starts[at + 1] - starts[at - 1])
                        }
                    }
                    for i in 0..<parts { sink.append(tokenRanks[i]) }
                }
            }
        }
    }

    private func mergeByHeap<S: TokenSink>(_ piece: UnsafePointer<UInt8>, _ length: Int, into sink: inout S) {
        // Token nodes are named by their start offset; next[i] is the start of the following token
        // (its end), next[length] == length.
        let next = UnsafeMutablePointer<Int>.allocate(capacity: length + 1)
        let previous = UnsafeMutablePointer<Int>.allocate(capacity: length + 1)
        let pairRanks = UnsafeMutablePointer<UInt32>.allocate(capacity: length)
        let tokenRanks = UnsafeMutablePointer<UInt32>.allocate(capacity: length)
        var heap = RankHeap(capacity: 3 * length)
        defer {
            next.deallocate(); previous.deallocate(); pairRanks.deallocate(); tokenRanks.deallocate()
            heap.deallocate()
        }
        for i in 0..<length {
            next[i] = i + 1
            previous[i] = i - 1
            tokenRanks[i] = rank(piece + i, 1)
            let pair = i + 1 < length ? rank(piece + i, 2) : Self.missing
            pairRanks[i] = pair
            if pair != Self.missing { heap.push(UInt64(pair) << 32 | UInt64(i)) }
        }
        next[length] = length
        while let entry = heap.pop() {
            let best = UInt32(truncatingIfNeeded: entry >> 32), at = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF)
            // Stale entries: the node was merged away or its pair changed since it was pushed.
            guard next[at] != -1, pairRanks[at] == best else { continue }
            let removed = next[at], after = next[removed]
            tokenRanks[at] = best
            next[at] = after
            next[removed] = -1
            if after < length { previous[after] = at }
            let pair = after < length ? rank(piece + at, next[after] - at) : Self.missing
            pairRanks[at] = pair
            if pair != Self.missing { heap.push(UInt64(pair) << 32 | UInt64(at)) }
            let before = previous[at]
            if before >= 0 {
                let pair = rank(piece + before, after - before)
                pairRanks[before] = pair
                if pair != Self.missing { heap.push(UInt64(pair) << 32 | UInt64(before)) }
            }
        }
        var i = 0
        while i < length {
            sink.append(tokenRanks[i])
            i = next[i]
        }
    }
}

/// A binary min-heap of `rank << 32 | position` keys.
struct RankHeap {
    private let storage: UnsafeMutablePointer<UInt64>
    private var count = 0

    init(capacity: Int) { storage = .allocate(capacity: max(capacity, 1)) }

    func deallocate() { storage.deallocate() }

    mutating func push(_ key: UInt64) {
        var i = count
        count += 1
        while i > 0 {
            let parent = (i - 1) / 2
            if storage[parent] <= key { break }
            storage[i] = storage[parent]
            i = parent
        }
        storage[i] = key
    }

    mutating func pop() -> UInt64? {
        guard count > 0 else { return nil }
        let top = storage[0]
        count -= 1
        let last = storage[count]
        var i = 0
        while true {
            var child = 2 * i + 1
            if child >= count { break }
            if child + 1 < count && storage[child + 1] < storage[child] { child += 1 }
            if last <= storage[child] { break }
            storage[i] = storage[child]
            i = child
        }
        storage[i] = last
        return top
    }
}
