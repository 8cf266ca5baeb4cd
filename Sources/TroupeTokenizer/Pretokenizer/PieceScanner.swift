/// Splits valid UTF-8 into the pieces tiktoken's split patterns produce, without a regex engine.
///
/// Each `next…` method returns the end of the piece that starts at a given offset, implementing
/// the pattern's alternatives in order with the same (backtracking, leftmost-first) semantics as
/// tiktoken's regex engine. The buffer must hold valid UTF-8 (callers repair invalid input).
struct PieceScanner {
    let bytes: UnsafePointer<UInt8>
    let count: Int
    let classes: UnsafePointer<UInt8>

    init(bytes: UnsafePointer<UInt8>, count: Int) {
        self.bytes = bytes
        self.count = count
        self.classes = ScalarClass.table
    }

    private typealias C = ScalarClass

    /// Class bits and byte length of the scalar at `i`.
    @inline(__always)
    func scalar(at i: Int) -> (bits: UInt8, length: Int) {
        let b0 = bytes[i]
        if b0 < 0x80 { return (classes[Int(b0)], 1) }
        if b0 < 0xE0 {
            return (classes[Int(b0 & 0x1F) << 6 | Int(bytes[i + 1] & 0x3F)], 2)
        }
        if b0 < 0xF0 {
            let value = Int(b0 & 0x0F) << 12 | Int(bytes[i + 1] & 0x3F) << 6 | Int(bytes[i + 2] & 0x3F)
            return (classes[value], 3)
        }
        let value = Int(b0 & 0x07) << 18 | Int(bytes[i + 1] & 0x3F) << 12
            | Int(bytes[i + 2] & 0x3F) << 6 | Int(bytes[i + 3] & 0x3F)
        return (classes[value], 4)
    }

    /// End of the run of scalars from `i` whose bits intersect `bits`.
    @inline(__always)
    func skip(_ bits: UInt8, from i: Int) -> Int {
        var j = i
        while j < count {
            let (b, length) = scalar(at: j)
            if b & bits == 0 { break }
            j += length
        }
        return j
    }

    /// End of the run of scalars from `i` that have none of `bits`.
    @inline(__always)
    func skipNone(of bits: UInt8, from i: Int) -> Int {
        var j = i
        while j < count {
            let (b, length) = scalar(at: j)
            if b & bits != 0 { break }
            j += length
        }
        return j
    }

    /// Up to three `\p{N}` scalars from `i` (the first is known to be one).
    @inline(__always)
    func digits(from i: Int, firstLength: Int) -> Int {
        var j = i + firstLength
        for _ in 0..<2 {
            guard j < count else { break }
            let (b, length) = scalar(at: j)
            if b & C.number == 0 { break }
            j += length
        }
        return j
    }

    /// Whether the bytes at `i` fold (case-insensitively, as `(?i)` does) to the ASCII letter
    /// `lower`; returns the length matched or 0. Only `s` has a non-ASCII fold used here (`ſ`).
    @inline(__always)
    func foldedLetter(_ lower: UInt8, at i: Int) -> Int {
        guard i < count else { return 0 }
        let b = bytes[i]
        if b | 0x20 == lower && (b >= 0x41 && b <= 0x5A || b >= 0x61 && b <= 0x7A) { return 1 }
        if lower == UInt8(ascii: "s") && b == 0xC5 && i + 1 < count && bytes[i + 1] == 0xBF { return 2 }
        return 0
    }

    /// The whitespace run from `i`: its end, the end of its last `\r`/`\n` (or -1), the start of
    /// its last scalar, and how many scalars it has (capped at 2).
    @inline(__always)
    func whitespaceRun(from i: Int) -> (end: Int, afterNewline: Int, lastStart: Int, scalars: Int) {
        var j = i, afterNewline = -1, lastStart = i, scalars = 0
        while j < count {
            let (b, length) = scalar(at: j)
            if b & C.space == 0 { break }
            if b & C.newline != 0 { afterNewline = j + 1 }
            lastStart = j
            j += length
            if scalars < 2 { scalars += 1 }
        }
        return (j, afterNewline, lastStart, scalars)
    }

    // MARK: cl100k_base
    // '(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s

    /// End of the cl100k_base piece starting at `i` (`i < count`).
    @inline(__always)
    func nextCl100k(_ i: Int) -> Int {
        let first = bytes[i]
        if first == UInt8(ascii: "'") {
            for letter in [UInt8(ascii: "s"), UInt8(ascii: "d"), UInt8(ascii: "m"), UInt8(ascii: "t")] {
                let n = foldedLetter(letter, at: i + 1)
                if n > 0 { return i + 1 + n }
            }
            for (a, b) in [(UInt8(ascii: "l"), UInt8(ascii: "l")), (UInt8(ascii: "v"), UInt8(ascii: "e")), (UInt8(ascii: "r"), UInt8(ascii: "e"))] {
                let n = foldedLetter(a, at: i + 1)
                if n > 0 {
                    let m = foldedLetter(b, at: i + 1 + n)
                    if m > 0 { return i + 1 + n + m }
                }
            }
        }
        let (bits, length) = scalar(at: i)
        if bits & C.letter != 0 { return skip(C.letter, from: i + length) }
        if bits & (C.number | C.newline) == 0 && i + length < count {
            let (next, nextLength) = scalar(at: i + length)
            if next & C.letter != 0 { return skip(C.letter, from: i + length + nextLength) }
        }
        if bits & C.number != 0 { return digits(from: i, firstLength: length) }
        var punctuation = -1
        if bits & (C.letter | C.number | C.space) == 0 {
            punctuation = i + length
        } else if first == 0x20 && i + 1 < count {
            let (next, nextLength) = scalar(at: i + 1)
            if next & (C.letter | C.number | C.space) == 0 { punctuation = i + 1 + nextLength }
        }
        if punctuation >= 0 {
            var j = skipNone(of: C.letter | C.number | C.space, from: punctuation)
            while j < count && (bytes[j] == 0x0A || bytes[j] == 0x0D) { j += 1 }
            return j
        }
        // Whitespace: \s++$ | \s*[\r\n] | \s+(?!\S) | \s
        let run = whitespaceRun(from: i)
        if run.end == count { return count }
        if run.afterNewline >= 0 { return run.afterNewline }
        if run.scalars >= 2 { return run.lastStart }
        return run.end
    }

