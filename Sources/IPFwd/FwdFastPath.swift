import Foundation
import Resolver

/// `--fast-path`: whether pe-net's nft table offloads established forwarded flows to a
/// flowtable (the kernel's `nf_flow_table`, Documentation/networking/nf_flowtable.rst): after
/// the first packets went through conntrack, DNAT and masquerade, the flow's packets are
/// forwarded from the ingress hook straight to the output device, bypassing the forward and
/// postrouting hooks.
public enum FwdFastPath: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// Use the flowtable where the kernel has `nf_flow_table` and the backend is nft.
    case auto
    /// Require the flowtable: refuse to plan when the kernel or the backend cannot do it.
    case on
    /// Never add a flowtable.
    case off

    public var description: String { rawValue }
}

/// What pe-net decided for `--fast-path` on this forwarder, and why.
public struct FwdFastPathDecision: Sendable, Codable, Hashable {
    public var requested: FwdFastPath
    /// True when the rules carry the flowtable.
    public var active: Bool
    /// One line: why it is (not) active.
    public var reason: String

    public init(requested: FwdFastPath, active: Bool, reason: String) {
        self.requested = requested
        self.active = active
        self.reason = reason
    }

    /// The finding `auto` leaves when it falls back to the regular path.
    var fallbackFinding: Finding? {
        guard requested == .auto, !active else { return nil }
        return Finding(
            severity: .info, code: "fwd.fast-path-unavailable",
            message: "fast path not used: \(reason); flows take the regular conntrack/NAT path",
            resource: "flowtable")
    }
}

/// Finds out whether the kernel can hold pe-net's flowtable: `nft -c` checks (in the kernel,
/// without committing) a throw-away table with a flowtable and a `flow add` rule, which loads
/// `nf_flow_table` where it is a module. Nothing is changed.
public struct FwdFastPathDetector: Sendable {
    public let runner: any CommandRunner

    public init(runner: any CommandRunner) {
        self.runner = runner
    }

    /// The check `nft -c -f -` reads: what pe-net's table would need, in a table of its own.
    static let probe = """
        table ip pe_net_fastpath_probe {
        	flowtable probe { hook ingress priority filter; devices = { "lo" }; }
        	chain forward { type filter hook forward priority filter; policy accept; flow add @probe; }
        }

        """

    /// Decides for `requested` with `backend`, probing the kernel only when it matters.
    public func decide(_ requested: FwdFastPath, backend: FwdBackend) async throws -> FwdFastPathDecision {
        let kernel = requested == .off || backend != .nft ? nil : await kernelHasFlowtable()
        return try Self.decide(requested, backend: backend, kernel: kernel)
    }

    /// The decision from a kernel probe already made (`kernel`: nil when not probed). Throws
    /// for `on` when the flowtable cannot be used.
    public static func decide(_ requested: FwdFastPath, backend: FwdBackend, kernel: (available: Bool, detail: String)?)
        throws -> FwdFastPathDecision
    {
        if requested == .off {
            return FwdFastPathDecision(requested: .off, active: false, reason: "off (--fast-path off)")
        }
        guard backend == .nft else {
            let reason = "the \(backend) backend has no flowtables (an nftables feature)"
            if requested == .on {
                throw IPFwdError.invalidInput([
                    "--fast-path on needs the nft backend: \(reason); use --backend nft, or --fast-path auto"
                ])
            }
            return FwdFastPathDecision(requested: requested, active: false, reason: reason)
        }
        let (available, detail) = kernel ?? (false, "the kernel was not probed")
        if available {
            return FwdFastPathDecision(
                requested: requested, active: true, reason: "the kernel has nf_flow_table (flowtable fast path)")
        }
        let reason = "the kernel has no nf_flow_table (CONFIG_NF_FLOW_TABLE): \(detail)"
        if requested == .on {
            throw IPFwdError.invalidInput(["--fast-path on: \(reason); use --fast-path auto or off"])
        }
        return FwdFastPathDecision(requested: requested, active: false, reason: reason)
    }

    /// The sysctls read before any probe: the kernel's release, one of conntrack's (present
    /// wherever conntrack serves this namespace) and the flowtable timeout conntrack registers
    /// only when the kernel is built with `CONFIG_NF_FLOW_TABLE` (y or m; Linux 5.14 and later,
    /// net/netfilter/nf_conntrack_standalone.c).
    static let sysctls = [
        "/proc/sys/kernel/osrelease", "/proc/sys/net/netfilter/nf_conntrack_tcp_timeout_established",
        "/proc/sys/net/netfilter/nf_flowtable_tcp_timeout",
    ]

    /// Why the kernel certainly has no flowtables, from the sysctls alone (no transaction);
    /// nil when they cannot tell (older kernel, conntrack not loaded yet, a sysctl unreadable
    /// for another reason), and then only `nft -c` can.
    static func lacksFlowtable(sysctls output: CommandOutput) -> String? {
        let errors = output.standardError.split(separator: "\n")
        func missing(_ path: String) -> Bool { errors.contains { $0.hasPrefix("cat: \(path):") } }
        func failed(_ path: String) -> Bool { errors.contains { $0.contains(path) } }
        let (release, conntrack, flowtable) = (sysctls[0], sysctls[1], sysctls[2])
        guard !failed(release), !failed(conntrack), missing(flowtable), errors.count == 1,
            errors[0].contains("No such file or directory"),
            let line = output.standardOutput.split(separator: "\n").first,
            let version = Self.version(line), version >= (5, 14)
        else { return nil }
        return "Linux \(line) has conntrack's sysctls but not net.netfilter.nf_flowtable_tcp_timeout, "
            + "which it registers wherever nf_flow_table is built in or a module"
    }

    /// Major and minor of a kernel release such as `6.1.0-27-cloud-amd64`.
    static func version(_ release: Substring) -> (Int, Int)? {
        let parts = release.split(whereSeparator: { !$0.isNumber }).prefix(2).compactMap { Int($0) }
        guard parts.count == 2, release.first?.isNumber == true else { return nil }
        return (parts[0], parts[1])
    }

    /// Whether the kernel can hold the flowtable: `false` straight from the sysctls when they
    /// tell (no transaction: the kernel takes 11-15 ms to answer a checked batch here, waiting,
    /// not computing: strace puts the time in the batch's sendmsg),
    /// otherwise true when `nft -c` accepts the probe, else the first line nft printed.
    public func kernelHasFlowtable() async -> (available: Bool, detail: String) {
        if let reason = await sysctlsSayNoFlowtable() { return (false, reason) }
        return await probe()
    }

    /// Why the sysctls say the kernel has no flowtables; nil when they cannot tell.
    public func sysctlsSayNoFlowtable() async -> String? {
        guard let sysctls = try? await runner.cat(Self.sysctls) else { return nil }
        return Self.lacksFlowtable(sysctls: sysctls)
    }

    /// The authoritative check: true when `nft -c` accepts the probe table.
    public func probe() async -> (available: Bool, detail: String) {
        do {
            let output = try await runner.run("nft", ["-c", "-f", "-"], input: Self.probe)
            if output.succeeded { return (true, "") }
            let line =
                output.standardError.split(separator: "\n").first { $0.contains("Error") }
                ?? output.standardError.split(separator: "\n").first ?? "exit code \(output.exitCode)"
            return (false, "'nft -c' of a flowtable failed (\(String(line).trimmingCharacters(in: .whitespaces)))")
        } catch {
            return (false, "'nft -c' of a flowtable could not run (\(error))")
        }
    }
}
