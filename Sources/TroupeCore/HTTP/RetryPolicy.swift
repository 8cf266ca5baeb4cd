import Foundation

/// When and how long to wait before trying a failed request again.
///
/// Attempt 1 is never delayed. Before retry `n` (n = 1, 2, ...) the client waits
/// `min(initialWait * backoffFactor^(n-1), maxWait)`, shortened by up to `jitter` (a fraction)
/// at random, unless the server said how long to wait (`retry-after-ms`, `retry-after`): that is
/// used as given when it is at most `maxRetryAfter`; a longer one means "don't retry".
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included (MAX_ATTEMPTS). At least 1.
    public var maxAttempts: Int
    /// Wait before the first retry (WAITING_TIME).
    public var initialWait: Duration
    /// Each later wait is the previous one times this (EXPONENTIAL_BACKOFF_FACTOR).
    public var backoffFactor: Double
    /// Fraction of each computed wait removed at random (0 = none, 0.25 = up to a quarter).
    public var jitter: Double
    /// Upper bound of a computed wait.
    public var maxWait: Duration
    /// The longest server-requested wait that is honoured.
    public var maxRetryAfter: Duration

    public init(
        maxAttempts: Int = 5,
        initialWait: Duration = .seconds(1),
        backoffFactor: Double = 5,
        jitter: Double = 0.25,
        maxWait: Duration = .seconds(60),
        maxRetryAfter: Duration = .seconds(120)
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialWait = initialWait
        self.backoffFactor = backoffFactor
        self.jitter = min(max(jitter, 0), 1)
        self.maxWait = maxWait
        self.maxRetryAfter = maxRetryAfter
    }

    /// No retries: one attempt.
    public static let none = RetryPolicy(maxAttempts: 1)

    /// How long to wait before retry number `retry` (1 for the first retry).
    /// - Parameters:
    ///   - serverDelay: what the server asked for, if anything.
    ///   - random: a number in 0..<1 that picks the jitter.
    /// - Returns: the wait, or nil when the server asked for more than ``maxRetryAfter``.
    public func delay(beforeRetry retry: Int, serverDelay: Duration? = nil, random: Double) -> Duration? {
        if let serverDelay, serverDelay > .zero {
            return serverDelay <= maxRetryAfter ? serverDelay : nil
        }
        let exponent = Double(max(retry, 1) - 1)
        let computed = initialWait.seconds * pow(backoffFactor, exponent)
        let capped = min(computed, maxWait.seconds)
        let jittered = capped * (1 - jitter * min(max(random, 0), 1))
        return .saturating(seconds: jittered)
    }

    /// The wait a response asks for in `retry-after-ms` (milliseconds) or `retry-after`
    /// (seconds or an HTTP date), or nil.
    ///
    /// A huge value (`1e10`, an HTTP date in the year 9999) saturates instead of overflowing;
    /// ``delay(beforeRetry:serverDelay:random:)`` then declines to wait that long.
    public static func serverDelay(retryAfterMs: String?, retryAfter: String?, now: Date = Date()) -> Duration? {
        // `inf` or a number too large for a Double reads as infinity: wait "forever".
        func number(_ text: String) -> Double? {
            if let value = Setting.decimal(text) { return value }
            if let value = Double(text), value == .infinity { return 1e9 }
            return nil
        }
        if let text = retryAfterMs?.trimmingCharacters(in: .whitespaces), let ms = number(text), ms >= 0 {
            return .saturating(seconds: ms / 1000)
        }
        guard let text = retryAfter?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        if let seconds = number(text), seconds >= 0 {
            return .saturating(seconds: seconds)
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: text) else { return nil }
        return .saturating(seconds: date.timeIntervalSince(now))
    }

    /// Whether an HTTP status is worth retrying: 408, 409, 429 and every 5xx, unless the server
    /// says otherwise in `x-should-retry: true|false`.
    public static func shouldRetry(status: Int, shouldRetryHeader: String?) -> Bool {
        switch shouldRetryHeader?.lowercased() {
        case "true": return true
        case "false": return false
        default: return status == 408 || status == 409 || status == 429 || status >= 500
        }
    }
}
