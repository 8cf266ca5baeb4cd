import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files so that a reader sees either the old content or the new one, never a mix.
///
/// The data goes to a temporary file in the same directory (so the rename stays on one file
/// system), is flushed to disk with `fsync`, then renamed over the target; the directory is
/// synced too so the rename itself survives a crash.
enum AtomicFile {
    /// Prefix of temporary files; a crash can leave one behind and listings skip them.
    static let temporaryPrefix = ".troupe-tmp-"

    /// Removes temporary files of `name` left by a process that died while writing (killed
    /// with SIGKILL, say): their names carry the writer's pid, and that process is gone.
    static func removeStaleTemporaries(in directory: URL, for name: String) {
        let prefix = "\(temporaryPrefix)\(name)."
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return }
        for entry in entries where entry.hasPrefix(prefix) {
            let rest = entry.dropFirst(prefix.count)
            guard let pid = rest.split(separator: ".").first.flatMap({ Int32($0) }), pid > 0 else { continue }
            if kill(pid, 0) != 0, errno == ESRCH {
                unlink(directory.appendingPathComponent(entry).path)
            }
        }
    }

    /// Writes `data` to `url` atomically with the given permissions.
    /// - Parameters:
    ///   - beforeRename: Called with the temporary file's URL once it is written and synced,
    ///     before the rename; a test seam to simulate a crash or failure mid-save.
    /// - Throws: ``SessionError/writeFailed(path:reason:)``; the temporary file is removed and
    ///   the target is untouched.
    static func write(
        _ data: Data,
        to url: URL,
        permissions: mode_t = 0o600,
        beforeRename: (URL) throws -> Void = { _ in }
    ) throws {
        let directory = url.deletingLastPathComponent()
        removeStaleTemporaries(in: directory, for: url.lastPathComponent)
        let temporary = directory.appendingPathComponent(
            "\(temporaryPrefix)\(url.lastPathComponent).\(getpid()).\(UUID().uuidString.prefix(8))")
        let path = url.path

        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
        guard fd >= 0 else {
            throw SessionError.writeFailed(path: path, reason: errnoDescription())
        }
        var renamed = false
        defer { if !renamed { unlink(temporary.path) } }
        do {
            defer { close(fd) }
            // umask may have narrowed the mode; never widened it, but set it exactly.
            guard fchmod(fd, permissions) == 0 else {
                throw SessionError.writeFailed(path: path, reason: errnoDescription())
            }
            try data.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = systemWrite(fd, buffer.baseAddress! + offset, buffer.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        throw SessionError.writeFailed(path: path, reason: errnoDescription())
                    }
                    offset += written
                }
            }
            guard fsync(fd) == 0 else {
                throw SessionError.writeFailed(path: path, reason: errnoDescription())
            }
        }
        do {
            try beforeRename(temporary)
        } catch let error as SessionError {
            throw error
        } catch {
            throw SessionError.writeFailed(path: path, reason: "\(error)")
        }
        guard rename(temporary.path, path) == 0 else {
            throw SessionError.writeFailed(path: path, reason: errnoDescription())
        }
        renamed = true
        syncDirectory(directory)
    }

    /// Creates `directory` (and missing parents) when absent; the last component gets `mode`.
    static func createDirectory(_ directory: URL, mode: mode_t = 0o700) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw SessionError.writeFailed(path: directory.path, reason: "it exists and is not a directory")
            }
            return
        }
        do {
            try FileManager.default.createDirectory(
                at: directory.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw SessionError.writeFailed(path: directory.path, reason: "cannot create its parent: \(error.localizedDescription)")
        }
        if mkdir(directory.path, mode) != 0 && errno != EEXIST {
            throw SessionError.writeFailed(path: directory.path, reason: errnoDescription())
        }
        // mkdir applies the umask; the sessions directory is private whatever the umask is.
        chmod(directory.path, mode)
    }

    private static func syncDirectory(_ directory: URL) {
        let fd = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    static func errnoDescription() -> String {
        String(cString: strerror(errno))
    }
}

/// `write(2)`, named apart from the `write` methods in scope.
@inline(__always)
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(fd, buffer, count)
    #elseif canImport(Musl)
    return Musl.write(fd, buffer, count)
    #else
    return Darwin.write(fd, buffer, count)
    #endif
}
