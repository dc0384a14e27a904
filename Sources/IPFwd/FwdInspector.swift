import Foundation

/// A rule `ip_fwd.sh` (or a hand-run equivalent) left in a built-in chain.
public struct FwdLeftover: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The iptables binary whose tables hold it (`iptables-nft` or `iptables-legacy`).
    public var binary: String
    /// The rule as `iptables-save` prints it (`-A PREROUTING ...`).
    public var rule: String

    public var description: String { "\(binary) -t nat \(rule)" }

    /// The arguments that delete exactly this rule once.
    var deleteArguments: [String] {
        var tokens = IptablesRule.tokenize(rule)
        if tokens.first == "-A" { tokens[0] = "-D" }
        return ["-t", "nat"] + tokens
    }
}

/// Everything read from the forwarder before planning.
public struct FwdObservation: Sendable, Codable {
    public var backend: FwdBackend
    public var rules: FwdCurrentRules
    /// pe-net rules found with other backends (after a backend switch).
    public var otherBackends: [FwdBackend: FwdCurrentRules]
    public var ipForwarding: Bool
    public var forwardDropChains: [ForwardDropChain]
    public var leftovers: [FwdLeftover]
    public var conntrackAvailable: Bool

    public init(backend: FwdBackend, rules: FwdCurrentRules, otherBackends: [FwdBackend: FwdCurrentRules] = [:],
                ipForwarding: Bool, forwardDropChains: [ForwardDropChain] = [], leftovers: [FwdLeftover] = [],
                conntrackAvailable: Bool = true) {
        self.backend = backend
        self.rules = rules
        self.otherBackends = otherBackends
        self.ipForwarding = ipForwarding
        self.forwardDropChains = forwardDropChains
        self.leftovers = leftovers
        self.conntrackAvailable = conntrackAvailable
    }
}

/// Reads the forwarder's current state through the command runner (never changes anything).
public struct FwdInspector: Sendable {
    public let runner: any CommandRunner

    public init(runner: any CommandRunner) {
        self.runner = runner
    }

    /// Names of the network interfaces on the machine.
    public func interfaces() async throws -> Set<String> {
        let output = try await runner.checked("ip", ["-j", "link", "show"])
        let items = try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [[String: Any]] ?? []
        return Set(items.compactMap { $0["ifname"] as? String })
    }

    /// The interface of the default route, the usual choice for `--interface`.
    public func defaultRouteInterface() async -> String? {
        guard let output = try? await runner.run("ip", ["-j", "route", "show", "default"]), output.succeeded,
              let items = try? JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [[String: Any]]
        else { return nil }
        return items.first?["dev"] as? String
    }

    /// pe-net's rules as one backend sees them.
    public func rules(_ backend: FwdBackend) async throws -> FwdCurrentRules {
        switch backend {
        case .nft:
            let output = try await runner.run("nft", ["-j", "list", "table", "ip", "pe_net"])
            guard output.succeeded else { return .absent }
            return try NftStateParser.parse(json: output.standardOutput)
        case .iptablesNft, .iptablesLegacy:
            guard let save = try await natSave(backend) else { return .absent }
            return IptablesStateParser.parse(save: save)
        }
    }

    /// `iptables-save -c -t nat` of a variant, or nil when that variant has no nat table
    /// (legacy tables are not created just by looking).
    func natSave(_ backend: FwdBackend) async throws -> String? {
        guard let save = backend.iptablesSave else { return nil }
        if backend == .iptablesLegacy {
            guard let names = try? await runner.run("cat", ["/proc/net/ip_tables_names"]), names.succeeded,
                  names.standardOutput.split(separator: "\n").contains("nat")
            else { return nil }
        }
        guard let output = try? await runner.run(save, ["-c", "-t", "nat"]), output.succeeded else { return nil }
        return output.standardOutput
    }

    public func observe(backend: FwdBackend, ports: Set<Int>) async throws -> FwdObservation {
        let rules = try await rules(backend)
        var others: [FwdBackend: FwdCurrentRules] = [:]
        var leftovers: [FwdLeftover] = []
        for other in FwdBackend.allCases where other != backend {
            if other == .nft, !(await runner.succeeds("nft", ["list", "tables"])) { continue }
            if let found = try? await self.rules(other), found.present { others[other] = found }
        }
        for variant in [FwdBackend.iptablesNft, .iptablesLegacy] {
            if let save = try await natSave(variant) {
                leftovers += IptablesStateParser.leftovers(save: save, ports: ports)
                    .map { FwdLeftover(binary: variant.iptables ?? "", rule: $0) }
            }
        }
        let forwarding = try? await runner.run("sysctl", ["-n", "net.ipv4.ip_forward"])
        let drops = (try? await ForwardFilterInspector(runner: runner).dropChains()) ?? []
        let conntrack = await runner.succeeds("conntrack", ["--version"])
        return FwdObservation(
            backend: backend, rules: rules, otherBackends: others,
            ipForwarding: forwarding?.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == "1",
            forwardDropChains: drops, leftovers: leftovers, conntrackAvailable: conntrack)
    }
}
