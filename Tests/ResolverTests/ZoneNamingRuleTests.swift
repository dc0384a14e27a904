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
