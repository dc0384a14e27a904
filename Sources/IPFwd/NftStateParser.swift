import DNSModel
import Foundation

/// The output of `nft -j` parsed once and shared by every reader (immutable after init).
final class NftRulesetItems: @unchecked Sendable {
    /// The `nftables` array; nil when the document has another shape.
    let items: [[String: Any]]?

    /// Throws only when the text is not JSON.
    init(json: String) throws {
        let root = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        items = root?["nftables"] as? [[String: Any]]
    }
}

/// Reads `nft -j list table ip pe_net` into `FwdCurrentRules`.
public enum NftStateParser {
    /// Accepts the output of `nft -j list table ip pe_net` or of `nft -j list ruleset`; only
    /// table `ip pe_net` is read.
    public static func parse(json: String) throws -> FwdCurrentRules {
        try parse(NftRulesetItems(json: json))
    }

    /// The same from a document already parsed (one parse serves every reader of the ruleset).
    static func parse(_ document: NftRulesetItems) throws -> FwdCurrentRules {
        guard let items = document.items else {
            throw IPFwdError.state("cannot read the output of 'nft -j list table ip pe_net'")
        }
        var state = FwdCurrentRules(present: false)
        var flowtable = false, flowAdd = false
        for item in items {
            if let table = item["flowtable"] as? [String: Any], table["table"] as? String == "pe_net",
                table["family"] as? String == "ip", table["name"] as? String == FwdRenderer.flowtableName
            {
                flowtable = true
                continue
            }
            if let table = item["table"] as? [String: Any], table["name"] as? String == "pe_net",
                table["family"] as? String == "ip"
            {
                state.present = true
            }
            guard let rule = item["rule"] as? [String: Any], rule["table"] as? String == "pe_net",
                rule["family"] as? String == "ip", let chain = rule["chain"] as? String,
                let expressions = rule["expr"] as? [[String: Any]]
            else { continue }
            let comment = rule["comment"] as? String ?? ""
            let parsed = Expressions(expressions)
            if chain == "forward", parsed.flowAdd == "@" + FwdRenderer.flowtableName,
                comment == FwdRenderer.fastPathComment, !flowAdd
            {
                flowAdd = true
            } else if chain == "prerouting", let port = parsed.dport, let dnat = parsed.dnat,
                comment.hasPrefix("pe-net:")
            {
                state.dnat.append(
                    AppliedRule(
                        listenPort: port, interfaces: parsed.iifnames, sources: parsed.saddrs, target: dnat,
                        packets: parsed.packets, bytes: parsed.bytes, comment: comment))
            } else if chain == "postrouting", parsed.masquerade, parsed.ctDNAT, let address = parsed.daddr,
                let port = parsed.dport
            {
                state.masquerade.append(FwdEndpoint(address: address, port: port))
            } else {
                state.foreignRules.append("\(chain) rule handle \(rule["handle"] ?? "?")")
            }
        }
        state.fastPath = flowtable && flowAdd
        if flowtable != flowAdd {
            state.foreignRules.append(
                flowtable ? "flowtable without its flow add rule" : "flow add without its flowtable")
        }
        return state
    }

    /// The parts of one rule's expression list pe-net writes.
    private struct Expressions {
        var iifnames: [String] = []
        var saddrs: [IPv4Network] = []
        var daddr: IPv4Address?
        var dport: Int?
        var dnat: FwdEndpoint?
        var ctDNAT = false
        var masquerade = false
        var flowAdd: String?
        var packets = 0
        var bytes = 0

        init(_ expressions: [[String: Any]]) {
            for expression in expressions {
                if let match = expression["match"] as? [String: Any], let left = match["left"] as? [String: Any] {
                    let right = match["right"]
                    if let meta = left["meta"] as? [String: Any], meta["key"] as? String == "iifname" {
                        iifnames = Self.values(right).compactMap { $0 as? String }
                    } else if let payload = left["payload"] as? [String: Any], let field = payload["field"] as? String {
                        switch (payload["protocol"] as? String, field) {
                        case ("ip", "saddr"): saddrs = Self.values(right).compactMap(Self.network)
                        case ("ip", "daddr"): daddr = (right as? String).flatMap { IPv4Address($0) }
                        case ("tcp", "dport"): dport = right as? Int
                        default: break
                        }
                    } else if let ct = left["ct"] as? [String: Any], ct["key"] as? String == "status" {
                        ctDNAT = Self.values(right).contains { $0 as? String == "dnat" }
                    }
                } else if let counter = expression["counter"] as? [String: Any] {
                    packets = counter["packets"] as? Int ?? 0
                    bytes = counter["bytes"] as? Int ?? 0
                } else if let target = expression["dnat"] as? [String: Any],
                    let address = (target["addr"] as? String).flatMap({ IPv4Address($0) })
                {
                    dnat = FwdEndpoint(address: address, port: target["port"] as? Int ?? 0)
                } else if let flow = expression["flow"] as? [String: Any], flow["op"] as? String == "add" {
                    flowAdd = flow["flowtable"] as? String
                } else if expression.keys.contains("masquerade") {
                    masquerade = true
                }
            }
        }

        static func values(_ right: Any?) -> [Any] {
            if let set = (right as? [String: Any])?["set"] as? [Any] { return set }
            if let list = right as? [Any] { return list }
            return right.map { [$0] } ?? []
        }

        static func network(_ value: Any) -> IPv4Network? {
            if let text = value as? String { return IPv4Network(text) }
            if let prefix = (value as? [String: Any])?["prefix"] as? [String: Any],
                let address = prefix["addr"] as? String,
                let length = prefix["len"] as? Int
            {
                return IPv4Network("\(address)/\(length)")
            }
            return nil
        }
    }
}
