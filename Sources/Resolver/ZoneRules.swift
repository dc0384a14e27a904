import DNSModel

/// Semantic checks of a parsed zone that ldns's syntax parser does not make: an SOA at the apex,
/// NS records, names inside the zone, and CNAMEs that stand alone (RFC 1034 §3.6.2) but for their RRSIG and NSEC.
public enum ZoneRules {
    /// The DNSSEC types that may share an owner with a CNAME: RRSIG and NSEC.
    public static let allowedBesideCNAME: Set<RecordType> = [RecordType(rawValue: 46), RecordType(rawValue: 47)]

    /// Findings for `zone`; empty for a clean zone.
    public static func check(_ zone: Zone) -> [Finding] {
        var findings: [Finding] = []
        let apex = zone.origin.text
        let soas = zone.records.filter { $0.type == .soa }
        if soas.isEmpty {
            findings.append(
                Finding(
                    severity: .error, code: "zone.no-soa", message: "zone \(apex) has no SOA record", resource: apex))
        } else if let soa = soas.first, soa.name != zone.origin {
            findings.append(
                Finding(
                    severity: .error, code: "zone.soa-not-at-apex",
                    message: "the SOA is owned by \(soa.name.text), not the zone apex \(apex)", resource: apex))
        }
        if !zone.records.contains(where: { $0.type == .ns && $0.name == zone.origin }) {
            findings.append(
                Finding(
                    severity: .warning, code: "zone.no-ns", message: "zone \(apex) has no NS record at its apex",
                    resource: apex))
        }
        for record in zone.records where !record.name.absolute.isSubdomain(of: zone.origin) {
            findings.append(
                Finding(
                    severity: .error, code: "zone.out-of-zone",
                    message: "\(record.name.text) \(record.type) lies outside the zone \(apex)",
                    resource: record.name.text))
        }
        for set in zone.recordSets where set.type == .cname {
            if set.data.count > 1 {
                findings.append(
                    Finding(
                        severity: .error, code: "zone.cname-multiple",
                        message: "\(set.name.text) has \(set.data.count) CNAME records; at most one",
                        resource: set.name.text))
            }
            // RRSIG and NSEC sign and deny the CNAME's owner; they may sit beside it (RFC 4035 §2.5,
            // RFC 2181 §10.1).
            let others = zone.records.filter {
                $0.name == set.name && $0.type != .cname && !ZoneRules.allowedBesideCNAME.contains($0.type)
            }.map(\.type.description)
            if !others.isEmpty {
                findings.append(
                    Finding(
                        severity: .error, code: "zone.cname-and-other-data",
                        message:
                            "\(set.name.text) has a CNAME and also \(Set(others).sorted().joined(separator: ", ")) records; a CNAME must stand alone",
                        resource: set.name.text))
            }
        }
        return findings
    }
}
