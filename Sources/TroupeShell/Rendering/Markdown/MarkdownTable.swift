/// A GitHub-style table being collected: header, alignment row, body rows. Cells are rendered
/// (inline styles) as rows arrive; the table is printed once it ends, with every column padded
/// to its widest cell. A table that cannot fit the width is printed as its source rows instead,
/// at once and from then on row by row, rather than wrapped mid-cell.
struct MarkdownTable: Sendable {
    enum Alignment: Sendable { case left, center, right }

    struct Cell: Sendable {
        var content: InlineContent
        var width: Int
    }

    let alignments: [Alignment]
    private(set) var rows: [[Cell]] = []
    /// Source rows, kept for the fallback (header and alignment row first).
    private(set) var sourceRows: [[UInt8]] = []
    private(set) var widths: [Int]
    /// Whether the table is too wide and is printed as its source rows.
    private(set) var fallback = false

    /// Starts a table from its header row and alignment row (already checked to match).
    init(header: ArraySlice<UInt8>, delimiter: ArraySlice<UInt8>, alignments: [Alignment],
         parser: inout MarkdownInlineParser) {
        self.alignments = alignments
        widths = Array(repeating: 1, count: alignments.count)
        sourceRows = [Self.trimmed(header), Self.trimmed(delimiter)]
        rows.append(Self.cells(of: header, columns: alignments.count, header: true, parser: &parser))
        measure(rows[0])
    }

    /// Adds a body row; GFM pads short rows with empty cells and drops extra cells.
    /// - Parameter parser: an idle inline parser to render the cells with.
    mutating func add(row line: ArraySlice<UInt8>, parser: inout MarkdownInlineParser) {
        sourceRows.append(Self.trimmed(line))
        let cells = Self.cells(of: line, columns: alignments.count, header: false, parser: &parser)
        rows.append(cells)
        measure(cells)
    }

    /// Columns needed: cells plus ` │ ` between them.
    var totalWidth: Int { widths.reduce(0, +) + 3 * max(alignments.count - 1, 0) }

    /// Switches to printing source rows (the caller prints those kept so far).
    mutating func fallBack() {
        fallback = true
        rows.removeAll()
    }

    private mutating func measure(_ cells: [Cell]) {
        for (column, cell) in cells.enumerated() where cell.width > widths[column] {
            widths[column] = cell.width
        }
    }

    /// Writes the formatted table: header, a rule, body rows, each line after its prefix.
    func write(firstPrefix: MarkdownPrefix, restPrefix: MarkdownPrefix, to out: inout MarkdownOutput) {
        let separator = Self.separator
        let marker = MarkdownAttributes(role: .marker)
        for (index, row) in rows.enumerated() {
            for piece in (index == 0 ? firstPrefix : restPrefix).pieces { out.write(piece.bytes, piece.attributes) }
            for (column, cell) in row.enumerated() {
                if column > 0 { out.write(separator, marker) }
                let padding = widths[column] - cell.width
                var before = 0
                var after = padding
                switch alignments[column] {
                case .left: break
                case .right: (before, after) = (padding, 0)
                case .center: (before, after) = (padding / 2, padding - padding / 2)
                }
                if column == row.count - 1 {
                    after = 0
                    if cell.width == 0 { before = 0 }
                }
                Self.spaces(before, to: &out)
                let runs = cell.content.runs
                for (position, run) in runs.enumerated() {
                    let end = position + 1 < runs.count ? runs[position + 1].start : cell.content.bytes.count
                    out.write(cell.content.bytes[run.start..<end], run.attributes)
                }
                Self.spaces(after, to: &out)
            }
            out.newline()
            if index == 0 {
                for piece in restPrefix.pieces { out.write(piece.bytes, piece.attributes) }
                for (column, width) in widths.enumerated() {
                    if column > 0 { out.write(Self.cross, marker) }
                    out.write(MarkdownRenderer.rule(width), marker)
                }
                out.newline()
            }
        }
    }

