import Foundation

/// What to inject, set with `--faults <json>` / `--seed` / `--latency-ms` or `PUT /_emulator/faults`.
/// Random faults draw from a generator seeded with `seed`, so a run is reproducible.
public struct FaultPlan: Codable, Sendable, Equatable {
    /// Seed of the random faults.
    public var seed: UInt64 = 1
    /// Delay added to every ARM request.
    public var latencyMs: Int = 0
    /// Share of requests answered 429 with `Retry-After`.
    public var throttleRate: Double = 0
    /// The `Retry-After` of injected 429s.
    public var retryAfterSeconds: Int = 1
    /// Share answered 500 or 503.
    public var serverErrorRate: Double = 0
    /// Share whose connection is closed without an answer.
    public var resetRate: Double = 0
    /// Share of writes answered 409 `AnotherOperationInProgress`.
    public var conflictRate: Double = 0
    /// Share of `If-Match` writes another client beats: just before the write is served the
    /// resource gets a new etag (its content unchanged), so the write is answered 412.
    public var concurrentWriteRate: Double = 0
    /// Reads / writes allowed per subscription per window before 429 `SubscriptionRequestsThrottled`.
    public var readBudget: Int?
    public var writeBudget: Int?
    public var budgetWindowSeconds: Int = 300
    /// The next N long-running operations end `Failed` with this error.
    public var failOperations: Int = 0
    public var operationErrorCode: String = "InternalServerError"
    public var operationErrorMessage: String = "An unexpected error occurred while processing the request."
    /// Deterministic faults: the first `times` requests matching `method` / `pathContains` get `fault`.
    public var script: [ScriptedFault] = []

    /// No faults.
    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = FaultPlan.defaults
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? d.seed
        latencyMs = try c.decodeIfPresent(Int.self, forKey: .latencyMs) ?? d.latencyMs
        throttleRate = try c.decodeIfPresent(Double.self, forKey: .throttleRate) ?? d.throttleRate
        retryAfterSeconds = try c.decodeIfPresent(Int.self, forKey: .retryAfterSeconds) ?? d.retryAfterSeconds
        serverErrorRate = try c.decodeIfPresent(Double.self, forKey: .serverErrorRate) ?? d.serverErrorRate
        resetRate = try c.decodeIfPresent(Double.self, forKey: .resetRate) ?? d.resetRate
        conflictRate = try c.decodeIfPresent(Double.self, forKey: .conflictRate) ?? d.conflictRate
        concurrentWriteRate =
            try c.decodeIfPresent(Double.self, forKey: .concurrentWriteRate) ?? d.concurrentWriteRate
        readBudget = try c.decodeIfPresent(Int.self, forKey: .readBudget)
        writeBudget = try c.decodeIfPresent(Int.self, forKey: .writeBudget)
        budgetWindowSeconds = try c.decodeIfPresent(Int.self, forKey: .budgetWindowSeconds) ?? d.budgetWindowSeconds
        failOperations = try c.decodeIfPresent(Int.self, forKey: .failOperations) ?? d.failOperations
        operationErrorCode = try c.decodeIfPresent(String.self, forKey: .operationErrorCode) ?? d.operationErrorCode
        operationErrorMessage =
            try c.decodeIfPresent(String.self, forKey: .operationErrorMessage) ?? d.operationErrorMessage
        script = try c.decodeIfPresent([ScriptedFault].self, forKey: .script) ?? []
    }

    private static let defaults = FaultPlan()

    /// A plan from a JSON object, or from the file at `text` when it does not start with `{`.
    public static func parse(_ text: String) throws -> FaultPlan {
        let data =
            text.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("{")
            ? Data(text.utf8) : FileManager.default.contents(atPath: text)
        guard let data else { throw EmulatorError("cannot read the fault plan file \(text)") }
        do {
            return try JSONDecoder().decode(FaultPlan.self, from: data)
        } catch {
            throw EmulatorError("not a fault plan (a JSON object with seed, throttleRate, script, ...): \(error)")
        }
    }
}

