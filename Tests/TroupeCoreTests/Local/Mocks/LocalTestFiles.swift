import Foundation
import Synchronization
@testable import TroupeCore

#if canImport(Glibc)
import Glibc
#endif

// Shared with Tests/TroupeLocalModelTests (a symbolic link there points here).

/// A fresh folder under the system temp folder, removed when released.
final class LocalScratch: Sendable {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.path + "/troupe-local-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { path + "/" + name }

    /// Writes `bytes` to `name` (creating folders) and returns the path.
    @discardableResult
    func write(_ bytes: [UInt8], to name: String) throws -> String {
        let target = file(name)
        try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: target))
        return target
    }

    /// A small file that passes the GGUF magic check (not a loadable model).
    @discardableResult
    func fakeGGUF(_ name: String, payload: String = "not really a model") throws -> String {
        try write(Array("GGUF".utf8) + [3, 0, 0, 0] + Array(payload.utf8), to: name)
    }

    /// An executable shell script standing in for llama-server.
    @discardableResult
    func script(_ name: String, _ body: String) throws -> String {
        let target = try write(Array("#!/bin/sh\n\(body)\n".utf8), to: name)
        chmod(target, 0o755)
        return target
    }

    /// Paths as if HOME were this folder.
    func paths(extra: [String: String] = [:]) -> LocalPaths {
        LocalPaths(environment: ["HOME": path, "PATH": "/usr/bin:/bin"].merging(extra) { $1 }, workingDirectory: path)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Sets a file's modification time (whole seconds).
func setModificationTime(_ path: String, _ seconds: Int) {
    var times = [timespec(tv_sec: seconds, tv_nsec: 0), timespec(tv_sec: seconds, tv_nsec: 0)]
    utimensat(AT_FDCWD, path, &times, 0)
}

/// The pids of this process's children whose command line mentions `text` (from /proc: field 4
/// of /proc/PID/stat is the parent). Other tests run children at the same time, hence the filter.
func childPIDs(mentioning text: String) -> Set<Int32> {
    let me = getpid()
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
    var children: Set<Int32> = []
    for entry in entries {
        guard let pid = Int32(entry),
            let bytes = readSmallFile("/proc/\(pid)/stat", limit: 4096),
            case let text = String(decoding: bytes, as: UTF8.self),
            let paren = text.lastIndex(of: ")")
        else { continue }
        let fields = text[text.index(after: paren)...].split(separator: " ")
        guard fields.count > 1, Int32(fields[1]) == me,
            let cmdline = readSmallFile("/proc/\(pid)/cmdline", limit: 1 << 16),
            String(decoding: cmdline, as: UTF8.self).contains(text)
        else { continue }
        children.insert(pid)
    }
    return children
}

/// Waits up to `timeout` until `pid` is gone (or a zombie); true if it went.
func waitUntilGone(_ pid: Int32, within timeout: Duration) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if !processIsAlive(pid) { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return !processIsAlive(pid)
}

/// Collects values from any thread (progress reports).
final class Recorder<Value: Sendable>: Sendable {
    private let items = Mutex<[Value]>([])

    func append(_ value: Value) { items.withLock { $0.append(value) } }

    var all: [Value] { items.withLock { $0 } }
}
