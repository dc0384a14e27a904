import DNSModel
import Resolver
import Testing

@Suite struct ZoneNamingRuleTests {
    @Test(arguments: [
        (Topology.separate, ManagedInstanceDNSSuffix.azureCloud, "privatelink.abc123.database.windows.net"),
        (.separate, .azureUSGovernment, "privatelink.abc123.database.usgovcloudapi.net"),
        (.separate, .azureChinaCloud, "privatelink.abc123.database.chinacloudapi.cn"),
    ])
    func separateRequiresThePrivatelinkZone(topology: Topology, suffix: ManagedInstanceDNSSuffix, zone: String) {
        let rule = ZoneNamingRule(topology: topology, dnsZone: "ABC123", suffix: suffix)
        #expect(rule.requiredZone == zone)
        #expect(rule.forbiddenZone == nil)
        #expect(rule.check(zoneName: zone).isEmpty)
        #expect(rule.check(zoneName: zone.uppercased() + ".").isEmpty)
        #expect(rule.check(zoneName: "privatelink.site").map(\.code) == ["zone.required-name"])
        #expect(rule.reason.contains(zone))
    }

    @Test(arguments: [Topology.same, .peered])
    func sameAndPeeredForbidThePrivatelinkZone(topology: Topology) {
        let rule = ZoneNamingRule(topology: topology, dnsZone: "abc123")
        #expect(rule.requiredZone == nil)
        #expect(rule.forbiddenZone == "privatelink.abc123.database.windows.net")
        #expect(rule.suggestedZone == "privatelink.site")
        #expect(rule.reason.contains("management operations"))
        let forbidden = rule.check(zoneName: "privatelink.abc123.database.windows.net.")
        #expect(forbidden.map(\.code) == ["zone.forbidden-name"])
        #expect(forbidden.first?.message.contains("disrupts") == true)
        #expect(rule.check(zoneName: "privatelink.site").isEmpty)
        #expect(rule.check(zoneName: "corp.contoso.internal").isEmpty)
        #expect(rule.check(zoneName: "abc123.database.windows.net").map(\.code) == ["zone.shadows-instance"])
        #expect(rule.check(zoneName: "database.windows.net").map(\.code) == ["zone.shadows-instance"])
        #expect(rule.check(zoneName: "pe.abc123.database.windows.net").map(\.code) == ["zone.under-instance-zone"])
        #expect(rule.check(zoneName: "bad_zone.example").map(\.code) == ["zone.invalid-name"])
    }
}

/// RRSIG and NSEC may sit beside a CNAME (RFC 4035 §2.5, RFC 2181 §10.1); other data may not,
/// and findings name the types by mnemonic.
@Suite struct ZoneRulesCNAMETests {
    static let head = "$ORIGIN z.test.\n@ 300 IN SOA a. b. 1 2 3 4 5\n@ 300 IN NS a.\nw 300 IN CNAME x.\n"
    static let rrsig = "w 300 IN RRSIG CNAME 8 3 300 20300101000000 20200101000000 12345 z.test. AAAA\n"
    static let nsec = "w 300 IN NSEC z.test. CNAME RRSIG NSEC\n"

    @Test func signedCNAMEIsClean() throws {
        let findings = ZoneRules.check(try Zone(parsing: Self.head + Self.rrsig + Self.nsec))
        #expect(findings.isEmpty, "\(findings)")
    }

    @Test func otherDataBesideASignedCNAMEIsNamedByMnemonic() throws {
        let zone = try Zone(parsing: Self.head + Self.rrsig + "w 300 IN TLSA 3 1 1 abcd\nw 300 IN A 1.2.3.4\n")
        let finding = try #require(ZoneRules.check(zone).first { $0.code == "zone.cname-and-other-data" })
        #expect(finding.message == "w.z.test. has a CNAME and also A, TLSA records; a CNAME must stand alone")
    }
}
