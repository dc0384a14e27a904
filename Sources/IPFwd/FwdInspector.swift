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

    public init(backend: FwdBackend, rules: FwdCurrentRules, otherBackends: [FwdBackend: FwdCurrentRules] = [:],
                ipForwarding: Bool, forwardDropChains: [ForwardDropChain] = [], leftovers: [FwdLeftover] = []) {
        self.backend = backend
        self.rules = rules
        self.otherBackends = otherBackends
        self.ipForwarding = ipForwarding
        self.forwardDropChains = forwardDropChains
        self.leftovers = leftovers
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
            let legacy = backend == .iptablesLegacy ? try await legacyTables() : []
            guard backend == .iptablesNft || legacy.contains("nat"), let save = try await natSave(backend) else { return .absent }
            return IptablesStateParser.parse(save: save)
        }
    }

    /// The legacy (x_tables) tables that exist; looking at a missing one would create it.
    func legacyTables() async throws -> Set<String> {
        guard let names = try? await runner.run("cat", ["/proc/net/ip_tables_names"]), names.succeeded else { return [] }
        return Set(names.standardOutput.split(separator: "\n").map(String.init))
    }

    /// `iptables-save -c -t nat` of a variant, or nil when it cannot be read.
    func natSave(_ backend: FwdBackend) async throws -> String? {
        guard let save = backend.iptablesSave,
              let output = try? await runner.run(save, ["-c", "-t", "nat"]), output.succeeded
        else { return nil }
        return output.standardOutput
    }

    /// Reads everything planning needs with as few commands as possible, run concurrently:
    /// one `nft -j list ruleset` covers pe-net's table and the forward chains of the nft world.
    public func observe(backend: FwdBackend, ports: Set<Int>) async throws -> FwdObservation {
        async let rulesetOutput = try? runner.run("nft", ["-j", "list", "ruleset"])
        async let legacyOutput = legacyTables()
        async let forwardingOutput = try? runner.run("cat", ["/proc/sys/net/ipv4/ip_forward"])
        let ruleset = await rulesetOutput.flatMap { $0.succeeded ? $0.standardOutput : nil }
        let legacy = try await legacyOutput
        let readNftSave = ruleset.map(ForwardFilterInspector.hasIPNatTable(json:)) ?? true
        async let nftSave = readNftSave ? natSave(.iptablesNft) : nil
        async let legacySave = legacy.contains("nat") ? natSave(.iptablesLegacy) : nil
        async let drops = ForwardFilterInspector(runner: runner).dropChains(ruleset: ruleset, legacyFilter: legacy.contains("filter"))

        var all: [FwdBackend: FwdCurrentRules] = [:]
        if let ruleset { all[.nft] = try NftStateParser.parse(json: ruleset) }
        var leftovers: [FwdLeftover] = []
        for (variant, save) in [(FwdBackend.iptablesNft, try await nftSave), (.iptablesLegacy, try await legacySave)] {
            guard let save else { continue }
            all[variant] = IptablesStateParser.parse(save: save)
            leftovers += IptablesStateParser.leftovers(save: save, ports: ports)
                .map { FwdLeftover(binary: variant.iptables ?? "", rule: $0) }
        }
        let rules = all[backend] ?? .absent
        let others = all.filter { $0.key != backend && $0.value.present }
        let forwarding = await forwardingOutput
        return FwdObservation(
            backend: backend, rules: rules, otherBackends: others,
            ipForwarding: forwarding?.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == "1",
            forwardDropChains: (try? await drops) ?? [], leftovers: leftovers)
    }
}
