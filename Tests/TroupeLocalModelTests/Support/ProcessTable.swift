import Foundation
@testable import TroupeCore

/// The pids of every process on the machine whose command line mentions `text` (from /proc),
/// whoever started it: a server troupe starts is this test's grandchild, not its child.
func processes(mentioning text: String) -> Set<Int32> {
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
    var found: Set<Int32> = []
    for entry in entries {
        guard let pid = Int32(entry), pid != getpid(), processIsAlive(pid),
            let cmdline = readSmallFile("/proc/\(pid)/cmdline", limit: 1 << 16),
            String(decoding: cmdline, as: UTF8.self).contains(text)
        else { continue }
        found.insert(pid)
    }
    return found
}

/// Waits up to `timeout` until no process mentions `text`; true if none is left.
func waitUntilNoProcess(mentioning text: String, within timeout: Duration) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if processes(mentioning: text).isEmpty { return true }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return processes(mentioning: text).isEmpty
}
