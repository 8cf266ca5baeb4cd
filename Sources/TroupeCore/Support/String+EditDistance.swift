extension String {
    /// The Levenshtein distance to `other`: the fewest insertions, deletions and substitutions
    /// of characters that turn one into the other. Used to suggest the nearest name for a
    /// mistyped command, setting, template or session; the names are short, so the plain
    /// two-row dynamic programme is enough.
    public func editDistance(to other: String) -> Int {
        let a = Array(self), b = Array(other)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

extension Sequence<String> {
    /// The element nearest to `name` by ``Swift/String/editDistance(to:)``, ignoring case, with
    /// that distance; ties go to the alphabetically first. Callers decide how near is near
    /// enough to suggest.
    public func nearest(to name: String) -> (name: String, distance: Int)? {
        let wanted = name.lowercased()
        return map { ($0, $0.lowercased().editDistance(to: wanted)) }
            .min { ($0.1, $0.0) < ($1.1, $1.0) }
            .map { (name: $0.0, distance: $0.1) }
    }
}