    private static let separator = Array(" │ ".utf8)
    private static let cross = Array("─┼─".utf8)
    private static let blanks = [UInt8](repeating: 0x20, count: 256)

    private static func spaces(_ count: Int, to out: inout MarkdownOutput) {
        var left = count
        while left > 0 {
            let chunk = min(left, blanks.count)
            out.write(blanks[..<chunk], .plain)
            left -= chunk
        }
    }

    // MARK: Parsing rows

    /// The alignments of an alignment row (`| :-- | :-: | --: |`), or nil when it is not one.
    static func alignments(of line: ArraySlice<UInt8>) -> [Alignment]? {
        var result: [Alignment] = []
        for cell in split(line) {
            var text = cell
            while let first = text.first, first == 0x20 || first == 0x09 { text = text.dropFirst() }
            while let last = text.last, last == 0x20 || last == 0x09 { text = text.dropLast() }
            let leftColon = text.first == 0x3A
            let rightColon = text.last == 0x3A && text.count > 1
            let dashes = text.dropFirst(leftColon ? 1 : 0).dropLast(rightColon ? 1 : 0)
            guard !dashes.isEmpty, dashes.allSatisfy({ $0 == 0x2D }) else { return nil }
            result.append(leftColon && rightColon ? .center : rightColon ? .right : .left)
        }
        return result.isEmpty ? nil : result
    }

    /// The number of cells in a row.
    static func cellCount(of line: ArraySlice<UInt8>) -> Int { split(line).count }

    /// Splits a row at unescaped pipes, without the outer pipes.
    static func split(_ line: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var text = line
        while let first = text.first, first == 0x20 || first == 0x09 { text = text.dropFirst() }
        while let last = text.last, last == 0x20 || last == 0x09 { text = text.dropLast() }
        if text.first == 0x7C { text = text.dropFirst() }
        if text.last == 0x7C && !(text.count >= 2 && text[text.endIndex - 2] == 0x5C) { text = text.dropLast() }
        var cells: [ArraySlice<UInt8>] = []
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == 0x5C {
                index += 2
                continue
            }
            if text[index] == 0x7C {
                cells.append(text[start..<index])
                start = index + 1
            }
            index += 1
        }
        cells.append(text[start..<min(text.endIndex, max(start, text.endIndex))])
        return cells
    }

    private static func cells(
        of line: ArraySlice<UInt8>, columns: Int, header: Bool, parser: inout MarkdownInlineParser
    ) -> [Cell] {
        var cells: [Cell] = []
        for raw in split(line).prefix(columns) {
            var text = raw
            while let first = text.first, first == 0x20 || first == 0x09 { text = text.dropFirst() }
            while let last = text.last, last == 0x20 || last == 0x09 { text = text.dropLast() }
            var collector = InlineCollector()
            parser.beginLine(base: header ? MarkdownAttributes(flags: MarkdownAttributes.bold) : .plain)
            parser.feed(Self.unescapingPipes(text), sink: &collector)
            _ = parser.endLine(sink: &collector)
            cells.append(Cell(content: collector.content, width: DisplayWidth.of(utf8: collector.content.bytes[...])))
        }
        while cells.count < columns { cells.append(Cell(content: InlineContent(), width: 0)) }
        return cells
    }

    /// GFM replaces `\|` by `|` in a cell before reading its inline content (code spans too).
    private static func unescapingPipes(_ text: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        guard text.contains(0x5C) else { return text }
        var result: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == 0x5C && index + 1 < text.endIndex && text[index + 1] == 0x7C {
                index += 1
            }
            result.append(text[index])
            index += 1
        }
        return result[...]
    }

    private static func trimmed(_ line: ArraySlice<UInt8>) -> [UInt8] {
        var text = line
        while let last = text.last, last == 0x20 || last == 0x09 { text = text.dropLast() }
        return Array(text)
    }
}
