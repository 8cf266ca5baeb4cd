import Foundation
import Logging

/// Sends one request with the retry rules: the same bytes on every attempt, backoff with
/// jitter (or the server's Retry-After), and no retry once part of an answer reached the caller.
///
/// Each attempt has a deadline from the request to the answer's last byte (TIMEOUT). Connection
/// failures follow their own rules, so an unreachable server costs seconds, not minutes: a
/// refused connection is retried twice (after about 0.5 s and 1 s), a connection that times out
/// or a host that does not resolve is not retried, and a kept-alive connection the server had
/// closed while idle is sent again at once, without counting as an attempt.
struct RequestExecutor: Sendable {
    let transport: any HTTPTransport
    let policy: RetryPolicy
    let sleep: @Sendable (Duration) async throws -> Void
    let random: @Sendable () -> Double
    let logger: Logger
    /// Values scrubbed from every server-provided text.
    let secrets: [String]

    /// Waits before the retries of a refused connection.
    static let refusedRetryWaits: [Duration] = [.milliseconds(500), .seconds(1)]

    /// Replaces every secret in `text` with `***`.
    func redact(_ text: String) -> String {
        secrets.reduce(text) { text, secret in
            secret.count < 4 ? text : text.replacingOccurrences(of: secret, with: "***")
        }
    }

    /// Runs `request` until `handle` returns, a failure is final, or attempts run out.
    /// - Parameters:
    ///   - onEvent: told of each retry before its wait.
    ///   - handle: reads a successful (2xx) response; calls `context.markDelivered()` once it
    ///     passed text on.
    ///   - partial: the result to keep when TIMEOUT cuts an attempt that had delivered text
    ///     (nil: the timeout is an error).
    func run<T: Sendable>(
        _ request: TransportRequest,
        onEvent: @escaping ChatEventHandler = { _ in },
        handle: @escaping @Sendable (TransportResponse, AttemptContext) async throws -> T,
        partial: @escaping @Sendable (AttemptContext) -> T? = { _ in nil }
    ) async throws -> T {
        var attempt = 0
        var refusals = 0
        var resentAfterIdleClose = false
        while true {
            attempt += 1
            var outgoing = request
            if attempt > 1 {
                outgoing.headers.append((name: "x-retry-count", value: String(attempt - 1)))
            }
            let context = AttemptContext()
            let failure: ClientError
            var serverDelay: Duration?
            var retryable: Bool
            logSend(outgoing, attempt: attempt)
            let sending = outgoing
            do {
                return try await Self.withDeadline(request.timeout) { [self] in
                    let response = try await transport.send(sending)
                    logResponse(response)
                    guard (200..<300).contains(response.status) else {
                        throw try await self.failure(of: response)
                    }
                    return try await handle(response, context)
                }
            } catch {
                if error is DeadlineExceeded {
                    if context.hasDelivered, let kept = partial(context) {
                        logger.debug("the answer was cut by TIMEOUT; keeping what arrived")
                        return kept
                    }
                    failure = .timeout(seconds: request.timeout.seconds)
                    retryable = !context.hasDelivered
                } else if Task.isCancelled || error is CancellationError {
                    throw CancellationError()
                } else if case TransportError.closedBeforeResponse = error, !resentAfterIdleClose {
                    // A pooled connection the server closed while idle: nothing was answered,
                    // so the same request goes out again at once, silently.
                    resentAfterIdleClose = true
                    attempt -= 1
                    logger.debug("the connection was closed before any answer; sending again")
                    continue
                } else if case TransportError.refused(let target) = error {
                    guard refusals < Self.refusedRetryWaits.count else {
                        throw ClientError.connectionFailed("connection refused by \(target)")
                    }
                    let wait = Self.refusedRetryWaits[refusals]
                    refusals += 1
                    attempt -= 1
                    await onEvent(.retrying(RetryNotice(
                        reason: "connection refused", wait: wait, nextAttempt: refusals + 1,
                        maxAttempts: Self.refusedRetryWaits.count + 1)))
                    logger.debug("connection refused by \(target); retrying in \(wait)")
                    try await sleep(wait)
                    continue
                } else {
                    let wrapped = ClientError.wrap(error, timeout: request.timeout)
                    guard let clientError = wrapped as? ClientError else { throw wrapped }
                    failure = clientError
                    if let statusFailure = error as? StatusFailure {
                        serverDelay = statusFailure.retryAfter
                        retryable = statusFailure.retryable
                    } else {
                        retryable = clientError.isRetryable && Self.isRetryableTransportFailure(error)
                    }
                }
                if context.hasDelivered {
                    if case .streamInterrupted = failure { throw failure }
                    throw ClientError.streamInterrupted(failure)
                }
                guard retryable else { throw failure }
            }
            guard attempt < policy.maxAttempts else {
                throw attempt > 1 ? ClientError.retriesExhausted(attempts: attempt, last: failure) : failure
            }
            guard let wait = policy.delay(beforeRetry: attempt, serverDelay: serverDelay, random: random()) else {
                throw failure
            }
            await onEvent(.retrying(RetryNotice(
                reason: failure.shortReason, wait: wait, nextAttempt: attempt + 1, maxAttempts: policy.maxAttempts)))
            logger.debug("attempt \(attempt) of \(policy.maxAttempts) failed: \(failure); retrying in \(wait)")
            try await sleep(wait)
        }
    }

