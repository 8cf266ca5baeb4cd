import Dispatch
import Foundation
import Synchronization

/// The few threads every child process is spawned from, alive as long as this process.
///
/// Linux delivers a child's parent-death signal (`PR_SET_PDEATHSIG`, which `setpriv
/// --pdeathsig` sets) when the *thread* that forked it ends, not the process. Swift's pool and
/// Dispatch's worker threads come and go (idle Dispatch workers exit after a few seconds), so a
/// server spawned from one of them would be killed at a random moment. Spawning from these
/// never-ending threads makes the signal mean "this process died".
///
/// Several threads, not one: `posix_spawn` holds its thread until the child has called
/// `exec`, which on a busy disk can take seconds; with one thread every other spawn (a
/// lifetime watcher, another server) would queue behind it.
final class SpawnThread: Sendable {
    static let shared = SpawnThread(threads: 4)

    private let jobs = Mutex<[@Sendable () -> Void]>([])
    private let wake = DispatchSemaphore(value: 0)

    private init(threads: Int) {
        for _ in 0..<threads {
            Thread { [self] in run() }.start()
        }
    }

    private func run() -> Never {
        nameCurrentThread("troupe-spawn")
        while true {
            wake.wait()
            let job = jobs.withLock { $0.isEmpty ? nil : $0.removeFirst() }
            job?()
        }
    }

    /// Runs `body` on a spawn thread and returns its result. `body` must be quick (a
    /// `posix_spawn` call): the few spawn threads are shared by every spawn of the process.
    func perform<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            jobs.withLock { $0.append { continuation.resume(with: Result { try body() }) } }
            wake.signal()
        }
    }
}

/// Runs blocking work (hashing a model file) on a thread of its own, so it does not hold one
/// of the few threads of Swift's cooperative pool for seconds.
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread {
            nameCurrentThread("troupe-blocking")
            continuation.resume(with: Result { try body() })
        }.start()
    }
}
