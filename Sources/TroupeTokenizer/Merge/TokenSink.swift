/// Receives the ranks an encoder produces; lets counting skip building an array.
protocol TokenSink {
    mutating func append(_ rank: UInt32)
}

/// Counts tokens.
struct CountingSink: TokenSink {
    var count = 0
    @inline(__always) mutating func append(_ rank: UInt32) { count += 1 }
}

/// Collects token ids.
struct CollectingSink: TokenSink {
    var ids: [Int] = []
    @inline(__always) mutating func append(_ rank: UInt32) { ids.append(Int(rank)) }
}
