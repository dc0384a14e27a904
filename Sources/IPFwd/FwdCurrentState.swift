/// A DNAT rule of pe-net's as found in the kernel, with its counters.
public struct AppliedRule: Hashable, Sendable, Codable {
    public var listenPort: Int
    public var interfaces: [String]
    public var sources: [IPv4Network]
    public var target: FwdEndpoint
    public var packets: Int
    public var bytes: Int
    public var comment: String

    public init(
        listenPort: Int, interfaces: [String], sources: [IPv4Network], target: FwdEndpoint,
        packets: Int = 0, bytes: Int = 0, comment: String = ""
    ) {
        self.listenPort = listenPort
        self.interfaces = interfaces.sorted()
        self.sources = sources.sorted()
        self.target = target
        self.packets = packets
        self.bytes = bytes
        self.comment = comment
    }
}

/// pe-net's rules as they are in the kernel right now (parsed from `nft -j` or `iptables-save`).
public struct FwdCurrentRules: Hashable, Sendable, Codable {
    /// True when pe-net's table (nft) or chains (iptables) exist.
    public var present: Bool
    public var dnat: [AppliedRule]
    public var masquerade: [FwdEndpoint]
    /// Built-in chains whose jump into pe-net's chain exists (iptables only; nft hooks directly).
    public var jumps: [String]
    /// Rules in pe-net's table or chains that pe-net did not write (hand edits).
    public var foreignRules: [String]
    /// True when pe-net's flowtable and its `flow add` rule are in the table (nft only).
    public var fastPath: Bool

    public init(
        present: Bool, dnat: [AppliedRule] = [], masquerade: [FwdEndpoint] = [],
        jumps: [String] = [], foreignRules: [String] = [], fastPath: Bool = false
    ) {
        self.present = present
        self.dnat = dnat
        self.masquerade = masquerade
        self.jumps = jumps
        self.foreignRules = foreignRules
        self.fastPath = fastPath
    }

    public static let absent = FwdCurrentRules(present: false)

    /// The rules folded back into a ruleset (interfaces and sources per rule merged).
    public var ruleSet: FwdRuleSet {
        var byPort: [Int: (Set<String>, Set<IPv4Network>, FwdEndpoint)] = [:]
        for rule in dnat {
            var entry = byPort[rule.listenPort] ?? ([], [], rule.target)
            entry.0.formUnion(rule.interfaces)
            entry.1.formUnion(rule.sources)
            byPort[rule.listenPort] = entry
        }
        return FwdRuleSet(
            interfaces: Array(Set(byPort.values.flatMap(\.0))),
            allowedSources: Array(Set(byPort.values.flatMap(\.1))),
            rules: byPort.map {
                FwdRule(listenPort: $0.key, targetAddress: $0.value.2.address, targetPort: $0.value.2.port)
            })
    }

    /// True when the kernel holds exactly `desired`: same DNATs, masquerades, jumps, nothing else.
    public func matches(_ desired: FwdRuleSet, backend: FwdBackend) -> Bool {
        guard present, foreignRules.isEmpty, fastPath == (desired.fastPath && backend == .nft) else { return false }
        let expectedDNAT = desired.rules.flatMap { rule in
            (backend == .nft ? [desired.interfaces] : desired.interfaces.map { [$0] }).flatMap { interfaces in
                (backend == .nft || desired.allowedSources.isEmpty
                    ? [desired.allowedSources] : desired.allowedSources.map { [$0] })
                    .map { sources in
                        "\(rule.listenPort)|\(interfaces.sorted())|\(sources.sorted())|\(rule.targetEndpoint)"
                    }
            }
        }
        let actualDNAT = dnat.map {
            "\($0.listenPort)|\($0.interfaces)|\($0.sources)|\($0.target.address):\($0.target.port)"
        }
        let jumpsOK = backend == .nft || Set(jumps) == ["PREROUTING", "POSTROUTING"]
        return expectedDNAT.sorted() == actualDNAT.sorted() && masquerade.sorted() == desired.masqueradeTargets
            && jumpsOK
    }

    /// Packet and byte counters per listen port.
    public func counters(for port: Int) -> (packets: Int, bytes: Int) {
        dnat.filter { $0.listenPort == port }.reduce((0, 0)) { ($0.0 + $1.packets, $0.1 + $1.bytes) }
    }
}
