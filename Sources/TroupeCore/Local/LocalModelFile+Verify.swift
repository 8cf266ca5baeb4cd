import Crypto
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How a model file was found good.
public enum LocalModelVerification: Sendable, Hashable {
    /// Not pinned: it exists and starts with the GGUF magic.
    case unpinned
    /// Pinned; its stamp still matched size and mtime, so the stamp's hash was compared.
    case trustedStamp
    /// Pinned; the file was hashed (no stamp, or the file changed since), and matched.
    case rehashed
}

extension LocalModelFile {
    /// The first four bytes of every GGUF file.
    static let magic: [UInt8] = Array("GGUF".utf8)

    /// Checks that the file exists, is GGUF and, when pinned, has the pinned size and SHA-256.
    ///
    /// A pinned file whose stamp matches its size and mtime is not read beyond its magic (well
    /// under 5 ms). Otherwise it is hashed in 1 MiB pieces (bounded memory; seconds for the
    /// default model) and, when it matches, the stamp is rewritten so the next check is fast.
    /// Blocking file I/O: call it off the cooperative pool for a file that may be hashed.
    /// - Throws: ``LocalModelError``.
    @discardableResult
    public func verify() throws -> LocalModelVerification {
        let status: FileStatus
        switch FileStatus.of(path) {
        case .success(let found): status = found
        case .failure(let error) where error.code == ENOENT || error.code == ENOTDIR:
            throw LocalModelError.missing(source: source, path: path)
        case .failure(let error):
            throw LocalModelError.unreadable(path: path, errno: error.code)
        }
        guard status.isRegularFile else { throw LocalModelError.notAFile(source: source, path: path) }
        let head = try readHead(count: 4)
        guard head == Self.magic else {
            throw LocalModelError.notGGUF(path: path, found: head.map { String(format: "%02x", $0) }.joined())
        }
        guard let pin else { return .unpinned }
        guard status.size == pin.size else {
            throw LocalModelError.sizeMismatch(path: path, expected: pin.size, found: status.size)
        }
        let stamp = readSmallFile(stampPath, limit: 512).flatMap { LocalModelStamp(text: String(decoding: $0, as: UTF8.self)) }
        switch LocalModelStamp.decide(stamp: stamp, size: status.size, mtime: status.mtime) {
        case .trust(let sha256):
            guard sha256 == pin.sha256 else {
                throw LocalModelError.hashMismatch(path: path, expected: pin.sha256, found: sha256)
            }
            return .trustedStamp
        case .rehash:
            let found = try sha256()
            guard found == pin.sha256 else {
                throw LocalModelError.hashMismatch(path: path, expected: pin.sha256, found: found)
            }
            writeStamp(LocalModelStamp(size: status.size, mtime: status.mtime, sha256: found))
            return .rehashed
        }
    }

    /// The file's SHA-256 in lower-case hex, read in 1 MiB pieces.
    /// - Throws: ``LocalModelError/unreadable(path:errno:)``.
    public func sha256() throws -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw LocalModelError.unreadable(path: path, errno: errno) }
        defer { close(fd) }
        var hasher = SHA256()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = read(fd, buffer.baseAddress, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw LocalModelError.unreadable(path: path, errno: errno)
            }
            if count == 0 { break }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    private func readHead(count: Int) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw LocalModelError.unreadable(path: path, errno: errno) }
        defer { close(fd) }
        var head = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let got = head.withUnsafeMutableBytes { read(fd, $0.baseAddress.map { $0 + filled }, count - filled) }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { break }
            filled += got
        }
        return Array(head[0..<filled])
    }

    /// Rewrites the stamp after a successful hash. Best effort: a read-only models folder only
    /// means the next start hashes again.
    private func writeStamp(_ stamp: LocalModelStamp) {
        try? stamp.text.write(toFile: stampPath, atomically: true, encoding: .utf8)
    }
}