    // MARK: o200k_base
    // [^\r\n\p{L}\p{N}]?[UPPER]*[LOWER]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?
    // |[^\r\n\p{L}\p{N}]?[UPPER]+[LOWER]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?
    // |\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+

    /// Matches `[UPPER]*[LOWER]+` and `[UPPER]+[LOWER]*` at `s`, returning the end of each (or -1).
    @inline(__always)
    func letterRuns(from s: Int) -> (first: Int, second: Int) {
        var k = s, lastLowerEnd = -1
        while k < count {
            let (b, length) = scalar(at: k)
            if b & C.upper == 0 { break }
            k += length
            if b & C.lower != 0 { lastLowerEnd = k }
        }
        let upperEnd = k
        if k < count {
            let (b, length) = scalar(at: k)
            if b & C.lower != 0 {
                let end = skip(C.lower, from: k + length)
                return (end, end)
            }
        }
        // [UPPER]* gives back scalars until [LOWER]+ can match: it ends after the last scalar
        // of the run that is in both classes.
        return (lastLowerEnd, upperEnd > s ? upperEnd : -1)
    }

    /// `(?i:'s|'t|'re|'ve|'m|'ll|'d)?` at `e`.
    @inline(__always)
    func contraction(at e: Int) -> Int {
        guard e < count && bytes[e] == UInt8(ascii: "'") else { return e }
        for letter in [UInt8(ascii: "s"), UInt8(ascii: "t")] {
            let n = foldedLetter(letter, at: e + 1)
            if n > 0 { return e + 1 + n }
        }
        for (a, b) in [(UInt8(ascii: "r"), UInt8(ascii: "e")), (UInt8(ascii: "v"), UInt8(ascii: "e"))] {
            let n = foldedLetter(a, at: e + 1)
            if n > 0 {
                let m = foldedLetter(b, at: e + 1 + n)
                if m > 0 { return e + 1 + n + m }
            }
        }
        let m = foldedLetter(UInt8(ascii: "m"), at: e + 1)
        if m > 0 { return e + 1 + m }
        let l = foldedLetter(UInt8(ascii: "l"), at: e + 1)
        if l > 0 {
            let l2 = foldedLetter(UInt8(ascii: "l"), at: e + 1 + l)
            if l2 > 0 { return e + 1 + l + l2 }
        }
        let d = foldedLetter(UInt8(ascii: "d"), at: e + 1)
        if d > 0 { return e + 1 + d }
        return e
    }

    /// End of the o200k_base piece starting at `i` (`i < count`).
    @inline(__always)
    func nextO200k(_ i: Int) -> Int {
        let (bits, length) = scalar(at: i)
        if bits & (C.letter | C.number | C.newline) == 0 {
            // Optional prefix taken; if both letter rules fail with it, they are retried without it,
            // which only matters when the prefix is itself a mark (in both letter classes).
            if i + length < count {
                let runs = letterRuns(from: i + length)
                if runs.first >= 0 { return contraction(at: runs.first) }
                if bits & C.lower != 0 { return contraction(at: letterRuns(from: i).first) }
                if runs.second >= 0 { return contraction(at: runs.second) }
            } else if bits & C.lower != 0 {
                return contraction(at: letterRuns(from: i).first)
            }
        } else if bits & C.letter != 0 {
            let runs = letterRuns(from: i)
            return contraction(at: runs.first >= 0 ? runs.first : runs.second)
        }
        if bits & C.number != 0 { return digits(from: i, firstLength: length) }
        var punctuation = -1
        if bits & (C.letter | C.number | C.space) == 0 {
            punctuation = i + length
        } else if bytes[i] == 0x20 && i + 1 < count {
            let (next, nextLength) = scalar(at: i + 1)
            if next & (C.letter | C.number | C.space) == 0 { punctuation = i + 1 + nextLength }
        }
        if punctuation >= 0 {
            var j = skipNone(of: C.letter | C.number | C.space, from: punctuation)
            while j < count && (bytes[j] == 0x0A || bytes[j] == 0x0D || bytes[j] == 0x2F) { j += 1 }
            return j
        }
        // Whitespace: \s*[\r\n]+ | \s+(?!\S) | \s+
        let run = whitespaceRun(from: i)
        if run.afterNewline >= 0 { return run.afterNewline }
        if run.end == count { return count }
        if run.scalars >= 2 { return run.lastStart }
        return run.end
    }
}
