/// Table rows: the header held until the alignment row shows whether it is a table.
extension MarkdownRenderer {
    // MARK: Tables

    mutating func tableRow(_ content: ArraySlice<UInt8>) {
        if table != nil {
            table?.add(row: content, parser: &inline)
            if table?.fallback == true {
                writer.writeLine(prefix(showBullets: true), [(Array(Self.trimmedTrailing(content)), .plain)])
            } else {
                checkTableWidth()
            }
            return
        }
        guard let header = pendingHeader else {
            pendingHeader = Array(content)
            return
        }
        if let alignments = MarkdownTable.alignments(of: content),
           alignments.count == MarkdownTable.cellCount(of: header[...]) {
            pendingHeader = nil
            table = MarkdownTable(header: header[...], delimiter: content, alignments: alignments, parser: &inline)
            checkTableWidth()
        } else {
            pendingHeader = nil
            writeTextLine(header[...])
            endParagraph()
            pendingHeader = Array(content)
        }
    }

    /// Once the table is too wide it will never fit again: print its source rows now.
    mutating func checkTableWidth() {
        guard var current = table, !current.fallback else { return }
        let available = writer.width - prefix(showBullets: false).width
        guard current.totalWidth > available else { return }
        current.fallBack()
        for row in current.sourceRows {
            writer.writeLine(prefix(showBullets: true), [(row, .plain)])
        }
        table = current
    }

    mutating func endTable() {
        guard let current = table else { return }
        table = nil
        guard !current.fallback else { return }
        let first = prefix(showBullets: true)
        current.write(firstPrefix: first, restPrefix: prefix(showBullets: false), to: &writer.out)
    }

    mutating func flushPendingHeader() {
        guard let header = pendingHeader else { return }
        pendingHeader = nil
        writeTextLine(header[...])
    }

    /// `count` box-drawing horizontal lines (U+2500).
    static func rule(_ count: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count * 3)
        for _ in 0..<count { bytes.append(contentsOf: [0xE2, 0x94, 0x80]) }
        return bytes
    }

    static func trimmedTrailing(_ text: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var result = text
        while let last = result.last, last == 0x20 || last == 0x09 { result = result.dropLast() }
        return result
    }
}
