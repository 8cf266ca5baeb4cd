import CEditLine
import Foundation

extension LineEditor {
    /// Tab: completes the word before the cursor as far as every candidate agrees; a single
    /// candidate is completed with a space after it (not after `name=`); several are listed
    /// below the line.
    static func complete(_ editLine: OpaquePointer) -> UInt8 {
        guard let state = EditorState.from(editLine), let info = el_line(editLine)?.pointee,
              let buffer = info.buffer, let cursor = info.cursor
        else { return UInt8(CC_ERROR) }
        let length = cursor - buffer
        let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self),
                                        count: max(0, length))
        let beforeCursor = String(decoding: bytes, as: UTF8.self)

        let outcome = CompletionOutcome(lineBeforeCursor: beforeCursor, candidates: state.completion(beforeCursor))
        switch outcome {
        case .none:
            return UInt8(CC_REFRESH_BEEP)
        case .insert(let text):
            el_insertstr(editLine, text)
            return UInt8(CC_REFRESH)
        case .list(let candidates):
            let listing = "\n" + CompletionOutcome.columns(candidates, width: TerminalInfo.columns()) + "\n"
            TerminalInfo.writeRaw(listing)
            return UInt8(CC_REDISPLAY)
        }
    }
}

/// What Tab does with a set of candidates; pure, so it is tested without a terminal.
enum CompletionOutcome: Equatable {
    /// Nothing matches.
    case none
    /// Text to insert at the cursor.
    case insert(String)
    /// Several candidates and nothing more in common: show them.
    case list([String])

    init(lineBeforeCursor: String, candidates: [String]) {
        let word = String(lineBeforeCursor.split(separator: " ", omittingEmptySubsequences: false).last ?? "")
        let matches = Array(Set(candidates.filter { $0.hasPrefix(word) })).sorted()
        guard let first = matches.first else {
            self = .none
            return
        }
        if matches.count == 1 {
            // `name=` waits for its value; anything else is a whole word.
            let separator = first.hasSuffix("=") ? "" : " "
            self = .insert(String(first.dropFirst(word.count)) + separator)
            return
        }
        let common = matches.dropFirst().reduce(first) { $0.commonPrefix(with: $1) }
        if common.count > word.count {
            self = .insert(String(common.dropFirst(word.count)))
        } else {
            self = .list(matches)
        }
    }

    /// Candidates laid out in columns that fit `width`.
    static func columns(_ items: [String], width: Int) -> String {
        let cell = (items.map(\.count).max() ?? 0) + 2
        let perRow = max(1, width / max(cell, 1))
        var lines: [String] = []
        var index = 0
        while index < items.count {
            let row = items[index..<min(index + perRow, items.count)]
            lines.append(row.map { $0.padding(toLength: cell, withPad: " ", startingAt: 0) }
                .joined().trimmingCharacters(in: .whitespaces))
            index += perRow
        }
        return lines.joined(separator: "\n")
    }
}
