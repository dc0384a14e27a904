import DNSModel

/// The private DNS zone naming rule for one instance and topology:
/// separate virtual networks need exactly `privatelink.<dnsZone>.<suffix>` (the instance's public
/// CNAME points into it); same or peered virtual networks must use any other name, because that
/// zone disrupts the instance's internal connectivity and makes management operations fail.
public struct ZoneNamingRule: Hashable, Sendable, Codable {
    public var topology: Topology
    /// The instance's DNS zone id (e.g. `abc123`).
    public var dnsZone: String
    public var suffix: ManagedInstanceDNSSuffix

    /// A zone name that works for same and peered virtual networks, as the source material suggests.
    public static let exampleCustomZone = "privatelink.site"

    /// The finding code when the instance's `dnsZone` is not a single DNS label.
    public static let invalidDNSZoneCode = "instance.dns-zone"

    public init(topology: Topology, dnsZone: String, suffix: ManagedInstanceDNSSuffix = .azureCloud) {
        self.topology = topology
        self.dnsZone = dnsZone.lowercased()
        self.suffix = suffix
    }

    /// The rule for an instance whose host name is known.
    public init(topology: Topology, instance: ManagedInstanceFQDN) {
        self.init(topology: topology, dnsZone: instance.dnsZone, suffix: instance.suffix)
    }

    /// `privatelink.<dnsZone>.<suffix>`: required for separate, forbidden for same and peered.
    public var privatelinkZone: String { suffix.privatelinkZone(dnsZone: dnsZone) }

    /// The instance's own zone `<dnsZone>.<suffix>`.
    public var instanceZone: String { suffix.instanceZone(dnsZone: dnsZone) }

    /// The only acceptable zone name (separate), or nil when any name but the forbidden one will do.
    public var requiredZone: String? { topology == .separate ? privatelinkZone : nil }

    /// The name that must not be used (same, peered), or nil.
    public var forbiddenZone: String? { topology == .separate ? nil : privatelinkZone }

    /// Why the rule is what it is, in one sentence.
    public var reason: String {
        switch topology {
        case .separate:
            return
                "with separate virtual networks the zone must be \(privatelinkZone): the instance's public name is a CNAME into it, so clients keep using the instance FQDN with normal encryption"
        case .same, .peered:
            return
                "with \(topology) the zone must not be named \(privatelinkZone): that zone disrupts the instance's internal connectivity and makes management operations fail; use another name such as \(ZoneNamingRule.exampleCustomZone)"
        }
    }

    /// A zone name that satisfies the rule: the required one, or the example custom zone.
    public var suggestedZone: String { requiredZone ?? ZoneNamingRule.exampleCustomZone }

    /// Findings for a proposed (or existing) zone name; empty when the name is acceptable.
    public func check(zoneName: String) -> [Finding] {
        // The name is quoted in one-line messages: its control characters are written as \u{…}.
        let shown = HostnameRules.visible(zoneName)
        // `dnsZone` comes from ARM or from a flag: a value that is not one label makes no zone name.
        guard HostnameRules.isLDHLabel(dnsZone), let privatelink = try? DomainName(privatelinkZone),
            let instance = try? DomainName(instanceZone)
        else {
            return [
                Finding(
                    severity: .error, code: ZoneNamingRule.invalidDNSZoneCode,
                    message:
                        "\(ResolverError.invalidLabel("the instance's dnsZone", value: dnsZone)); zone '\(shown)' cannot be checked",
                    resource: zoneName)
            ]
        }
        let name: DomainName
        do {
            name = try DomainName(zoneName)
        } catch {
            return [
                Finding(
                    severity: .error, code: "zone.invalid-name",
                    message: "zone name '\(shown)' is not a domain name: \(error)", resource: zoneName)
            ]
        }
        var findings = HostnameRules.syntax(of: name.relative.text).filter { $0.severity == .error }.map {
            Finding(
                severity: .error, code: "zone.invalid-name", message: "zone name: \($0.message)", resource: zoneName)
        }
        let lower = name.relative.lowercased
        switch topology {
        case .separate:
            if lower != privatelink {
                findings.append(
                    Finding(
                        severity: .error, code: "zone.required-name",
                        message: "zone '\(shown)' cannot serve \(topology): \(reason)", resource: zoneName))
            }
        case .same, .peered:
            if lower == privatelink {
                findings.append(
                    Finding(
                        severity: .error, code: "zone.forbidden-name",
                        message: "zone '\(shown)' is forbidden: \(reason)", resource: zoneName))
            } else if instance.isSubdomain(of: lower) {
                findings.append(
                    Finding(
                        severity: .error, code: "zone.shadows-instance",
                        message:
                            "zone '\(shown)' would answer for the instance's own name \(instanceZone) and break it; use a name outside it such as \(ZoneNamingRule.exampleCustomZone)",
                        resource: zoneName))
            } else if lower.isSubdomain(of: instance) {
                findings.append(
                    Finding(
                        severity: .warning, code: "zone.under-instance-zone",
                        message:
                            "zone '\(shown)' lies under the instance's zone \(instanceZone); prefer a name outside it such as \(ZoneNamingRule.exampleCustomZone)",
                        resource: zoneName))
            }
        }
        return findings
    }
}
