import DNSModel

/// The desired private zones as RFC 1035 zone files, so DNS servers outside Azure (on-premises
/// resolvers, conditional forwarders' targets) can carry the same answers. Pure.
public enum PrivateDNSZoneFile {
    /// Azure private zones answer with this SOA; the export keeps it so both sources agree.
    static let primaryServer = "azureprivatedns.net."
    static let mailbox = "azureprivatedns-host.microsoft.com."

    /// One zone per desired zone: SOA and NS at the apex, and the instance's A record(s); the SOA
    /// serial follows the content (see ``serial(of:)``).
    public static func zones(for plan: PrivateDNSPlan) throws -> [Zone] {
        try plan.zones.map { zone in
            let origin = try DomainName(zone.name + ".")
            var records = [
                ResourceRecord(name: origin, ttl: 3600, data: .soa(try soa(serial: 1))),
                ResourceRecord(name: origin, ttl: 3600, data: .ns(try DomainName(primaryServer))),
            ]
            for record in plan.records
            where DesiredNames.normalizeZone(record.zoneName) == DesiredNames.normalizeZone(zone.name) {
                let name = try DomainName(record.fqdn + ".")
                for address in record.ips {
                    records.append(ResourceRecord(name: name, ttl: UInt32(clamping: record.ttl), data: .a(address)))
                }
            }
            records[0].data = .soa(try soa(serial: serial(of: Array(records.dropFirst()))))
            return Zone(origin: origin, records: records)
        }
    }

    static func soa(serial: UInt32) throws -> SOAData {
        SOAData(
            primaryServer: try DomainName(primaryServer), responsibleMailbox: try DomainName(mailbox),
            serial: serial, refresh: 3600, retry: 300, expire: 2_419_200, minimumTTL: 10)
    }

    /// The SOA serial of a zone with `records` (everything but the SOA): derived from their
    /// presentation text in canonical order, so it changes whenever the content does and stays
    /// the same when it does not (1 … 2³¹−1, never 0).
    static func serial(of records: [ResourceRecord]) -> UInt32 {
        var hash: UInt32 = 2_166_136_261
        for line in records.map(\.description).sorted() {
            for byte in line.utf8 {
                hash ^= UInt32(byte)
                hash = hash &* 16_777_619
            }
            hash ^= 0x0a
            hash = hash &* 16_777_619
        }
        return hash % 2_147_483_646 + 1
    }
}
