import DNSModel

/// The desired private zones as RFC 1035 zone files, so DNS servers outside Azure (on-premises
/// resolvers, conditional forwarders' targets) can carry the same answers. Pure.
public enum PrivateDNSZoneFile {
    /// Azure private zones answer with this SOA; the export keeps it so both sources agree.
    static let primaryServer = "azureprivatedns.net."
    static let mailbox = "azureprivatedns-host.microsoft.com."

    /// One zone per desired zone: SOA and NS at the apex, and the instance's A record(s).
    public static func zones(for plan: PrivateDNSPlan) throws -> [Zone] {
        try plan.zones.map { zone in
            let origin = try DomainName(zone.name + ".")
            var records = [
                ResourceRecord(
                    name: origin, ttl: 3600,
                    data: .soa(
                        SOAData(
                            primaryServer: try DomainName(primaryServer), responsibleMailbox: try DomainName(mailbox),
                            serial: 1, refresh: 3600, retry: 300, expire: 2_419_200, minimumTTL: 10))),
                ResourceRecord(name: origin, ttl: 3600, data: .ns(try DomainName(primaryServer))),
            ]
            for record in plan.records
            where DesiredNames.normalizeZone(record.zoneName) == DesiredNames.normalizeZone(zone.name) {
                let name = try DomainName(record.fqdn + ".")
                for address in record.ips {
                    records.append(ResourceRecord(name: name, ttl: UInt32(clamping: record.ttl), data: .a(address)))
                }
            }
            return Zone(origin: origin, records: records)
        }
    }
}
