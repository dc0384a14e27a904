import Foundation

/// The time source of ``ARMClient``: retries and polling wait on it, token caches read it.
/// Tests inject a clock that advances instantly, so no test sleeps for real.
public protocol ARMClock: Sendable {
    /// The current time.
    func now() -> Date
    /// Waits `duration` (or, in a test clock, pretends to).
    func sleep(for duration: Duration) async throws
}

/// The live clock: wall time and `Task.sleep`.
public struct SystemClock: ARMClock {
    /// The system clock.
    public init() {}

    public func now() -> Date { Date() }

    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}

extension Duration {
    /// The duration in (fractional) seconds.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
