import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard output and standard error, written unbuffered with `write(2)`.
///
/// When the reader goes away (`troupe send … | head -2`), the process ends at once and
/// quietly, as a Unix filter does: by SIGPIPE, exit status 141, nothing on standard error.
/// (Swift's `FileHandle.write` raises an Objective-C-style exception there instead, and NIO
/// ignores SIGPIPE for its sockets, so the default signal never arrives by itself.)
public enum StandardStream: Sendable {
    case output
    case error

    var descriptor: Int32 { self == .output ? STDOUT_FILENO : STDERR_FILENO }

    /// Writes all of `text`.
    public func write(_ text: String) {
        var text = text
        text.withUTF8 { buffer in
            guard let base = buffer.baseAddress else { return }
            write(base, count: buffer.count)
        }
    }

    /// Writes all of `count` bytes at `base`.
    public func write(_ base: UnsafeRawPointer, count: Int) {
        var offset = 0
        while offset < count {
            let written = systemWrite(descriptor, base + offset, count - offset)
            if written < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                if errno == EPIPE { Self.endQuietly() }
                return
            }
            offset += written
        }
    }

    /// Ends the process as SIGPIPE does by default: status 141, nothing printed.
    public static func endQuietly() -> Never {
        signal(SIGPIPE, SIG_DFL)
        raise(SIGPIPE)
        _exit(141)
    }

    private func systemWrite(_ fd: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        return Glibc.write(fd, pointer, count)
        #else
        return Darwin.write(fd, pointer, count)
        #endif
    }
}
