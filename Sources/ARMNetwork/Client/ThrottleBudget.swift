import Foundation

/// The request budgets ARM enforces, as token buckets: a request takes a token from its
/// subscription's read or write bucket (Resource Graph queries from the caller's own bucket) and
/// waits when the bucket is empty, so a large run slows down instead of collecting 429s.
///
/// Defaults follow ARM's token-bucket throttling per subscription (reads: 250 tokens, refilled at
/// 25 a second; writes: 200, refilled at 10 a second) and Resource Graph's per-user quota (15
/// queries per 5 seconds). The server has the last word: `x-ms-ratelimit-remaining-subscription-reads`
/// / `-writes` and `x-ms-user-quota-remaining` lower a bucket to what it reports, and a 429's
/// `Retry-After` (or Resource Graph's `x-ms-user-quota-resets-after` at quota 0) pauses the bucket
/// for every request that shares it.
public struct ThrottleLimits: Sendable, Equatable {
    /// One bucket's size and refill rate.
    public struct Bucket: Sendable, Equatable {
        public var capacity: Double
        public var refillPerSecond: Double

        public init(capacity: Double, refillPerSecond: Double) {
            self.capacity = max(1, capacity)
            self.refillPerSecond = max(0.001, refillPerSecond)
        }
    }

    public var reads: Bucket
    public var writes: Bucket
    public var resourceGraph: Bucket

    public init(reads: Bucket, writes: Bucket, resourceGraph: Bucket) {
        self.reads = reads
        self.writes = writes
        self.resourceGraph = resourceGraph
    }

    /// ARM's published per-subscription buckets and Resource Graph's per-user quota.
    public static let azure = ThrottleLimits(
        reads: .init(capacity: 250, refillPerSecond: 25), writes: .init(capacity: 200, refillPerSecond: 10),
        resourceGraph: .init(capacity: 15, refillPerSecond: 3))
}

/// Which bucket a request draws from.
public struct ThrottleKey: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable { case reads, writes, resourceGraph }
    /// The subscription (lower-cased), or empty for Resource Graph and tenant-level calls.
    public var subscription: String
    public var kind: Kind

    /// The bucket of a request: Resource Graph queries share one; everything under
    /// `/subscriptions/{id}/` uses that subscription's reads (GET, HEAD) or writes bucket.
    public init(method: String, path: String) {
        let lower = path.lowercased()
        if lower == "/providers/microsoft.resourcegraph/resources" {
            self.init(subscription: "", kind: .resourceGraph)
            return
        }
        let parts = lower.split(separator: "/", omittingEmptySubsequences: true)
        let subscription = parts.count >= 2 && parts[0] == "subscriptions" ? String(parts[1]) : ""
        let read = ["GET", "HEAD"].contains(method.uppercased())
        self.init(subscription: subscription, kind: read ? .reads : .writes)
    }

    public init(subscription: String, kind: Kind) {
        self.subscription = subscription
        self.kind = kind
    }

    public var description: String { subscription.isEmpty ? kind.rawValue : "\(subscription) \(kind.rawValue)" }
}

/// The token buckets of one ``ARMClient`` (shared by every task using it).
actor ThrottleBudget {
    private struct State {
        var tokens: Double
        var updated: Date
        var pausedUntil: Date?
    }

    private let limits: ThrottleLimits
    private var buckets: [ThrottleKey: State] = [:]
    /// Total time requests waited for a token or a pause (for reports and benchmarks).
    private(set) var waited: Duration = .zero

    init(limits: ThrottleLimits) { self.limits = limits }

    private func bucket(_ kind: ThrottleKey.Kind) -> ThrottleLimits.Bucket {
        switch kind {
        case .reads: limits.reads
        case .writes: limits.writes
        case .resourceGraph: limits.resourceGraph
        }
    }

    private func refilled(_ key: ThrottleKey, at now: Date) -> State {
        let shape = bucket(key.kind)
        guard var state = buckets[key] else { return State(tokens: shape.capacity, updated: now) }
        let elapsed = max(0, now.timeIntervalSince(state.updated))
        state.tokens = min(shape.capacity, state.tokens + elapsed * shape.refillPerSecond)
        state.updated = now
        if let until = state.pausedUntil, until <= now { state.pausedUntil = nil }
        return state
    }

    /// Takes a token for `key`, waiting on `clock` while the bucket is empty or paused.
    func acquire(_ key: ThrottleKey, clock: any ARMClock) async throws {
        while true {
            let now = clock.now()
            var state = refilled(key, at: now)
            let wait: TimeInterval
            if let until = state.pausedUntil {
                wait = until.timeIntervalSince(now)
            } else if state.tokens >= 1 {
                state.tokens -= 1
                buckets[key] = state
                return
            } else {
                wait = (1 - state.tokens) / bucket(key.kind).refillPerSecond
            }
            buckets[key] = state
            let duration = Duration.milliseconds(Int64((max(wait, 0.001) * 1000).rounded(.up)))
            waited += duration
            try await clock.sleep(for: duration)
        }
    }

    /// Lowers the bucket to what the server says remains.
    func observe(_ key: ThrottleKey, remaining: Int, at now: Date) {
        var state = refilled(key, at: now)
        state.tokens = min(state.tokens, Double(max(0, remaining)))
        buckets[key] = state
    }

    /// Stops every request of `key` until `until` (a 429's Retry-After, an exhausted quota).
    func pause(_ key: ThrottleKey, until: Date, at now: Date) {
        var state = refilled(key, at: now)
        state.tokens = 0
        state.pausedUntil = max(state.pausedUntil ?? until, until)
        buckets[key] = state
    }

    /// The remaining-quota header that applies to `key`, if the response carries it.
    static func remaining(_ key: ThrottleKey, in headers: ARMHeaders) -> Int? {
        let name: String
        switch key.kind {
        case .reads: name = "x-ms-ratelimit-remaining-subscription-reads"
        case .writes: name = "x-ms-ratelimit-remaining-subscription-writes"
        case .resourceGraph: name = "x-ms-user-quota-remaining"
        }
        return headers[name].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// Resource Graph's `x-ms-user-quota-resets-after` (`hh:mm:ss`), as a duration.
    static func quotaResetsAfter(_ headers: ARMHeaders) -> Duration? {
        guard let text = headers["x-ms-user-quota-resets-after"] else { return nil }
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":").compactMap { Double($0) }
        guard parts.count == 3 else { return nil }
        return .milliseconds(Int64((parts[0] * 3600 + parts[1] * 60 + parts[2]) * 1000))
    }
}
