/// Settled inline text kept for later (a table cell): bytes plus style runs (style, start).
struct InlineContent: Sendable {
    var bytes: [UInt8] = []
    var runs: [(attributes: MarkdownAttributes, start: Int)] = []

    var isEmpty: Bool { bytes.isEmpty }

    mutating func append(_ text: ArraySlice<UInt8>, _ attributes: MarkdownAttributes) {
        guard !text.isEmpty else { return }
        if runs.last?.attributes != attributes { runs.append((attributes, bytes.count)) }
        bytes.append(contentsOf: text)
    }
}

/// Collects settled inline text (table cells) instead of writing it.
struct InlineCollector: MarkdownInlineSink {
    var content = InlineContent()

    mutating func inline(_ text: ArraySlice<UInt8>, _ attributes: MarkdownAttributes) {
        content.append(text, attributes)
    }
}
