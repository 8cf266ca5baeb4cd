/// Which answer of a request the cache gives and keeps.
///
/// A request can have several independent answers in the cache, numbered from 0.
public enum CacheSample: Sendable, Hashable {
    /// Sample `index`: answered from the cache when it holds that sample, else asked and
    /// stored as that sample. Ordinary requests use sample 0; `--repeat N` uses 0…N−1.
    case index(Int)
    /// A new answer: no lookup, and the answer is stored as the next free sample
    /// (`/retry`, `/regenerate`).
    case fresh

    /// Sample 0.
    public static let first = CacheSample.index(0)
}