/// One deterministic fault.
public struct ScriptedFault: Codable, Sendable, Equatable {
    /// What the matching requests get.
    public enum Kind: String, Codable, Sendable {
        /// 429 with `Retry-After` (code `TooManyRequests`, or `code`).
        case throttle
        /// 500 `InternalServerError`.
        case serverError
        /// 503 `ServiceUnavailable`.
        case unavailable
        /// The connection is closed without an answer.
        case reset
        /// 409 `AnotherOperationInProgress` (or `code`).
        case conflict
        /// Any `status` + `code`.
        case status
        /// Another client writes the resource just before the request is served: `merge` (a JSON
        /// object, applied as a JSON merge patch; none: only the etag changes) is applied and the
        /// resource gets a new etag. The request is then served as usual, so an `If-Match` write
        /// carrying the etag read before gets 412.
        case concurrentWrite
    }

    public var fault: Kind
    public var method: String?
    public var pathContains: String?
    public var times: Int?
    public var status: Int?
    public var code: String?
    /// The error message; `{authorization}` in it is replaced by the request's `Authorization`
    /// header (a hostile server echoing the token).
    public var message: String?
    public var retryAfterSeconds: Int?
    public var retryAfterMs: Int?
    /// The other client's change for `concurrentWrite`: a JSON object text.
    public var merge: String?

    public init(
        fault: Kind, method: String? = nil, pathContains: String? = nil, times: Int? = nil, status: Int? = nil,
        code: String? = nil, message: String? = nil, retryAfterSeconds: Int? = nil, retryAfterMs: Int? = nil,
        merge: String? = nil
    ) {
        self.fault = fault
        self.method = method
        self.pathContains = pathContains
        self.times = times
        self.status = status
        self.code = code
        self.message = message
        self.retryAfterSeconds = retryAfterSeconds
        self.retryAfterMs = retryAfterMs
        self.merge = merge
    }
}

