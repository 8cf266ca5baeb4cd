import Foundation
import Logging

/// Sends one request with retries: the same bytes on every attempt, the first attempt
/// undelayed, waits from ``RetryPolicy`` (or the server's Retry-After), an idle timeout per
/// attempt, and no retry once part of an answer reached the caller.
struct RequestExecutor: Sendable {
    let transport: any HTTPTransport
    let policy: RetryPolicy
    let sleep: @Sendable (Duration) async throws -> Void
    let random: @Sendable () -> Double
    let logger: Logger
    /// Values scrubbed from every server-provided text.
    let secrets: [String]

    /// Replaces every secret in `text` with `***`.
    func redact(_ text: String) -> String {
        secrets.reduce(text) { text, secret in
            secret.count < 4 ? text : text.replacingOccurrences(of: secret, with: "***")
        }
    }

    /// Runs `request` until `handle` returns, a failure is final, or attempts run out.
    /// - Parameters:
    ///   - timeout: the longest wait for any byte.
    ///   - handle: reads a successful (2xx) response; calls `monitor.touch()` per read and
    ///     `monitor.markDelivered()` once it passed text on.
    func run<T: Sendable>(
        _ request: TransportRequest,
        timeout: Duration,
        handle: @escaping @Sendable (TransportResponse, AttemptMonitor) async throws -> T
    ) async throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            var outgoing = request
            if attempt > 1 {
                outgoing.headers.append((name: "x-retry-count", value: String(attempt - 1)))
            }
            let monitor = AttemptMonitor()
            let failure: ClientError
            var serverDelay: Duration?
            do {
                return try await withIdleTimeout(timeout, monitor: monitor) { [self, outgoing] in
                    let response = try await transport.send(outgoing)
                    monitor.touch()
                    guard (200..<300).contains(response.status) else {
                        throw try await self.failure(of: response, monitor: monitor)
                    }
                    return try await handle(response, monitor)
                }
            } catch {
                if Task.isCancelled || error is CancellationError { throw CancellationError() }
                let wrapped = ClientError.wrap(error, timeout: timeout)
                guard let clientError = wrapped as? ClientError else { throw wrapped }
                if case .rateLimited(_, let retryAfter) = clientError { serverDelay = retryAfter }
                if let statusFailure = error as? StatusFailure { serverDelay = statusFailure.retryAfter }
                failure = clientError
                if monitor.hasDelivered {
                    if case .streamInterrupted = clientError { throw clientError }
                    throw ClientError.streamInterrupted(clientError)
                }
                let retryable = (error as? StatusFailure)?.retryable ?? clientError.isRetryable
                guard retryable else { throw clientError }
            }
            guard attempt < policy.maxAttempts else {
                throw attempt > 1 ? ClientError.retriesExhausted(attempts: attempt, last: failure) : failure
            }
            guard let wait = policy.delay(beforeRetry: attempt, serverDelay: serverDelay, random: random()) else {
                throw failure
            }
            logger.warning(
                "attempt \(attempt) of \(policy.maxAttempts) failed; retrying in \(Self.format(wait))",
                metadata: ["error": "\(failure)"]
            )
            try await sleep(wait)
        }
    }

    private static func format(_ wait: Duration) -> String {
        let seconds = wait.seconds
        return seconds < 1 ? "\(Int((seconds * 1000).rounded())) ms" : String(format: "%.1f s", seconds)
    }

    /// The error for an unsuccessful status, with the server's body and retry advice.
    private func failure(of response: TransportResponse, monitor: AttemptMonitor) async throws -> StatusFailure {
        let body = try await response.body.collect(upTo: 1 << 20, onRead: monitor.touch)
        let retryAfter = RetryPolicy.serverDelay(
            retryAfterMs: response.header("retry-after-ms"),
            retryAfter: response.header("retry-after")
        )
        let error = ClientError.from(status: response.status, body: body, retryAfter: retryAfter, redact: redact)
        let retryable = RetryPolicy.shouldRetry(status: response.status, shouldRetryHeader: response.header("x-should-retry"))
        return StatusFailure(error: error, retryable: retryable, retryAfter: retryAfter)
    }
}

/// An unsuccessful HTTP status inside ``RequestExecutor``: the error and whether to retry.
struct StatusFailure: Error {
    var error: ClientError
    var retryable: Bool
    var retryAfter: Duration?
}
