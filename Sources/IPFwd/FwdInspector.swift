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
        await snapshot().interfaces
    }

    /// Reads procfs once (`ip_forward`, interfaces, legacy tables) and dumps the nft ruleset,
    /// both at the same time: two processes give everything validation and planning need.
    public func snapshot() async -> FwdHostSnapshot {
        async let proc = try? runner.run("cat", ["/proc/sys/net/ipv4/ip_forward", "/proc/net/dev", "/proc/net/ip_tables_names"])
        async let ruleset = try? runner.run("nft", ["-j", "list", "ruleset"])
        var snapshot = FwdHostSnapshot.parse(proc: await proc?.standardOutput ?? "")
        if let output = await ruleset, output.succeeded { snapshot.nftRuleset = output.standardOutput }
        return snapshot
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

    /// Reads everything planning needs: pe-net's rules in every backend, forward chains that
    /// drop, ip_fwd.sh leftovers. iptables-save runs only for nat tables that exist.
    public func observe(backend: FwdBackend, ports: Set<Int>, snapshot given: FwdHostSnapshot? = nil) async throws -> FwdObservation {
        let snapshot: FwdHostSnapshot
        if let given { snapshot = given } else { snapshot = await self.snapshot() }
        let ruleset = snapshot.nftRuleset
        let legacy = snapshot.legacyTables
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
        return FwdObservation(
            backend: backend, rules: rules, otherBackends: others, ipForwarding: snapshot.ipForwarding,
            forwardDropChains: (try? await drops) ?? [], leftovers: leftovers)
    }
}

/// What one read of the forwarder shows before planning.
public struct FwdHostSnapshot: Sendable, Equatable {
    public var interfaces: Set<String>
    public var ipForwarding: Bool
    /// Legacy (x_tables) tables that exist (`/proc/net/ip_tables_names`).
    public var legacyTables: Set<String>
    /// `nft -j list ruleset`; nil when nft is missing or unusable.
    public var nftRuleset: String?

    public init(interfaces: Set<String>, ipForwarding: Bool, legacyTables: Set<String> = [], nftRuleset: String? = nil) {
        self.interfaces = interfaces
        self.ipForwarding = ipForwarding
        self.legacyTables = legacyTables
        self.nftRuleset = nftRuleset
    }

    /// Parses `cat /proc/sys/net/ipv4/ip_forward /proc/net/dev /proc/net/ip_tables_names`: the
    /// first line is ip_forward, `name:` lines are interfaces, bare words after them are tables.
    static func parse(proc text: String) -> FwdHostSnapshot {
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        var interfaces: Set<String> = []
        var tables: Set<String> = []
        for line in lines.dropFirst() where !line.contains("|") {
            if let colon = line.firstIndex(of: ":") {
                interfaces.insert(String(line[..<colon]))
            } else if !line.isEmpty, !line.contains(" ") {
                tables.insert(line)
            }
        }
        return FwdHostSnapshot(interfaces: interfaces, ipForwarding: lines.first == "1", legacyTables: tables)
    }
}