/// Applies a ``FaultPlan``: decides, per request, whether to answer with a fault.
actor FaultInjector {
    private(set) var plan: FaultPlan
    private var random: SplitMix64
    private var remaining: [Int]
    private var windows: [String: (start: Date, reads: Int, writes: Int)] = [:]

    init(plan: FaultPlan) {
        self.plan = plan
        random = SplitMix64(seed: plan.seed)
        remaining = plan.script.map { $0.times ?? 1 }
    }

    func replace(_ plan: FaultPlan) {
        self.plan = plan
        random = SplitMix64(seed: plan.seed)
        remaining = plan.script.map { $0.times ?? 1 }
        windows = [:]
    }

    /// Operations that should fail, taken once from the plan.
    func takeOperationFailures() -> [(code: String, message: String)] {
        let count = plan.failOperations
        plan.failOperations = 0
        return Array(repeating: (plan.operationErrorCode, plan.operationErrorMessage), count: count)
    }

    /// The remaining-quota headers for a subscription.
    func quotaHeaders(subscription: String?) -> [(String, String)] {
        guard let subscription, let window = windows[subscription.lowercased()] else {
            return [
                ("x-ms-ratelimit-remaining-subscription-reads", String(plan.readBudget ?? 11999)),
                ("x-ms-ratelimit-remaining-subscription-writes", String(plan.writeBudget ?? 1199)),
            ]
        }
        return [
            ("x-ms-ratelimit-remaining-subscription-reads", String(max(0, (plan.readBudget ?? 12000) - window.reads))),
            (
                "x-ms-ratelimit-remaining-subscription-writes",
                String(max(0, (plan.writeBudget ?? 1200) - window.writes))
            ),
        ]
    }

    /// The change another client makes to the target just before this request is served (a
    /// merge patch; `{}` changes only the etag), or nil.
    func concurrentWrite(method: String, path: String, ifMatch: Bool) -> JSON? {
        for index in plan.script.indices where remaining[index] > 0 && plan.script[index].fault == .concurrentWrite {
            let rule = plan.script[index]
            if let wanted = rule.method, wanted.uppercased() != method { continue }
            if let fragment = rule.pathContains, !path.lowercased().contains(fragment.lowercased()) { continue }
            remaining[index] -= 1
            return rule.merge.flatMap { try? JSON.parse(Data($0.utf8)) } ?? .object([:])
        }
        if ifMatch, method != "GET", chance(plan.concurrentWriteRate) { return .object([:]) }
        return nil
    }

    /// A fault for this request, or nil to serve it normally.
    func decide(method: String, path: String, subscription: String?) -> Reply? {
        let isWrite = method != "GET"
        for index in plan.script.indices where remaining[index] > 0 && plan.script[index].fault != .concurrentWrite {
            let rule = plan.script[index]
            if let wanted = rule.method, wanted.uppercased() != method { continue }
            if let fragment = rule.pathContains, !path.lowercased().contains(fragment.lowercased()) { continue }
            remaining[index] -= 1
            return reply(for: rule)
        }
        if let subscription, let limited = spendBudget(subscription.lowercased(), isWrite: isWrite) { return limited }
        if chance(plan.resetRate) { return Reply(status: 0, reset: true, fault: "reset") }
        if chance(plan.throttleRate) {
            return reply(for: ScriptedFault(fault: .throttle, retryAfterSeconds: plan.retryAfterSeconds))
        }
        if chance(plan.serverErrorRate) {
            return reply(for: ScriptedFault(fault: random.next() % 2 == 0 ? .serverError : .unavailable))
        }
        if isWrite, chance(plan.conflictRate) { return reply(for: ScriptedFault(fault: .conflict)) }
        return nil
    }

    private func chance(_ rate: Double) -> Bool {
        guard rate > 0 else { return false }
        return Double(random.next() % 1_000_000) / 1_000_000 < rate
    }

    private func spendBudget(_ subscription: String, isWrite: Bool) -> Reply? {
        guard plan.readBudget != nil || plan.writeBudget != nil else { return nil }
        let now = Date()
        var window = windows[subscription] ?? (start: now, reads: 0, writes: 0)
        let length = TimeInterval(plan.budgetWindowSeconds)
        if now.timeIntervalSince(window.start) >= length { window = (start: now, reads: 0, writes: 0) }
        let limit = isWrite ? plan.writeBudget : plan.readBudget
        let used = isWrite ? window.writes : window.reads
        if let limit, used >= limit {
            windows[subscription] = window
            let wait = max(1, Int((length - now.timeIntervalSince(window.start)).rounded(.up)))
            var reply = Reply.error(
                429, "SubscriptionRequestsThrottled",
                "Number of \(isWrite ? "write" : "read") requests for subscription '\(subscription)' exceeded the limit of '\(limit)' for time interval '\(plan.budgetWindowSeconds)' seconds. Please try again after '\(wait)' seconds."
            )
            reply.headers.append(("Retry-After", String(wait)))
            reply.fault = "budget"
            return reply
        }
        if isWrite { window.writes += 1 } else { window.reads += 1 }
        windows[subscription] = window
        return nil
    }

    private func reply(for rule: ScriptedFault) -> Reply {
        var reply: Reply
        switch rule.fault {
        case .throttle:
            reply = .error(429, rule.code ?? "TooManyRequests", rule.message ?? "The request is being throttled.")
        case .serverError:
            reply = .error(500, rule.code ?? "InternalServerError", rule.message ?? "An internal error occurred.")
        case .unavailable:
            reply = .error(
                503, rule.code ?? "ServiceUnavailable", rule.message ?? "The service is temporarily unavailable.")
        case .reset:
            return Reply(status: 0, reset: true, fault: "reset")
        case .conflict:
            reply = .error(
                409, rule.code ?? "AnotherOperationInProgress",
                rule.message ?? "Another operation on this or a dependent resource is in progress.")
        case .status, .concurrentWrite:
            reply = .error(rule.status ?? 400, rule.code ?? "BadRequest", rule.message ?? "Injected error.")
        }
        if let ms = rule.retryAfterMs { reply.headers.append(("retry-after-ms", String(ms))) }
        if let seconds = rule.retryAfterSeconds ?? (rule.fault == .throttle ? plan.retryAfterSeconds : nil) {
            reply.headers.append(("Retry-After", String(seconds)))
        }
        reply.fault = rule.fault.rawValue
        return reply
    }
}

/// A small seeded generator (SplitMix64) so fault runs are reproducible.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
