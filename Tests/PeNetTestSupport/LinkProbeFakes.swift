import DNSModel
import Foundation
import MILink

#if canImport(Glibc)
    import Glibc
#endif

/// Link probes answering from a table the test sets: a TCP outcome per port (others connect), and
/// one PRELOGIN result. Every probe is recorded, so a test can assert where TDS was spoken.
///
/// ```swift
/// let probe = ScriptedLinkProbe(outcomes: [5022: .timedOut])
/// let checks = await run.run(probe: probe, answer: answer)
/// #expect(probe.calls.filter { $0.hasPrefix("prelogin") } == ["prelogin 10.0.1.4:1433"])
/// ```
public final class ScriptedLinkProbe: LinkProbing, @unchecked Sendable {
    private let lock = NSLock()
    private var outcomes: [Int: TCPOutcome]
    private var preloginResult: Result<TDSPrelogin.Response, LinkProbeError>
    private var recorded: [String] = []

    public init(
        outcomes: [Int: TCPOutcome] = [:],
        prelogin: Result<TDSPrelogin.Response, LinkProbeError> = .success(
            TDSPrelogin.Response(version: "16.0.1000", encryption: "required"))
    ) {
        self.outcomes = outcomes
        self.preloginResult = prelogin
    }

    /// `connect <address>:<port>` and `prelogin <address>:<port>`, sorted (the probes run at once).
    public var calls: [String] { lock.withLock { recorded.sorted() } }

    public func connect(_ address: IPv4Address, port: Int, timeout: Duration) async -> TCPOutcome {
        lock.withLock {
            recorded.append("connect \(address):\(port)")
            return outcomes[port] ?? .connected
        }
    }

    public func prelogin(_ address: IPv4Address, port: Int, timeout: Duration) async
        -> Result<TDSPrelogin.Response, LinkProbeError>
    {
        lock.withLock {
            recorded.append("prelogin \(address):\(port)")
            return preloginResult
        }
    }
}

/// `setns(2)`, which Glibc's module map does not export (it needs _GNU_SOURCE).
@_silgen_name("setns") private func namespaceSetns(_ fd: Int32, _ type: Int32) -> Int32

/// The live socket probes, each on a thread moved into network namespace `namespace` first (the
/// namespace must exist under /var/run/netns; creating it needs root).
public struct NamespaceLinkProbe: LinkProbing {
    public var namespace: String

    public init(namespace: String) { self.namespace = namespace }

    public func connect(_ address: IPv4Address, port: Int, timeout: Duration) async -> TCPOutcome {
        let namespace = namespace
        return await SocketLinkProbe.onThread {
            guard Self.enter(namespace) else { return .failed("cannot enter network namespace \(namespace)") }
            return SocketLinkProbe.connectNow(address, port: port, timeout: timeout)
        }
    }

    public func prelogin(_ address: IPv4Address, port: Int, timeout: Duration) async
        -> Result<TDSPrelogin.Response, LinkProbeError>
    {
        let namespace = namespace
        return await SocketLinkProbe.onThread {
            guard Self.enter(namespace) else { return .failure(LinkProbeError("cannot enter \(namespace)")) }
            return SocketLinkProbe.preloginNow(address, port: port, timeout: timeout)
        }
    }

    /// Moves the calling thread into `namespace`.
    static func enter(_ namespace: String) -> Bool {
        let fd = open("/var/run/netns/\(namespace)", O_RDONLY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return namespaceSetns(fd, 0x4000_0000) == 0  // CLONE_NEWNET
    }
}
