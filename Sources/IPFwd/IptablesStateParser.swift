import DNSModel

/// Reads `iptables-save -c -t nat` into `FwdCurrentRules` and finds leftovers of `ip_fwd.sh`.
public enum IptablesStateParser {
    static let preroutingChain = "PE_NET_PREROUTING"
    static let postroutingChain = "PE_NET_POSTROUTING"

    public static func parse(save text: String) -> FwdCurrentRules {
        var state = FwdCurrentRules(present: false)
        for line in text.split(separator: "\n").map(String.init) {
            if line.hasPrefix(":\(preroutingChain) ") || line.hasPrefix(":\(postroutingChain) ") {
                state.present = true
            }
            guard let rule = IptablesRule(line: line) else { continue }
            switch rule.chain {
            case "PREROUTING" where rule.jump == preroutingChain: state.jumps.append("PREROUTING")
            case "POSTROUTING" where rule.jump == postroutingChain: state.jumps.append("POSTROUTING")
            case preroutingChain:
                if rule.jump == "DNAT", let port = rule.dport, let target = rule.dnatTarget,
                    rule.comment?.hasPrefix("pe-net:") == true
                {
                    state.dnat.append(
                        AppliedRule(
                            listenPort: port, interfaces: rule.option("-i").map { [$0] } ?? [],
                            sources: rule.option("-s").flatMap { IPv4Network(Self.hostNetwork($0)) }.map { [$0] } ?? [],
                            target: target, packets: rule.packets, bytes: rule.bytes, comment: rule.comment ?? ""))
                } else {
                    state.foreignRules.append(rule.text)
                }
            case postroutingChain:
                if rule.jump == "MASQUERADE", rule.option("--ctstate") == "DNAT",
                    let address = rule.option("-d").flatMap({ IPv4Address(Self.hostNetwork($0).replacingSuffix("/32")) }
                    ),
                    let port = rule.dport
                {
                    state.masquerade.append(FwdEndpoint(address: address, port: port))
                } else {
                    state.foreignRules.append(rule.text)
                }
            default: break
            }
        }
        return state
    }

    /// Rules `ip_fwd.sh` leaves in the built-in chains: a DNAT on one of `ports`, or the
    /// catch-all `-o <if> -j MASQUERADE` with no other match.
    public static func leftovers(save text: String, ports: Set<Int>) -> [String] {
        text.split(separator: "\n").compactMap { line -> String? in
            guard let rule = IptablesRule(line: String(line)) else { return nil }
            if rule.chain == "PREROUTING", rule.jump == "DNAT", let port = rule.dport, ports.contains(port) {
                return rule.text
            }
            if rule.chain == "POSTROUTING", rule.jump == "MASQUERADE", rule.tokens.count == 6,
                rule.option("-o") != nil
            {
                return rule.text
            }
            return nil
        }
    }

    /// `iptables-save` prints `/32` on hosts; IPv4Network wants plain host addresses too.
    static func hostNetwork(_ text: String) -> String { text.replacingSuffix("/32") }
}

/// One `-A` line of `iptables-save`, tokenized with its counters.
struct IptablesRule {
    /// The rule without counters, e.g. `-A PREROUTING -i eth0 ... -j DNAT ...`.
    let text: String
    let tokens: [String]
    let packets: Int
    let bytes: Int

    init?(line: String) {
        var rest = Substring(line)
        var packets = 0, bytes = 0
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
            let counters = rest[rest.index(after: rest.startIndex)..<close].split(separator: ":")
            packets = counters.first.flatMap { Int($0) } ?? 0
            bytes = counters.dropFirst().first.flatMap { Int($0) } ?? 0
            rest = rest[rest.index(after: close)...].drop { $0 == " " }
        }
        guard rest.hasPrefix("-A ") else { return nil }
        text = String(rest)
        tokens = Self.tokenize(text)
        self.packets = packets
        self.bytes = bytes
    }

    var chain: String { tokens.count > 1 ? tokens[1] : "" }
    var jump: String? { option("-j") }
    var comment: String? { option("--comment") }
    var dport: Int? { option("--dport").flatMap { Int($0) } }

    var dnatTarget: FwdEndpoint? {
        guard let value = option("--to-destination"), let colon = value.lastIndex(of: ":"),
            let address = IPv4Address(value[..<colon]), let port = Int(value[value.index(after: colon)...])
        else { return nil }
        return FwdEndpoint(address: address, port: port)
    }

    func option(_ name: String) -> String? {
        guard let index = tokens.firstIndex(of: name), index + 1 < tokens.count else { return nil }
        return tokens[index + 1]
    }

    /// Splits on blanks, keeping double-quoted strings (comments) whole.
    static func tokenize(_ text: String) -> [String] {
        var tokens: [String] = [], current = "", quoted = false, escaped = false
        for character in text {
            if escaped { current.append(character); escaped = false; continue }
            if character == "\\" && quoted { escaped = true; continue }
            if character == "\"" { quoted.toggle(); continue }
            if character == " " && !quoted {
                if !current.isEmpty { tokens.append(current); current = "" }
                continue
            }
            current.append(character)
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }
}

extension String {
    func replacingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
