import Foundation
import Resolver

/// A rule `ip_fwd.sh` (or a hand-run equivalent) left in a built-in chain.
public struct FwdLeftover: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The iptables binary whose tables hold it (`iptables-nft` or `iptables-legacy`).
    public var binary: String
    /// The rule as `iptables-save` prints it (`-A PREROUTING ...`).
    public var rule: String

    public init(binary: String, rule: String) {
        self.binary = binary
        self.rule = rule
    }

    public var description: String { "\(binary) -t nat \(rule)" }
}

/// Everything read from the forwarder before planning. A read that failed is an error finding
/// in `findings`, never an empty value: a plan with such a finding is not applied.
public struct FwdObservation: Sendable, Codable {
    public var backend: FwdBackend
    public var rules: FwdCurrentRules
    /// pe-net rules found with other backends (after a backend switch).
    public var otherBackends: [FwdBackend: FwdCurrentRules]
    public var ipForwarding: Bool
    public var forwardDropChains: [ForwardDropChain]
    public var leftovers: [FwdLeftover]
    /// pe-net's files that exist below the root, by path on the forwarder, with their content.
    public var files: [String: String]
    /// systemd units and their state (`enabled`, `disabled`, `active`, ...), read by install.
    public var units: [String: String]
    /// What could not be read.
    public var findings: [Finding]

    public init(
        backend: FwdBackend, rules: FwdCurrentRules, otherBackends: [FwdBackend: FwdCurrentRules] = [:],
        ipForwarding: Bool, forwardDropChains: [ForwardDropChain] = [], leftovers: [FwdLeftover] = [],
        files: [String: String] = [:], units: [String: String] = [:], findings: [Finding] = []
    ) {
        self.backend = backend
        self.rules = rules
        self.otherBackends = otherBackends
        self.ipForwarding = ipForwarding
        self.forwardDropChains = forwardDropChains
        self.leftovers = leftovers
        self.files = files
        self.units = units
        self.findings = findings
    }

    /// A stable digest of what was read, counters excluded: a saved plan is applied only while
    /// the forwarder still gives the same digest.
    public var fingerprint: String {
        struct Normalized: Encodable {
            var backend: FwdBackend
            var rules: [FwdBackend: FwdCurrentRules]
            var ipForwarding: Bool
            var forwardDropChains: [ForwardDropChain]
            var leftovers: [FwdLeftover]
            var files: [String: String]
            var units: [String: String]

            func encode(to encoder: any Encoder) throws {
                var container = encoder.unkeyedContainer()
                try container.encode(backend)
                for (backend, rules) in rules.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                    try container.encode(backend)
                    try container.encode(rules)
                }
                try container.encode(ipForwarding)
                try container.encode(forwardDropChains)
                try container.encode(leftovers.sorted { $0.description < $1.description })
                try container.encode(files.sorted { $0.key < $1.key }.map { [$0.key, $0.value] })
                try container.encode(units.sorted { $0.key < $1.key }.map { [$0.key, $0.value] })
            }
        }
        func zeroed(_ rules: FwdCurrentRules) -> FwdCurrentRules {
            var copy = rules
            copy.dnat = copy.dnat.map { rule in
                var rule = rule
                (rule.packets, rule.bytes) = (0, 0)
                return rule
            }
            return copy
        }
        var all = otherBackends.mapValues(zeroed)
        all[backend] = zeroed(rules)
        let normalized = Normalized(
            backend: backend, rules: all, ipForwarding: ipForwarding, forwardDropChains: forwardDropChains,
            leftovers: leftovers, files: files, units: units)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(normalized)) ?? Data()
        // FNV-1a, 64 bit: a change detector, not a security measure.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// What one read of the forwarder shows before planning.
public struct FwdHostSnapshot: Sendable, Equatable {
    /// Network interfaces; nil when /proc/net/dev could not be read.
    public var interfaces: Set<String>?
    public var ipForwarding: Bool
    /// Legacy (x_tables) tables that exist (`/proc/net/ip_tables_names`).
    public var legacyTables: Set<String>
    /// `nft -j list ruleset`; nil when nft is not installed or the listing failed.
    public var nftRuleset: String?
    /// What could not be read.
    public var findings: [Finding]

    public init(
        interfaces: Set<String>?, ipForwarding: Bool, legacyTables: Set<String> = [], nftRuleset: String? = nil,
        findings: [Finding] = []
    ) {
        self.interfaces = interfaces
        self.ipForwarding = ipForwarding
        self.legacyTables = legacyTables
        self.nftRuleset = nftRuleset
        self.findings = findings
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
        var findings: [Finding] = []
        if lines.first != "0" && lines.first != "1" {
            findings.append(
                FwdInspector.readFailure(
                    "net.ipv4.ip_forward", "/proc/sys/net/ipv4/ip_forward gave '\(lines.first ?? "")'"))
        }
        return FwdHostSnapshot(
            interfaces: interfaces, ipForwarding: lines.first == "1", legacyTables: tables, findings: findings)
    }
}