    /// Connection failures other than a refusal are final: a timed-out connect means the
    /// server is unreachable, and an unknown host or bad URL will not change on their own.
    private static func isRetryableTransportFailure(_ error: any Error) -> Bool {
        switch error as? TransportError {
        case .connectTimedOut?, .unknownHost?, .invalidURL?, .connectionFailed?: return false
        default: return true
        }
    }

    /// The error for an unsuccessful status, with the server's body and retry advice.
    private func failure(of response: TransportResponse) async throws -> StatusFailure {
        let body = try await response.body.collect(upTo: 1 << 20)
        let retryAfter = RetryPolicy.serverDelay(
            retryAfterMs: response.header("retry-after-ms"),
            retryAfter: response.header("retry-after")
        )
        let bytes = Array(body.readableBytesView)
        logger.debug("← error body: \(redact(String(decoding: bytes.prefix(2000), as: UTF8.self)))")
        let error = ClientError.from(status: response.status, body: bytes, retryAfter: retryAfter, redact: redact)
        let retryable = RetryPolicy.shouldRetry(status: response.status, shouldRetryHeader: response.header("x-should-retry"))
        return StatusFailure(error: error, retryable: retryable, retryAfter: retryAfter)
    }

    // MARK: - Verbose output (never a credential)

    private func logSend(_ request: TransportRequest, attempt: Int) {
        guard logger.logLevel <= .debug else { return }
        let headers = request.headers.map { header in
            Self.isCredentialHeader(header.name) ? "\(header.name): <redacted>" : "\(header.name): \(header.value)"
        }.joined(separator: ", ")
        logger.debug("→ \(request.method) \(URLRedaction.redacted(request.url)) (attempt \(attempt)) [\(headers)]")
        if !request.body.isEmpty {
            let text = String(decoding: request.body.prefix(4000), as: UTF8.self)
            logger.debug("→ body (\(request.body.count) bytes): \(redact(text))\(request.body.count > 4000 ? "…" : "")")
        }
    }

    private func logResponse(_ response: TransportResponse) {
        guard logger.logLevel <= .debug else { return }
        let headers = response.headers.map { header in
            Self.isCredentialHeader(header.name) ? "\(header.name): <redacted>" : "\(header.name): \(redact(header.value))"
        }.joined(separator: ", ")
        logger.debug("← HTTP \(response.status) [\(headers)]")
    }

    private static func isCredentialHeader(_ name: String) -> Bool {
        ["authorization", "api-key", "x-api-key", "cookie", "set-cookie", "proxy-authorization"].contains(name.lowercased())
    }

    // MARK: - The attempt deadline

    /// The marker of an attempt cut by its deadline.
    struct DeadlineExceeded: Error {}

    /// Runs `body`, cancelling it and throwing ``DeadlineExceeded`` after `timeout`.
    static func withDeadline<T: Sendable>(
        _ timeout: Duration, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw CancellationError() }
            guard let value = first else { throw DeadlineExceeded() }
            return value
        }
    }
}

/// An unsuccessful HTTP status inside ``RequestExecutor``: the error and whether to retry.
struct StatusFailure: Error {
    var error: ClientError
    var retryable: Bool
    var retryAfter: Duration?
}
