import Foundation
import Resolver

/// A forward-hook chain whose policy drops, which would drop the DNAT'ed flows: pe-net's own
/// table cannot override a drop in another table, so an accept must go into that chain.
public struct ForwardDropChain: Hashable, Sendable, Codable, CustomStringConvertible {
    /// How the chain is managed, which decides the tool that edits it.
    public enum Owner: String, Hashable, Sendable, Codable {
        case nft, iptablesNft = "iptables-nft", iptablesLegacy = "iptables-legacy"
    }

    public var owner: Owner
    public var family: String
    public var table: String
    public var chain: String
    /// Handles of pe-net's accept rules already in the chain (nft), or their count (iptables).
    public var acceptHandles: [Int]

    public var hasAccept: Bool { !acceptHandles.isEmpty }

    public var description: String {
        switch owner {
        case .nft: return "nft chain \(family) \(table) \(chain) (policy drop)"
        case .iptablesNft, .iptablesLegacy: return "\(owner.rawValue) filter FORWARD (policy DROP)"
        }
    }

    static let tag = "pe-net:forward"
}

/// Finds forward chains with a drop policy in the nft world (native tables and iptables-nft's)
/// and in iptables-legacy.
public struct ForwardFilterInspector: Sendable {
    public let runner: any CommandRunner

    public init(runner: any CommandRunner) {
        self.runner = runner
    }

    /// The drop chains, given the already read `nft -j list ruleset` (nil when nft is missing)
    /// and whether a legacy filter table exists; chains that could not be read are findings.
    public func dropChains(ruleset: String?, legacyFilter: Bool) async -> ([ForwardDropChain], [Finding]) {
        await dropChains(
            parsed: ruleset.map { json in Result { try NftRulesetItems(json: json) } }, legacyFilter: legacyFilter)
    }

    /// The same from a ruleset already parsed (or the error parsing it gave).
    func dropChains(parsed: Result<NftRulesetItems, any Error>?, legacyFilter: Bool) async -> (
        [ForwardDropChain], [Finding]
    ) {
        var found: [ForwardDropChain] = []
        var findings: [Finding] = []
        let nftChains: [ForwardDropChain]
        do {
            nftChains = try parsed.map { Self.nftDropChains(try $0.get()) } ?? []
        } catch {
            nftChains = []
            findings.append(FwdInspector.readFailure("the nft forward chains", "\(error)"))
        }
        for var chain in nftChains {
            // iptables-nft keeps its comments in an xt match nft cannot show: ask iptables-nft.
            if chain.owner == .iptablesNft {
                let (handles, finding) = await iptablesAccepts("iptables-nft", policy: nil)
                chain.acceptHandles = handles ?? []
                if let finding { findings.append(finding) }
            }
            found.append(chain)
        }
        // Only look at legacy tables that already exist: querying would create them.
        if legacyFilter {
            let (handles, finding) = await iptablesAccepts("iptables-legacy", policy: "-P FORWARD DROP")
            if let finding { findings.append(finding) }
            if let handles {
                found.append(
                    ForwardDropChain(
                        owner: .iptablesLegacy, family: "ip", table: "filter", chain: "FORWARD", acceptHandles: handles)
                )
            }
        }
        return (found, findings)
    }

    /// One placeholder handle per pe-net accept in an iptables FORWARD chain; nil when `policy`
    /// is given and the chain does not have it.
    private func iptablesAccepts(_ binary: String, policy: String?) async -> ([Int]?, Finding?) {
        let what = "the \(binary) filter FORWARD chain"
        let rules: CommandOutput
        do {
            rules = try await runner.run(binary, ["-S", "FORWARD"])
        } catch {
            return (nil, FwdInspector.readFailure(what, "\(error)"))
        }
        guard rules.succeeded else { return (nil, FwdInspector.readFailure(what, FwdInspector.firstLine(rules))) }
        if let policy, !rules.standardOutput.contains(policy) { return (nil, nil) }
        let count = rules.standardOutput.split(separator: "\n").filter { $0.contains(ForwardDropChain.tag) }.count
        return (Array(repeating: 0, count: count), nil)
    }

    /// Forward base chains with policy drop, from `nft -j list ruleset`.
    static func nftDropChains(json: String) throws -> [ForwardDropChain] {
        nftDropChains(try NftRulesetItems(json: json))
    }

    static func nftDropChains(_ document: NftRulesetItems) -> [ForwardDropChain] {
        guard let items = document.items else { return [] }
        var chains: [ForwardDropChain] = []
        for item in items {
            guard let chain = item["chain"] as? [String: Any], chain["hook"] as? String == "forward",
                chain["policy"] as? String == "drop", let family = chain["family"] as? String,
                family == "ip" || family == "inet", let table = chain["table"] as? String,
                let name = chain["name"] as? String, table != "pe_net"
            else { continue }
            let iptablesOwned = family == "ip" && table == "filter" && name == "FORWARD"
            chains.append(
                ForwardDropChain(
                    owner: iptablesOwned ? .iptablesNft : .nft, family: family, table: table,
                    chain: name, acceptHandles: []))
        }
        for item in items {
            guard let rule = item["rule"] as? [String: Any], let comment = rule["comment"] as? String,
                comment == ForwardDropChain.tag, let handle = rule["handle"] as? Int,
                let index = chains.firstIndex(where: {
                    $0.family == rule["family"] as? String && $0.table == rule["table"] as? String
                        && $0.chain == rule["chain"] as? String
                })
            else { continue }
            chains[index].acceptHandles.append(handle)
        }
        return chains
    }

    /// True when the ruleset holds `table ip nat` (iptables-nft's, or anyone's of that name).
    static func hasIPNatTable(json: String) -> Bool {
        guard let document = try? NftRulesetItems(json: json) else { return true }
        return hasIPNatTable(document)
    }

    static func hasIPNatTable(_ document: NftRulesetItems) -> Bool {
        guard let items = document.items else { return true }
        return items.contains {
            let table = $0["table"] as? [String: Any]
            return table?["family"] as? String == "ip" && table?["name"] as? String == "nat"
        }
    }
}
