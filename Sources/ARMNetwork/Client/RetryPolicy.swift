import Foundation

/// How ``ARMClient`` retries: which answers are retryable, how long to wait, and the budget.
///
/// The defaults follow the Azure SDKs: 3 retries, delays of `((2^try) - 1) * 0.8 s` with jitter
/// in [0.8, 1.3), capped at 60 s; a server-supplied delay (`retry-after-ms`,
/// `x-ms-retry-after-ms`, `Retry-After`) wins, but a request that asks for more than
/// `maxDelay` is not retried. A 429 is the exception: it is waited out as asked without spending
/// a retry, as long as the request's waits on 429s stay within `maxThrottleWait`.
public struct RetryPolicy: Sendable, Equatable {
    /// Retries after the first attempt (so `maxRetries + 1` attempts in all).
    public var maxRetries: Int
    /// The unit of exponential backoff.
    public var baseDelay: Duration
    /// The longest single wait, whether computed or asked for by the server.
    public var maxDelay: Duration
    /// The total time a request may spend waiting between attempts.
    public var totalBudget: Duration
    /// Whether computed delays are multiplied by a random factor in [0.8, 1.3).
    public var jitter: Bool
    /// The total time one request may wait on 429s (each waits its `Retry-After` and spends no
    /// retry): throttling slows a run down; only a wait past this fails the request.
    public var maxThrottleWait: Duration

    /// A retry policy.
    public init(
        maxRetries: Int = 3, baseDelay: Duration = .milliseconds(800), maxDelay: Duration = .seconds(60),
        totalBudget: Duration = .seconds(180), jitter: Bool = true, maxThrottleWait: Duration = .seconds(900)
    ) {
        self.maxThrottleWait = maxThrottleWait
        self.maxRetries = maxRetries
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.totalBudget = totalBudget
        self.jitter = jitter
    }

    /// The Azure SDK defaults.
    public static let `default` = RetryPolicy()

    /// Statuses that are always retried.
    public static let retryableStatuses: Set<Int> = [408, 429, 500, 502, 503, 504]

    /// 409 codes that mean "busy, try again" rather than a real conflict.
    public static let retryableConflictCodes: Set<String> = [
        "anotheroperationinprogress", "conflictingmanagedinstanceoperation",
    ]

    /// Whether a response with this status and ARM error code should be retried.
    public func isRetryable(status: Int, code: String?) -> Bool {
        if Self.retryableStatuses.contains(status) { return true }
        if status == 409, let code, Self.retryableConflictCodes.contains(code.lowercased()) { return true }
        return false
    }

    /// The computed backoff before retry number `retry` (1-based).
    public func backoff(retry: Int) -> Duration {
        let factor = Double((1 << min(retry, 16)) - 1)
        var seconds = baseDelay.seconds * factor
        if jitter { seconds *= Double.random(in: 0.8..<1.3) }
        return min(.milliseconds(Int64(seconds * 1000)), maxDelay)
    }

    /// The delay the server asked for, from `retry-after-ms`, `x-ms-retry-after-ms` or
    /// `Retry-After` (seconds or an HTTP date), in that order.
    public static func serverDelay(_ headers: ARMHeaders, now: Date) -> Duration? {
        for name in ["retry-after-ms", "x-ms-retry-after-ms"] {
            if let text = headers[name], let ms = Double(text.trimmingCharacters(in: .whitespaces)), ms >= 0 {
                return .milliseconds(Int64(ms))
            }
        }
        guard let text = headers["Retry-After"]?.trimmingCharacters(in: .whitespaces) else { return nil }
        if let seconds = Double(text), seconds >= 0 { return .milliseconds(Int64(seconds * 1000)) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        if let date = formatter.date(from: text) {
            return .milliseconds(Int64(max(0, date.timeIntervalSince(now)) * 1000))
        }
        return nil
    }
}
