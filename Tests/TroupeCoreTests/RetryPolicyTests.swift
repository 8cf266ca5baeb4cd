import Foundation
import Testing
@testable import TroupeCore

@Suite("Retry policy")
struct RetryPolicyTests {
    @Test func waitsGrowByTheFactorAndStopAtTheCap() {
        let policy = RetryPolicy(maxAttempts: 6, initialWait: .seconds(1), backoffFactor: 5, jitter: 0.25, maxWait: .seconds(60))
        #expect(policy.delay(beforeRetry: 1, random: 0) == .seconds(1))
        #expect(policy.delay(beforeRetry: 2, random: 0) == .seconds(5))
        #expect(policy.delay(beforeRetry: 3, random: 0) == .seconds(25))
        #expect(policy.delay(beforeRetry: 4, random: 0) == .seconds(60))
    }

    @Test func jitterShortensByAtMostItsFraction() {
        let policy = RetryPolicy(initialWait: .seconds(2), backoffFactor: 2, jitter: 0.25)
        #expect(policy.delay(beforeRetry: 1, random: 0.999_999)! > .milliseconds(1499))
        #expect(policy.delay(beforeRetry: 1, random: 0.5) == .milliseconds(1750))
        for _ in 0..<100 {
            let wait = policy.delay(beforeRetry: 2, random: Double.random(in: 0..<1))!
            #expect(wait > .seconds(3) && wait <= .seconds(4))
        }
    }

    @Test func serverDelayWinsUpTo120Seconds() {
        let policy = RetryPolicy(initialWait: .seconds(1), jitter: 0)
        #expect(policy.delay(beforeRetry: 3, serverDelay: .milliseconds(250), random: 0) == .milliseconds(250))
        #expect(policy.delay(beforeRetry: 1, serverDelay: .seconds(120), random: 0) == .seconds(120))
        #expect(policy.delay(beforeRetry: 1, serverDelay: .seconds(121), random: 0) == nil)
        // Zero means "no advice": the computed wait applies.
        #expect(policy.delay(beforeRetry: 1, serverDelay: .zero, random: 0) == .seconds(1))
    }

    @Test func serverDelayHeadersAreParsed() {
        #expect(RetryPolicy.serverDelay(retryAfterMs: "1500", retryAfter: "9") == .milliseconds(1500))
        #expect(RetryPolicy.serverDelay(retryAfterMs: "12.5", retryAfter: nil) == .microseconds(12500))
        #expect(RetryPolicy.serverDelay(retryAfterMs: nil, retryAfter: "3") == .seconds(3))
        #expect(RetryPolicy.serverDelay(retryAfterMs: "soon", retryAfter: "0.5") == .milliseconds(500))
        #expect(RetryPolicy.serverDelay(retryAfterMs: nil, retryAfter: "later") == nil)
        #expect(RetryPolicy.serverDelay(retryAfterMs: nil, retryAfter: nil) == nil)
        let now = Date(timeIntervalSince1970: 1_700_000_000)  // Tue, 14 Nov 2023 22:13:20 GMT
        let date = RetryPolicy.serverDelay(retryAfterMs: nil, retryAfter: "Tue, 14 Nov 2023 22:13:50 GMT", now: now)
        #expect(date == .seconds(30))
    }

    @Test func retryableStatusesFollowTheSDK() {
        for status in [408, 409, 429, 500, 502, 503, 504, 529] {
            #expect(RetryPolicy.shouldRetry(status: status, shouldRetryHeader: nil), "\(status)")
        }
        for status in [400, 401, 403, 404, 422] {
            #expect(!RetryPolicy.shouldRetry(status: status, shouldRetryHeader: nil), "\(status)")
        }
        #expect(!RetryPolicy.shouldRetry(status: 503, shouldRetryHeader: "false"))
        #expect(RetryPolicy.shouldRetry(status: 400, shouldRetryHeader: "TRUE"))
    }

    @Test func atLeastOneAttempt() {
        #expect(RetryPolicy(maxAttempts: 0).maxAttempts == 1)
        #expect(RetryPolicy.none.maxAttempts == 1)
    }
}
