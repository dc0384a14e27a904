import ARMNetwork
import Foundation

/// A clock for tests: `sleep` returns at once and moves `now` forward, and every requested sleep
/// is recorded, so retry and polling tests run instantly and can assert the delays.
public final class TestClock: ARMClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    private var recorded: [Duration] = []

    /// A clock starting at `start`.
    public init(start: Date = Date()) { current = start }

    public func now() -> Date {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    public func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        let parts = duration.components
        lock.withLock {
            recorded.append(duration)
            current = current.addingTimeInterval(Double(parts.seconds) + Double(parts.attoseconds) / 1e18)
        }
        await Task.yield()
    }

    /// Moves time forward without a sleep (e.g. to expire a cached token).
    public func advance(by seconds: TimeInterval) {
        lock.lock()
        current = current.addingTimeInterval(seconds)
        lock.unlock()
    }

    /// Every sleep requested so far.
    public var sleeps: [Duration] {
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }
}

/// A token source that always returns the same token (valid for an hour) and counts calls.
public final class StaticTokenSource: ARMTokenSource, @unchecked Sendable {
    private let lock = NSLock()
    private var calls = 0
    private let value: String

    public let name = "test token"

    /// A source returning `token`.
    public init(token: String) { value = token }

    public func token(scope: String) async throws -> AccessToken {
        lock.withLock { calls += 1 }
        return AccessToken(token: value, expiresOn: Date().addingTimeInterval(3600))
    }

    /// How many tokens were requested.
    public var callCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return calls
    }
}

/// A transport that answers from a queue of canned responses (or errors) and records requests.
public final class ScriptedTransport: ARMTransport, @unchecked Sendable {
    /// One canned answer.
    public enum Answer: Sendable {
        case response(ARMResponse)
        case failure(String)
    }

    private let lock = NSLock()
    private var answers: [Answer]
    private var seen: [ARMRequest] = []

    /// A transport answering with `answers` in order (then 500s).
    public init(_ answers: [Answer]) { self.answers = answers }

    public func send(_ request: ARMRequest) async throws -> ARMResponse {
        let next: Answer = lock.withLock {
            seen.append(request)
            return answers.isEmpty ? .response(ARMResponse(status: 500)) : answers.removeFirst()
        }
        switch next {
        case .response(let response): return response
        case .failure(let text): throw ARMTransportError(text)
        }
    }

    /// The requests received so far.
    public var requests: [ARMRequest] {
        lock.lock()
        defer { lock.unlock() }
        return seen
    }
}

/// Collects swift-log output in memory so tests can assert what was (not) logged.
public final class LogCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    public init() {}

    func append(_ line: String) {
        lock.lock()
        lines.append(line)
        lock.unlock()
    }

    /// Everything logged so far, one line per message.
    public var text: String {
        lock.lock()
        defer { lock.unlock() }
        return lines.joined(separator: "\n")
    }
}
