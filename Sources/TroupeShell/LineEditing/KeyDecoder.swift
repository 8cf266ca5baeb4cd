/// Turns the bytes a terminal sends into what the line editor reads: characters, the escape
/// sequences of keys the editor has a binding for, and pasted blocks. A value state machine
/// fed one byte at a time, so any split of the input gives the same result; tested without
/// a terminal.
///
/// Why this exists: libedit inserts the tail of a key sequence it has no binding for as
/// text (`ESC[1;5D`, Ctrl-Left, became `;5D`) and knows nothing of bracketed paste. Here every
/// complete CSI (`ESC [ … final`) or SS3 (`ESC O x`) sequence is either passed on, when it is
/// in `known`, or dropped; and `ESC[200~ … ESC[201~` becomes one ``Output/paste(_:)``.
struct KeyDecoder: Sendable {
    /// What the editor is handed.
    enum Output: Sendable, Equatable {
        /// One character (or one byte of a bound escape sequence).
        case character(Unicode.Scalar)
        /// A bracketed paste, normalised by ``normalizePaste(_:)``.
        case paste(String)
    }

    static let escape: UInt8 = 0x1B
    static let pasteStart = Array("\u{1B}[200~".utf8)
    static let pasteEnd = Array("\u{1B}[201~".utf8)
    /// A sequence longer than this is not a key; it is dropped.
    static let longestSequence = 32

    private enum State: Sendable {
        case ground
        /// After ESC.
        case escape
        /// After `ESC [` (bytes from the ESC on) or `ESC O`.
        case csi([UInt8])
        case ss3
        /// Inside a bracketed paste (its bytes so far are in `pasted`).
        case paste
    }

    /// Sequences (from the ESC on) that are passed on; anything else of their kind is dropped.
    let known: Set<[UInt8]>
    /// False when each byte is a character (a single-byte locale).
    let utf8: Bool
    private var state = State.ground
    // Kept out of `State`: appending to an array held in an enum payload copies it each time.
    private var pasted: [UInt8] = []
    private var pendingUTF8: [UInt8] = []
    private var expectedUTF8 = 0

    init(known: Set<[UInt8]>, utf8: Bool = true) {
        self.known = known
        self.utf8 = utf8
    }

    /// True while a paste or an escape sequence is incomplete.
    var isInsideSequence: Bool {
        if case .ground = state { return expectedUTF8 > 0 }
        return true
    }

    /// Feeds bytes; returns what they complete.
    mutating func feed(_ bytes: some Sequence<UInt8>) -> [Output] {
        var outputs: [Output] = []
        for byte in bytes {
            feed(byte, into: &outputs)
        }
        return outputs
    }

    private mutating func feed(_ byte: UInt8, into outputs: inout [Output]) {
        switch state {
        case .ground:
            ground(byte, into: &outputs)
        case .escape:
            switch byte {
            case UInt8(ascii: "["):
                state = .csi([Self.escape, byte])
            case UInt8(ascii: "O"):
                state = .ss3
            case Self.escape:
                // ESC ESC: the first one stands alone.
                outputs.append(.character("\u{1B}"))
            default:
                // Alt-b, Alt-f, Alt-Backspace...: ESC then the key, for the editor's meta map.
                state = .ground
                outputs.append(.character("\u{1B}"))
                ground(byte, into: &outputs)
            }
        case .csi(var sequence):
            switch byte {
            case 0x20...0x3F:
                sequence.append(byte)
                state = sequence.count > Self.longestSequence ? .ground : .csi(sequence)
            case 0x40...0x7E:
                sequence.append(byte)
                state = .ground
                if sequence == Self.pasteStart {
                    state = .paste
                    pasted = []
                } else if known.contains(sequence) {
                    outputs.append(contentsOf: sequence.map { .character(Unicode.Scalar($0)) })
                }
            default:
                // Not a sequence after all (a control key in the middle): drop what came, keep the key.
                state = .ground
                ground(byte, into: &outputs)
            }
        case .ss3:
            state = .ground
            let sequence = [Self.escape, UInt8(ascii: "O"), byte]
            if known.contains(sequence) {
                outputs.append(contentsOf: sequence.map { .character(Unicode.Scalar($0)) })
            } else if !(0x20...0x7E).contains(byte) {
                ground(byte, into: &outputs)
            }
        case .paste:
            pasted.append(byte)
            if byte == UInt8(ascii: "~"), pasted.count >= Self.pasteEnd.count,
               pasted.suffix(Self.pasteEnd.count).elementsEqual(Self.pasteEnd) {
                state = .ground
                let body = String(decoding: pasted.dropLast(Self.pasteEnd.count), as: UTF8.self)
                pasted = []
                outputs.append(.paste(Self.normalizePaste(body)))
            }
        }
    }

    private mutating func ground(_ byte: UInt8, into outputs: inout [Output]) {
        if expectedUTF8 > 0 {
            if byte & 0xC0 == 0x80 {
                pendingUTF8.append(byte)
                expectedUTF8 -= 1
                if expectedUTF8 == 0 {
                    let scalar = String(decoding: pendingUTF8, as: UTF8.self).unicodeScalars.first ?? "\u{FFFD}"
                    outputs.append(.character(scalar))
                    pendingUTF8 = []
                }
                return
            }
            // A broken sequence: one replacement character, then this byte afresh.
            outputs.append(.character("\u{FFFD}"))
            pendingUTF8 = []
            expectedUTF8 = 0
        }
        if byte == Self.escape {
            state = .escape
            return
        }
        guard utf8, byte >= 0x80 else {
            outputs.append(.character(Unicode.Scalar(byte)))
            return
        }
        switch byte {
        case 0xC2...0xDF: expectedUTF8 = 1
        case 0xE0...0xEF: expectedUTF8 = 2
        case 0xF0...0xF4: expectedUTF8 = 3
        default:
            outputs.append(.character("\u{FFFD}"))
            return
        }
        pendingUTF8 = [byte]
    }

    /// A pasted block as it is inserted: line breaks (terminals send CR) become `\n`, other
    /// control characters (a stray ESC would move the cursor) are dropped, tabs are kept,
    /// and line breaks at the end are dropped, so that a copied line with its newline is
    /// inserted, not sent.
    static func normalizePaste(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "\r":
                result.append("\n")
            case "\n":
                if !previousWasCR { result.append("\n") }
            case "\t":
                result.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value) { continue }
                result.append(scalar)
            }
        }
        var normalized = String(result)
        while normalized.hasSuffix("\n") {
            normalized.removeLast()
        }
        return normalized
    }

    /// Keys typed while a reply streamed, for the next prompt: Enter there becomes a line
    /// break in the text (a paste of `"\n"`), so what was typed waits to be edited and sent
    /// instead of being sent at once.
    static func typedAhead(_ outputs: [Output]) -> [Output] {
        outputs.map { output in
            if case .character(let scalar) = output, scalar == "\r" || scalar == "\n" {
                return .paste("\n")
            }
            return output
        }
    }
}
