import Synchronization

/// The run's progress, updated by the cell tasks and the batch waits, told to the caller
/// after each change.
final class EvalProgressCounter: Sendable {
    private let state: Mutex<EvalProgress>
    private let report: @Sendable (EvalProgress) -> Void

    init(total: Int, report: @escaping @Sendable (EvalProgress) -> Void) {
        state = Mutex(EvalProgress(done: 0, total: total, failed: 0, errors: 0))
        self.report = report
    }

    /// A cell is done.
    func finished(_ result: EvalCellResult) {
        let now = state.withLock { progress in
            progress.done += 1
            if result.status == .fail { progress.failed += 1 }
            if result.status == .error { progress.errors += 1 }
            return progress
        }
        report(now)
    }

    /// A batch is added (returns its position) or changed.
    @discardableResult
    func batch(_ batch: EvalBatchProgress, at position: Int? = nil) -> Int {
        let (now, index) = state.withLock { progress in
            let index = position ?? progress.batches.count
            if index < progress.batches.count { progress.batches[index] = batch } else { progress.batches.append(batch) }
            return (progress, index)
        }
        report(now)
        return index
    }
}
