import DNSModel

/// The DNS server software a vnet's custom DNS servers run, for which pe-net renders the
/// conditional forwarding of the private zones.
public enum ForwarderKind: String, CaseIterable, Codable, Sendable {
    /// unbound: `forward-zone:` clauses (include them from `unbound.conf`).
    case unbound
    /// BIND 9: `zone "…" { type forward; … };` statements (include them from `named.conf`).
    case bind
    /// Windows Server DNS: `Add-DnsServerConditionalForwarderZone` commands (PowerShell).
    case windows
    /// Azure DNS Private Resolver: a forwarding rule per zone and ruleset vnet links, planned and
    /// applied through ARM in an existing forwarding ruleset (nothing to render).
    case privateResolver = "private-resolver"
}

/// Conditional forwarding of private zones to Azure DNS (or a DNS Private Resolver inbound
/// endpoint): what a custom DNS server needs so its clients see the private zones. Rendering is
/// pure; the output is checked by the tool that consumes it (`unbound-checkconf`,
/// `named-checkconf`).
public struct ConditionalForwarder: Equatable, Codable, Sendable {
    /// Azure DNS, reachable from inside every vnet; it answers from the private zones linked to
    /// the vnet the query comes from.
    public static let azureDNS = DNSServer(address: .v4(IPv4Address(octets: 168, 63, 129, 16)), port: 53)

    /// Zones to forward (absolute or relative names; rendered without the trailing dot where the
    /// tool wants none).
    public var zones: [DomainName]
    /// Where to forward them: Azure DNS by default.
    public var targets: [DNSServer]
    /// What the rendering is for, written as a comment at the top.
    public var comment: String

    public init(zones: [DomainName], targets: [DNSServer] = [azureDNS], comment: String) {
        self.zones = zones
        self.targets = targets
        self.comment = comment
    }

    /// Why a forwarder cannot be rendered for a kind.
    public struct Unsupported: Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// The configuration text for `kind`. Windows conditional forwarders take no port, so a target
    /// with a port other than 53 is refused for it.
    public func render(_ kind: ForwarderKind) throws -> String {
        let names = zones.map { $0.relative.text.lowercased() }
        var lines: [String] = []
        switch kind {
        case .privateResolver:
            throw Unsupported(
                description:
                    "a DNS Private Resolver forwarding ruleset is planned and applied through ARM (--ruleset), not rendered"
            )
        case .unbound:
            lines.append("# \(comment)")
            for name in names {
                lines.append("forward-zone:")
                lines.append("    name: \"\(name).\"")
                for target in targets {
                    lines.append("    forward-addr: \(target.address)\(target.port == 53 ? "" : "@\(target.port)")")
                }
            }
        case .bind:
            lines.append("// \(comment)")
            let list = targets.map { "\($0.address)\($0.port == 53 ? "" : " port \($0.port)");" }.joined(separator: " ")
            for name in names {
                lines.append("zone \"\(name)\" {")
                lines.append("    type forward;")
                lines.append("    forward only;")
                lines.append("    forwarders { \(list) };")
                lines.append("};")
            }
        case .windows:
            if let odd = targets.first(where: { $0.port != 53 }) {
                throw Unsupported(
                    description:
                        "Windows DNS conditional forwarders use port 53 only; \(odd) cannot be a target for --kind windows"
                )
            }
            lines.append("# \(comment)")
            let masters = targets.map { "\($0.address)" }.joined(separator: ",")
            for name in names {
                lines.append("if (Get-DnsServerZone -Name '\(name)' -ErrorAction SilentlyContinue) {")
                lines.append("    Set-DnsServerConditionalForwarderZone -Name '\(name)' -MasterServers \(masters)")
                lines.append("} else {")
                lines.append("    Add-DnsServerConditionalForwarderZone -Name '\(name)' -MasterServers \(masters)")
                lines.append("}")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
