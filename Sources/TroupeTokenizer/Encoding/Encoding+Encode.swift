extension Encoding {
    /// Token ids of `text`, with special tokens recognised only when allowed.
    ///
    /// Text between special tokens is split and merged on its own, as tiktoken does.
    /// - Parameters:
    ///   - text: any string.
    ///   - allowedSpecial: which special tokens to recognise (default: none).
    public func encode(_ text: String, allowedSpecial: AllowedSpecial = .none) -> [Int] {
        var sink = CollectingSink()
        withPaddedUTF8(text) { encode($0, $1, allowedSpecial: allowedSpecial, into: &sink) }
        return sink.ids
    }

    /// Token ids of `text`, treating special-token text as ordinary text.
    public func encodeOrdinary(_ text: String) -> [Int] {
        encode(text, allowedSpecial: .none)
    }

    /// Token ids of arbitrary bytes. Invalid UTF-8 is first replaced by U+FFFD (maximal subparts,
    /// as Python's `bytes.decode("utf-8", "replace")`), then encoded like `encode(_:allowedSpecial:)`.
    public func encode(bytes: some Sequence<UInt8>, allowedSpecial: AllowedSpecial = .none) -> [Int] {
        encode(String(decoding: Array(bytes), as: UTF8.self), allowedSpecial: allowedSpecial)
    }

    /// Number of tokens of `text` (special-token text counted as ordinary text unless allowed);
    /// the same as `encode(text, allowedSpecial:).count` without building the array.
    public func count(_ text: String, allowedSpecial: AllowedSpecial = .none) -> Int {
        var sink = CountingSink()
        withPaddedUTF8(text) { encode($0, $1, allowedSpecial: allowedSpecial, into: &sink) }
        return sink.count
    }

    /// Number of tokens of arbitrary bytes (invalid UTF-8 replaced as in `encode(bytes:allowedSpecial:)`).
    public func count(bytes: some Sequence<UInt8>, allowedSpecial: AllowedSpecial = .none) -> Int {
        count(String(decoding: Array(bytes), as: UTF8.self), allowedSpecial: allowedSpecial)
    }

    /// The bytes of the tokens `ids`, concatenated.
    /// - Throws: `TokenizerError.unknownTokenID` for an id that is neither a rank nor a special token.
    public func decode(_ ids: some Sequence<Int>) throws(TokenizerError) -> [UInt8] {
        let vocabulary = self.vocabulary
        var specialsByID: [Int: String] = [:]
        var bytes: [UInt8] = []
        for id in ids {
            if id >= 0 && id < vocabulary.count {
                vocabulary.withTokenBytes(id) { bytes.append(contentsOf: $0) }
                continue
            }
            if specialsByID.isEmpty {
                specialsByID = Dictionary(uniqueKeysWithValues: specialTokens.map { ($0.value, $0.key) })
            }
            guard let special = specialsByID[id] else { throw .unknownTokenID(id, encoding: name) }
            bytes.append(contentsOf: special.utf8)
        }
        return bytes
    }

    /// The text of the tokens `ids`; bytes that are not valid UTF-8 (a token boundary inside a
    /// character) become U+FFFD, as tiktoken's `decode(errors="replace")`.
    public func decodeText(_ ids: some Sequence<Int>) throws(TokenizerError) -> String {
        String(decoding: try decode(ids), as: UTF8.self)
    }

    // MARK: Core

    /// Calls `body` with the UTF-8 of `text` followed by 16 zero bytes (the hash and rank lookups
    /// read whole 8-byte words).
    private func withPaddedUTF8<R>(_ text: String, _ body: (UnsafePointer<UInt8>, Int) -> R) -> R {
        let count = text.utf8.count
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count + 16) { buffer in
            let base = buffer.baseAddress!
            let copied = text.utf8.withContiguousStorageIfAvailable { source -> Bool in
                base.update(from: source.baseAddress!, count: count)
                return true
            }
            if copied == nil {
                var i = 0
                for byte in text.utf8 { base[i] = byte; i += 1 }
            }
            (base + count).initialize(repeating: 0, count: 16)
            return body(UnsafePointer(base), count)
        }
    }

    private func encode<S: TokenSink>(
        _ bytes: UnsafePointer<UInt8>, _ count: Int, allowedSpecial: AllowedSpecial, into sink: inout S
    ) {
        let specials: [(bytes: [UInt8], id: Int)]
        switch allowedSpecial {
        case .none: specials = []
        case .all: specials = specialTokens.map { (Array($0.key.utf8), $0.value) }
        case .only(let names): specials = specialTokens.filter { names.contains($0.key) }.map { (Array($0.key.utf8), $0.value) }
        }
        let vocabulary = self.vocabulary
        guard !specials.isEmpty else {
            encodeOrdinary(bytes, count, vocabulary: vocabulary, into: &sink)
            return
        }
        // Every special token starts with "<|": find the next one that is allowed, encode the text
        // before it on its own, then the special token.
        var segmentStart = 0, i = 0
        while i + 1 < count {
            if bytes[i] == UInt8(ascii: "<") && bytes[i + 1] == UInt8(ascii: "|"),
               let special = specials.first(where: { Self.hasPrefix($0.bytes, at: bytes + i, available: count - i) }) {
                encodeOrdinary(bytes + segmentStart, i - segmentStart, vocabulary: vocabulary, into: &sink)
                sink.append(UInt32(special.id))
                i += special.bytes.count
                segmentStart = i
            } else {
                i += 1
            }
        }
        encodeOrdinary(bytes + segmentStart, count - segmentStart, vocabulary: vocabulary, into: &sink)
    }

    private static func hasPrefix(_ prefix: [UInt8], at pointer: UnsafePointer<UInt8>, available: Int) -> Bool {
        guard prefix.count <= available else { return false }
        for (i, byte) in prefix.enumerated() where pointer[i] != byte { return false }
        return true
    }

    /// Splits `bytes` (valid UTF-8, padded) with this encoding's pattern and merges each piece.
    private func encodeOrdinary<S: TokenSink>(
        _ bytes: UnsafePointer<UInt8>, _ count: Int, vocabulary: Vocabulary, into sink: inout S
    ) {
        let scanner = PieceScanner(bytes: bytes, count: count)
        var start = 0
        switch kind {
        case .cl100k:
            while start < count {
                let end = scanner.nextCl100k(start)
                vocabulary.encodePiece(bytes + start, end - start, into: &sink)
                start = end
            }
        case .o200k:
            while start < count {
                let end = scanner.nextO200k(start)
                vocabulary.encodePiece(bytes + start, end - start, into: &sink)
                start = end
            }
        }
    }
}
