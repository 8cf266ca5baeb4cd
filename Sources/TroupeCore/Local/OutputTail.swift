import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The last lines a process wrote, in bounded memory: bytes in (any split), at most
/// `maxLines` complete lines of at most `maxLineBytes` bytes each kept, plus the partial line.
public struct OutputTail: Sendable, Hashable {
    /// The most complete lines kept.
    public let maxLines: Int
    /// The most bytes kept of one line (the rest is shown as "…").
    public let maxLineBytes: Int
    private(set) var lines: [String] = []
    private var partial: [UInt8] = []
    /// Bytes dropped from the current partial line because it grew past `maxLineBytes`.
    private var partialOverflow = false

    /// An empty tail.
    public init(maxLines: Int = 50, maxLineBytes: Int = 2048) {
        self.maxLines = max(1, maxLines)
        self.maxLineBytes = max(16, maxLineBytes)
    }

    /// Adds bytes as they arrive.
    public mutating func append<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                finishLine()
            } else if partial.count < maxLineBytes {
                partial.append(byte)
            } else {
                partialOverflow = true
            }
        }
    }

    /// The kept lines, oldest first, with an unfinished last line if there is one.
    public var text: [String] {
        partial.isEmpty ? lines : lines + [Self.line(partial, overflow: partialOverflow)]
    }

    private mutating func finishLine() {
        lines.append(Self.line(partial, overflow: partialOverflow))
        if lines.count > maxLines { lines.removeFirst(lines.count - maxLines) }
        partial.removeAll(keepingCapacity: true)
        partialOverflow = false
    }

    private static func line(_ bytes: [UInt8], overflow: Bool) -> String {
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasSuffix("\r") { text.removeLast() }
        return overflow ? text + "…" : text
    }
}

/// Reads a pipe on a thread of its own into an ``OutputTail`` until end of file, then closes it.
final class OutputCapture: Sendable {
    private let state: Mutex<(tail: OutputTail, finished: Bool)>

    /// Starts reading `fd` (taking ownership of it).
    init(reading fd: Int32, maxLines: Int = 50) {
        state = Mutex((OutputTail(maxLines: maxLines), false))
        let thread = Thread { [self] in
            nameCurrentThread("troupe-output")
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { break }
                state.withLock { $0.tail.append(buffer[0..<count]) }
            }
            close(fd)
            state.withLock { $0.finished = true }
        }
        thread.start()
    }

    /// The last lines read so far.
    var lines: [String] { state.withLock { $0.tail.text } }

    /// Waits up to `timeout` for the end of the output (the writer exited), so a tail read after
    /// a crash holds the last words.
    func waitForEnd(within timeout: Duration) async {
        let deadline = ContinuousClock.now + timeout
        while !state.withLock({ $0.finished }), ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
    }
}
