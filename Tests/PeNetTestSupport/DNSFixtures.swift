/// Zone texts for DNS tests: the public-style zone with an instance's CNAME into its
/// privatelink zone, and the privatelink zone with the endpoint's A record (RFC 1035 text).
public enum DNSFixtures {
    /// `<dnsZone>.database.windows.net` with `<instance> CNAME <instance>.privatelink.<dnsZone>...` for each instance.
    public static func publicZone(
        dnsZone: String = "abc123", instances: [String] = ["mi1"], serial: UInt32 = 1, extra: String = ""
    ) -> String {
        let origin = "\(dnsZone).database.windows.net."
        var text = """
            $ORIGIN \(origin)
            $TTL 300
            @       IN SOA  ns1.\(origin) hostmaster.\(origin) (
                            \(serial) 3600 600 86400 300 )
                    IN NS   ns1
            ns1     IN A    127.0.0.1

            """
        for instance in instances {
            text += "\(instance) IN CNAME \(instance).privatelink.\(origin)\n"
        }
        return text + extra
    }

    /// `privatelink.<dnsZone>.database.windows.net` with `<instance> A <ip>` for each entry.
    public static func privatelinkZone(
        dnsZone: String = "abc123", records: [(String, String)] = [("mi1", "10.1.2.3")], serial: UInt32 = 1,
        extra: String = ""
    ) -> String {
        var text = """
            $ORIGIN privatelink.\(dnsZone).database.windows.net.
            $TTL 10
            @       IN SOA  localhost. hostmaster.localhost. \(serial) 3600 600 86400 10
                    IN NS   localhost.

            """
        for (name, ip) in records {
            text += "\(name) IN A \(ip)\n"
        }
        return text + extra
    }

    /// Both zones of one instance, keyed by zone name, ready for `DNSServers.startNSD(zones:)`.
    public static func instanceZones(dnsZone: String = "abc123", instance: String = "mi1", ip: String = "10.1.2.3")
        -> [String: String]
    {
        [
            "\(dnsZone).database.windows.net": publicZone(dnsZone: dnsZone, instances: [instance]),
            "privatelink.\(dnsZone).database.windows.net": privatelinkZone(dnsZone: dnsZone, records: [(instance, ip)]),
        ]
    }
}
