import Foundation

/// Joins physical lines into one input: a line ending in `\` continues on the next line, and
/// `"""` opens a block that the next `"""` closes. A line that itself holds line breaks (a
/// paste, a multi-line entry recalled from history, text from the editor) is taken as it
/// stands: it ends the input, or joins an open block. A value state machine, tested without I/O.
public struct InputAssembler: Sendable {
    /// What a fed line gave.
    public enum Step: Sendable, Equatable {
        /// A whole input, ready to run.
        case complete(String)
        /// More lines are needed (show the continuation prompt).
        case needsMore
    }

    private static let fence = "\"\"\""
    private var pending: [String] = []
    private var inBlock = false

    public init() {}

    /// True while lines are being collected (a continuation or an open block).
    public var isCollecting: Bool { inBlock || !pending.isEmpty }

    /// Drops the lines collected so far (Ctrl-C in the middle of a block).
    public mutating func reset() {
        pending = []
        inBlock = false
    }

    /// Feeds one physical line.
    public mutating func feed(_ line: String) -> Step {
        if line.contains(where: \.isNewline) {
            return feedText(line)
        }
        if inBlock {
            if let closing = line.range(of: Self.fence, options: .backwards),
               line[closing.upperBound...].allSatisfy(\.isWhitespace) {
                pending.append(String(line[..<closing.lowerBound]))
                return finish(droppingEmptyEnds: true)
            }
            pending.append(line)
            return .needsMore
        }
        if pending.isEmpty, line.trimmingCharacters(in: .whitespaces).hasPrefix(Self.fence) {
            let opened = line.trimmingCharacters(in: .whitespaces).dropFirst(Self.fence.count)
            // `"""text"""` on one line is a complete block.
            if opened.hasSuffix(Self.fence) {
                return .complete(String(opened.dropLast(Self.fence.count)))
            }
            inBlock = true
            pending = [String(opened)]
            return .needsMore
        }
        if line.hasSuffix("\\") {
            pending.append(String(line.dropLast()))
            return .needsMore
        }
        pending.append(line)
        return finish(droppingEmptyEnds: false)
    }

    /// Text with line breaks: its own fences and trailing backslashes are text, except a closing
    /// fence at its very end while a block is open.
    private mutating func feedText(_ text: String) -> Step {
        guard inBlock else {
            pending.append(text)
            return finish(droppingEmptyEnds: false)
        }
        let lastLine = text[(text.lastIndex(where: \.isNewline).map { text.index(after: $0) } ?? text.startIndex)...]
        if let closing = lastLine.range(of: Self.fence, options: .backwards),
           lastLine[closing.upperBound...].allSatisfy(\.isWhitespace) {
            // Line by line, so that the fence's own (now empty) line is dropped as a typed one is.
            pending += text[..<closing.lowerBound].split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            return finish(droppingEmptyEnds: true)
        }
        pending.append(text)
        return .needsMore
    }

    /// At the end of the input: the lines collected so far as one input (nothing typed is
    /// lost), or nil when nothing is pending.
    public mutating func flush() -> String? {
        guard isCollecting else { return nil }
        guard case .complete(let text) = finish(droppingEmptyEnds: inBlock) else { return nil }
        return text
    }

    private mutating func finish(droppingEmptyEnds: Bool) -> Step {
        var lines = pending
        reset()
        if droppingEmptyEnds {
            // The fences' own lines are not part of the text.
            if lines.first?.isEmpty == true { lines.removeFirst() }
            if lines.last?.isEmpty == true { lines.removeLast() }
        }
        return .complete(lines.joined(separator: "\n"))
    }
}
