import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The system's text for `errno` (`strerror`), e.g. "No such file or directory".
func systemErrorText(_ code: Int32) -> String {
    guard let text = strerror(code) else { return "error \(code)" }
    return String(cString: text)
}

/// Size and modification time (whole seconds, as `stat -c %Y` prints it) of a path.
struct FileStatus: Sendable, Hashable {
    var size: Int64
    var mtime: Int64
    var isRegularFile: Bool

    /// `stat(2)` of `path`; nil with `errno` when it fails.
    static func of(_ path: String) -> Result<FileStatus, SystemError> {
        var info = stat()
        guard stat(path, &info) == 0 else { return .failure(SystemError(errno)) }
        #if canImport(Darwin)
        let seconds = Int64(info.st_mtimespec.tv_sec)
        #else
        let seconds = Int64(info.st_mtim.tv_sec)
        #endif
        return .success(FileStatus(
            size: Int64(info.st_size),
            mtime: seconds,
            isRegularFile: (info.st_mode & S_IFMT) == S_IFREG
        ))
    }
}

/// An `errno` value as an `Error`.
struct SystemError: Error, Sendable, Hashable {
    var code: Int32
    init(_ code: Int32) { self.code = code }
}

/// Whether a process with `pid` exists and is not a zombie (a dead child nobody has reaped,
/// which `kill(pid, 0)` still reports as present).
func processIsAlive(_ pid: Int32) -> Bool {
    guard pid > 0 else { return false }
    if kill(pid, 0) != 0 && errno != EPERM { return false }
    #if os(Linux)
    // /proc/PID/stat: "pid (comm) S ..."; comm may hold spaces and parentheses, so read the
    // state after the last ')'.
    guard let bytes = readSmallFile("/proc/\(pid)/stat", limit: 4096) else { return false }
    let text = String(decoding: bytes, as: UTF8.self)
    guard let paren = text.lastIndex(of: ")")
    else { return true }
    let state = text[text.index(after: paren)...].drop { $0 == " " }.first
    return state != "Z" && state != "X"
    #else
    return true
    #endif
}

/// The first `limit` bytes of a small file (stamps, /proc entries), read with plain `read(2)`
/// because /proc files report size 0 to `stat`. Nil when the file cannot be opened.
func readSmallFile(_ path: String, limit: Int) -> [UInt8]? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while bytes.count < limit {
        let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, min($0.count, limit - bytes.count)) }
        if count < 0 && errno == EINTR { continue }
        guard count > 0 else { break }
        bytes += chunk[0..<count]
    }
    return bytes
}

/// Writes all of `bytes` to `fd`, retrying short writes; false on an error.
func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
    var offset = 0
    while offset < bytes.count {
        let count = bytes.withUnsafeBytes { write(fd, $0.baseAddress.map { $0 + offset }, bytes.count - offset) }
        if count < 0 && errno == EINTR { continue }
        guard count > 0 else { return false }
        offset += count
    }
    return true
}

/// Names the calling thread for `ps -L`/`top -H` and debuggers. On Linux it writes the kernel's
/// name directly: Foundation's `Thread.name` reaches the kernel only when Foundation already
/// knows the thread is current, which is racy right after the thread starts.
func nameCurrentThread(_ name: String) {
    #if os(Linux)
    let fd = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
    guard fd >= 0 else { return }
    _ = writeAll(fd, Array(name.utf8.prefix(15)))
    close(fd)
    #else
    Thread.current.name = name
    #endif
}
