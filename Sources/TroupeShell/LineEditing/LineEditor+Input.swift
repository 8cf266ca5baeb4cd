import CEditLine
import Foundation

extension LineEditor {
    /// libedit's read function (`EL_GETCFN`): the next character from the queue, else from the
    /// terminal through the key decoder. A resize of the terminal while waiting redraws the
    /// line for the new width.
    /// - Returns: 1 with a character, 0 at the end of the input, -1 on an error.
    static func readCharacter(_ editLine: OpaquePointer, into character: UnsafeMutablePointer<wchar_t>) -> Int32 {
        guard let state = EditorState.from(editLine) else { return -1 }
        while true {
            if let scalar = state.nextPending() {
                character.pointee = wchar_t(bitPattern: scalar.value)
                return 1
            }
            switch TerminalRead.wait(resizeDescriptor: state.resizeDescriptor) {
            case .bytes(let bytes):
                state.enqueue(state.decoder.feed(bytes))
            case .resized:
                redrawAfterResize(editLine, state: state)
            case .end:
                return 0
            case .failed:
                return -1
            }
        }
    }

    /// libedit learns the width only when a line starts, so a resize while editing (a pane
    /// split beside the shell) left it drawing for the old width: editing a line that wraps
    /// then hid whole rows until Ctrl-L. Now the cursor goes back to where the prompt starts
    /// (terminals such as tmux reflow wrapped rows to the new width), what is below is
    /// cleared, and libedit redraws with the new size.
    private static func redrawAfterResize(_ editLine: OpaquePointer, state: EditorState) {
        let width = TerminalInfo.columns()
        let row = LineGeometry.cursorRow(
            promptWidth: state.promptWidth, textBeforeCursor: textBeforeCursor(editLine), width: width)
        TerminalInfo.writeRaw("\r" + (row > 0 ? "\u{1B}[\(row)A" : "") + "\u{1B}[J")
        el_resize(editLine)
        troupe_el_refresh(editLine)
    }

    /// The line up to the cursor.
    static func textBeforeCursor(_ editLine: OpaquePointer) -> String {
        guard let info = el_line(editLine)?.pointee, let buffer = info.buffer, let cursor = info.cursor else { return "" }
        let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self),
                                        count: max(0, cursor - buffer))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// How many characters follow the cursor.
    static func charactersAfterCursor(_ editLine: OpaquePointer) -> Int {
        guard let info = el_line(editLine)?.pointee, let cursor = info.cursor, let last = info.lastchar else { return 0 }
        let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(cursor).assumingMemoryBound(to: UInt8.self),
                                        count: max(0, last - cursor))
        return String(decoding: bytes, as: UTF8.self).unicodeScalars.count
    }
}

extension EditorState {
    /// Reads what is already waiting on the terminal (typed while the last input ran) and
    /// queues it as typed ahead: Enter becomes a line break, so the text waits at the prompt.
    func takeTypedAhead() {
        while case .bytes(let bytes) = TerminalRead.available() {
            enqueue(KeyDecoder.typedAhead(decoder.feed(bytes)))
        }
    }
}

/// Reads of the terminal (standard input) for the line editor.
enum TerminalRead {
    enum Result {
        case bytes([UInt8])
        case resized
        case end
        case failed
    }

    /// Waits for bytes on standard input or a byte on the resize pipe.
    static func wait(resizeDescriptor: Int32) -> Result {
        var descriptors = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)]
        if resizeDescriptor >= 0 {
            descriptors.append(pollfd(fd: resizeDescriptor, events: Int16(POLLIN), revents: 0))
        }
        while true {
            let ready = poll(&descriptors, nfds_t(descriptors.count), -1)
            if ready < 0 {
                if errno == EINTR { continue }
                return .failed
            }
            if descriptors.count > 1, descriptors[1].revents & Int16(POLLIN) != 0 {
                var drain = [UInt8](repeating: 0, count: 64)
                while read(resizeDescriptor, &drain, drain.count) > 0 {}
                return .resized
            }
            if descriptors[0].revents != 0 {
                return readBytes()
            }
        }
    }

    /// Bytes already waiting on standard input, without blocking; `.end` when none.
    static func available() -> Result {
        var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, 0) > 0, descriptor.revents & Int16(POLLIN) != 0 else { return .end }
        return readBytes()
    }

    private static func readBytes() -> Result {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(STDIN_FILENO, &buffer, buffer.count)
            if count > 0 { return .bytes(Array(buffer[0..<count])) }
            if count == 0 { return .end }
            if errno == EINTR || errno == EAGAIN { continue }
            return .failed
        }
    }
}

/// Where things fall on the terminal, as libedit lays out the prompt and the line.
enum LineGeometry {
    /// The prompt's width: the parts between two `escape` characters (colours) take none.
    static func promptWidth(_ prompt: String, escape: Character) -> Int {
        var width = 0
        var hidden = false
        for character in prompt {
            if character == escape {
                hidden.toggle()
            } else if !hidden {
                width += TerminalWidth.of(character)
            }
        }
        return width
    }

    /// The row (0 = the prompt's) that the cursor is on, after `textBeforeCursor`, on a
    /// terminal `width` columns wide. libedit moves to the next row once a row is full, shows
    /// a line break as one, and expands a tab to the next multiple of 8.
    static func cursorRow(promptWidth: Int, textBeforeCursor: String, width: Int) -> Int {
        let width = max(1, width)
        var row = 0
        var column = promptWidth
        row += column / width
        column %= width
        for character in textBeforeCursor {
            if character == "\n" || character == "\r\n" {
                row += 1
                column = 0
                continue
            }
            let advance = character == "\t" ? 8 - column % 8 : TerminalWidth.of(character)
            if column + advance > width {
                // A wide character that does not fit starts the next row.
                row += 1
                column = 0
            }
            column += advance
            if column >= width {
                row += 1
                column = 0
            }
        }
        return row
    }
}
