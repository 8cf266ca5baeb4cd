import Foundation
import Testing
@testable import TroupeCore

#if canImport(Glibc)
import Glibc
#endif

@Suite("Child processes and lifetime guards")
struct ChildProcessTests {
    @Test func reportsExitStatusAndSignal() async throws {
        let exited = try await ChildProcess.spawn("/bin/sh", arguments: ["-c", "exit 7"], environment: [:])
        #expect(await exited.waitForExit() == .exited(7))
        let killed = try await ChildProcess.spawn("/bin/sh", arguments: ["-c", "kill -SEGV $$"], environment: [:])
        let exit = await killed.waitForExit()
        #expect(exit == .signalled(11))
        #expect(exit.shellStatus == 139)
        #expect(exit.description == "was killed by signal 11 (SIGSEGV)")
    }

    @Test func missingProgramFailsToSpawn() async {
        await #expect(throws: SystemError(ENOENT)) {
            _ = try await ChildProcess.spawn("/nonexistent/llama-server", arguments: [], environment: [:])
        }
    }

    @Test func runsInItsOwnProcessGroupWithTheGivenEnvironment() async throws {
        let (read, write) = try await ChildProcess.makePipe()
        let child = try await ChildProcess.spawn("/bin/sh", arguments: ["-c", "echo \"$GREETING\"; sleep 60"], environment: ["GREETING": "hello"], output: write)
        close(write)
        let output = OutputCapture(reading: read)
        #expect(getpgid(child.pid) == child.pid)
        #expect(getpgid(child.pid) != getpgrp())
        let deadline = ContinuousClock.now + .seconds(5)
        while output.lines.isEmpty, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(output.lines == ["hello"])
        #expect(await child.terminate(grace: .seconds(2)) == .signalled(SIGTERM))
    }

    @Test func childInheritsNoStrayDescriptors() async throws {
        let scratch = try LocalScratch()
        // Opened without close-on-exec, as some library might.
        let stray = open(scratch.file("stray.txt"), O_WRONLY | O_CREAT, 0o600)
        #expect(stray > 2)
        defer { close(stray) }
        let (read, write) = try await ChildProcess.makePipe()
        let child = try await ChildProcess.spawn(
            "/bin/sh", arguments: ["-c", "if [ -e /proc/self/fd/\(stray) ]; then echo open; else echo closed; fi"], environment: [:], output: write)
        close(write)
        let output = OutputCapture(reading: read)
        _ = await child.waitForExit()
        await output.waitForEnd(within: .seconds(2))
        #expect(output.lines == ["closed"])
    }

    @Test func terminateEscalatesToSIGKILL() async throws {
        let stubborn = try await ChildProcess.spawn("/bin/sh", arguments: ["-c", "trap '' TERM; while :; do sleep 0.05; done"], environment: [:])
        try await Task.sleep(for: .milliseconds(100))
        let clock = ContinuousClock()
        let start = clock.now
        #expect(await stubborn.terminate(grace: .milliseconds(300)) == .signalled(SIGKILL))
        #expect(clock.now - start >= .milliseconds(300))
    }

    /// The reason for the spawn thread: a parent-death signal fires when the spawning *thread*
    /// ends, not the process. A child spawned straight from a short-lived thread dies with it...
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"), "setpriv (util-linux) is not installed"))
    func pdeathsigFiresWhenTheSpawningThreadEnds() async throws {
        let pid: Int32 = await withCheckedContinuation { continuation in
            let thread = Thread {
                let pid = (try? ChildProcess.spawnNow("/usr/bin/setpriv", arguments: ["--pdeathsig", "KILL", "--", "/bin/sleep", "30"], environment: [:], standardInput: nil, output: nil)) ?? -1
                // Give setpriv time to set the signal and exec; then this thread ends.
                Thread.sleep(forTimeInterval: 0.3)
                continuation.resume(returning: pid)
            }
            thread.start()
        }
        #expect(pid > 0)
        #expect(await waitUntilGone(pid, within: .seconds(2)))
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        #expect(ChildExit(waitStatus: status) == .signalled(SIGKILL))
    }

    /// ...so every spawn runs on the one thread that never ends, and its children live on.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"), "setpriv (util-linux) is not installed"))
    func spawnsRunOnTheLongLivedSpawnThread() async throws {
        let spawnThreadName = try await SpawnThread.shared.perform { currentThreadName() }
        #expect(spawnThreadName == "troupe-spawn")
        let child: ChildProcess = try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                Task {
                    do {
                        continuation.resume(returning: try await ChildProcess.spawn("/usr/bin/setpriv", arguments: ["--pdeathsig", "KILL", "--", "/bin/sleep", "30"], environment: [:]))
                    } catch {
                        continuation.resume(throwing: error)
                    }
                }
            }
            thread.start()
        }
        try await Task.sleep(for: .milliseconds(300))
        #expect(processIsAlive(child.pid))
        child.send(SIGKILL)
        #expect(await child.waitForExit() == .signalled(SIGKILL))
    }

    @Test func watcherKillsItsTargetWhenThePipeCloses() async throws {
        let target = try await ChildProcess.spawn("/bin/sleep", arguments: ["30"], environment: [:])
        var handle: LifetimeGuardHandle? = try await LifetimeGuardHandle.watch(target.pid, shell: "/bin/sh")
        let watcher = try #require(handle?.watcherPID)
        try await Task.sleep(for: .milliseconds(100))
        #expect(processIsAlive(target.pid))
        // Dropping the handle closes the write end, as the kernel does when troupe dies.
        handle = nil
        #expect(await target.waitForExit(within: .seconds(2)) == .signalled(SIGKILL))
        #expect(await waitUntilGone(watcher, within: .seconds(2)))
    }

    @Test func releasedWatcherLeavesItsTargetAlone() async throws {
        let target = try await ChildProcess.spawn("/bin/sleep", arguments: ["30"], environment: [:])
        let handle = try await LifetimeGuardHandle.watch(target.pid, shell: "/bin/sh")
        let watcher = try #require(handle.watcherPID)
        await handle.release()
        #expect(!processIsAlive(watcher))
        try await Task.sleep(for: .milliseconds(200))
        #expect(target.exitStatus == nil)
        #expect(await target.terminate() == .signalled(SIGTERM))
    }

    @Test func automaticGuardPrefersSetpriv() async {
        let chosen = await LocalServerLifetimeGuard.automatic()
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") {
            #expect(chosen == .setpriv(path: "/usr/bin/setpriv"))
        } else {
            #expect(chosen == .watcher(shell: "/bin/sh"))
        }
    }
}

/// The kernel's name of the calling thread (what Foundation's `Thread.name` set).
private func currentThreadName() -> String {
    let bytes = readSmallFile("/proc/thread-self/comm", limit: 64) ?? []
    return String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
}
