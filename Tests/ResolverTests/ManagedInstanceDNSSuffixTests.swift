import Foundation
import Resolver
import Testing

@Suite("Cloud DNS suffixes and instance names")
struct ManagedInstanceDNSSuffixTests {
    @Test(
        "one table: suffix, cloud name, private DNS zone",
        arguments: [
            (
                ManagedInstanceDNSSuffix.azureCloud, "database.windows.net", "AzureCloud",
                "privatelink.abc123.database.windows.net"
            ),
            (
                .azureUSGovernment, "database.usgovcloudapi.net", "AzureUSGovernment",
                "privatelink.abc123.database.usgovcloudapi.net"
            ),
            (
                .azureChinaCloud, "database.chinacloudapi.cn", "AzureChinaCloud",
                "privatelink.abc123.database.chinacloudapi.cn"
            ),
        ])
    func table(suffix: ManagedInstanceDNSSuffix, text: String, cloud: String, privatelink: String) {
        #expect(suffix.rawValue == text)
        #expect(suffix.cloudName == cloud)
        #expect(suffix.privatelinkZone(dnsZone: "ABC123") == privatelink)
        #expect(suffix.instanceZone(dnsZone: "abc123") == "abc123.\(text)")
        #expect(suffix.domainName.text == text)
        let split = ManagedInstanceDNSSuffix.split(
            labels: ["MI1", "abc123"] + text.uppercased().split(separator: ".").map(String.init))
        #expect(split?.suffix == suffix)
        #expect(split?.own == ["mi1", "abc123"])
    }

    @Test(arguments: [["database", "windows", "net"], ["mi1", "abc123", "example", "com"], []])
    func noSuffixOrNothingBeforeIt(labels: [String]) {
        #expect(ManagedInstanceDNSSuffix.split(labels: labels) == nil)
    }

    @Test(
        "building a name checks that instance and dnsZone are single labels",
        arguments: [
            ("mi1", "bad zone!", "dnsZone"), ("mi1", "", "dnsZone"), ("mi1", "a.b", "dnsZone"),
            ("mi1", "-abc", "dnsZone"), ("mi1", String(repeating: "z", count: 64), "dnsZone"),
            ("mi 1", "abc123", "instance name"), ("", "abc123", "instance name"),
        ])
    func invalidParts(instance: String, dnsZone: String, what: String) {
        let error = #expect(throws: ResolverError.self) {
            try ManagedInstanceFQDN(instance: instance, dnsZone: dnsZone)
        }
        #expect(error == .invalidLabel(what, value: what == "dnsZone" ? dnsZone : instance))
        #expect(error?.description.contains("not a single DNS label") == true)
    }

    @Test func validPartsBuildLowerCaseNames() throws {
        let fqdn = try ManagedInstanceFQDN(instance: "MI1", dnsZone: "ABC123", suffix: .azureChinaCloud)
        #expect(fqdn.fqdn == "mi1.abc123.database.chinacloudapi.cn")
        #expect(fqdn.privatelinkZone == "privatelink.abc123.database.chinacloudapi.cn")
        #expect(ManagedInstanceFQDN(parsing: fqdn.fqdn) == fqdn)
    }

    @Test("decoding checks the labels too")
    func decodingChecks() throws {
        let good = try ManagedInstanceFQDN(instance: "mi1", dnsZone: "abc123")
        let data = try JSONEncoder().encode(good)
        #expect(try JSONDecoder().decode(ManagedInstanceFQDN.self, from: data) == good)
        let bad = Data(
            #"{"instance":"mi1","dnsZone":"bad zone!","suffix":"database.windows.net","isPrivatelink":false}"#.utf8)
        #expect(throws: ResolverError.invalidLabel("dnsZone", value: "bad zone!")) {
            try JSONDecoder().decode(ManagedInstanceFQDN.self, from: bad)
        }
    }

    @Test(
        "a dnsZone that makes no zone name is a finding from the naming rule, not a trap",
        arguments: [Topology.separate, .same, .peered], ["bad zone!", "", "a.b"])
    func namingRuleWithBadDNSZone(topology: Topology, dnsZone: String) {
        let findings = ZoneNamingRule(topology: topology, dnsZone: dnsZone).check(zoneName: "privatelink.site")
        #expect(findings.map(\.code) == [ZoneNamingRule.invalidDNSZoneCode])
        #expect(findings.map(\.severity) == [.error])
        #expect(findings.first?.message.contains("'\(dnsZone.lowercased())'") == true)
    }

    @Test("a --dns-zone that is not one label is reported by the host rules, not a trap")
    func hostRulesWithBadDNSZone() {
        let findings = HostnameRules(instance: "mi1", dnsZone: "bad zone!", topology: .same).check(
            "mi1.privatelink.site")
        #expect(findings.contains { $0.code == ZoneNamingRule.invalidDNSZoneCode && $0.severity == .error })
    }
}
