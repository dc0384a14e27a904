import Resolver
import Testing

@Suite struct HostnameRulesTests {
    static let label63 = String(repeating: "a", count: 63)
    static let label64 = String(repeating: "a", count: 64)
    static let name253 = [label63, label63, label63, String(repeating: "b", count: 61)].joined(separator: ".")
    static let name254 = [label63, label63, label63, String(repeating: "b", count: 62)].joined(separator: ".")

    /// (host, the error codes expected; empty = valid syntax)
    @Test(arguments: [
        ("mi1.abc123.database.windows.net", [String]()),
        ("MI1.ABC123.DATABASE.WINDOWS.NET", []),
        ("mi1.abc123.database.windows.net.", []),
        (label63 + ".example.com", []),
        (label64 + ".example.com", ["host.label-too-long"]),
        (name253, []),
        (name254, ["host.name-too-long"]),
        (name253 + ".", []),
        ("xn--bcher-kva.example", []),
        ("xn--zz-9.example", ["host.punycode-invalid"]),
        ("bücher.example", ["host.non-ascii"]),
        ("under_score.example", ["host.underscore"]),
        ("-lead.example", ["host.hyphen-edge"]),
        ("trail-.example", ["host.hyphen-edge"]),
        ("in-ner.example", []),
        ("a..b", ["host.label-empty"]),
        (".a.b", ["host.label-empty"]),
        ("sp ace.example", ["host.invalid-character"]),
        ("mi1.abc123.database.windows.net,1433", ["host.invalid-character"]),
        ("10.1.2", ["host.numeric-tld"]),
        ("*.example", ["host.invalid-character"]),
    ])
    func syntax(host: String, expectedErrors: [String]) {
        let errors = HostnameRules.syntax(of: host).filter { $0.severity == .error }.map(\.code)
        #expect(Set(errors) == Set(expectedErrors), "\(host)")
    }

    @Test(arguments: [
        ("mi1.abc123.database.windows.net.", "host.trailing-dot", Finding.Severity.warning),
        ("MI1.abc123.database.windows.net", "host.uppercase", .info),
        ("localhost", "host.single-label", .warning),
        ("ab--cd.example", "host.reserved-hyphens", .warning),
        ("xn--bcher-kva.example", "host.idn", .info),
    ])
    func nonErrorFindings(host: String, code: String, severity: Finding.Severity) {
        let findings = HostnameRules.syntax(of: host)
        #expect(findings.contains { $0.code == code && $0.severity == severity }, "\(findings)")
        #expect(!findings.fails())
    }

    @Test func nonASCIILabelSuggestsItsALabel() {
        let finding = HostnameRules.syntax(of: "bücher.example").first { $0.code == "host.non-ascii" }
        #expect(finding?.message.contains("xn--bcher-kva") == true)
    }

    @Test(arguments: [
        ("10.1.2.3", IPLiteral.v4("10.1.2.3")),
        ("fd00::4", .v6("fd00::4")),
        ("[fd00::4]", .v6("fd00::4")),
        ("fe80::1%eth0", .v6Scoped(address: "fe80::1", zone: "eth0")),
        ("::ffff:10.1.2.3", .v6("::ffff:10.1.2.3")),
    ])
    func ipLiteralsAreRefusedWithTheReason(host: String, literal: IPLiteral) {
        #expect(HostnameRules.ipLiteral(host) == literal)
        let findings = HostnameRules(instance: "mi1", dnsZone: "abc123", topology: .separate).check(host)
        #expect(findings.map(\.code) == ["host.ip-literal"])
        #expect(findings.first?.message.contains("requires its host name") == true)
        #expect(findings.first?.message.contains("mi1.abc123.database.windows.net") == true)
    }

    @Test(arguments: ["mi1.abc123.database.windows.net", "10-1-2-3.example", "1.2.3.4.5"])
    func notIPLiterals(host: String) {
        #expect(HostnameRules.ipLiteral(host) == nil)
    }

    @Test(arguments: [
        ("mi1.abc123.database.windows.net", "mi1", "abc123", ManagedInstanceDNSSuffix.azureCloud, false),
        ("MI1.Abc123.Database.Windows.Net.", "mi1", "abc123", .azureCloud, false),
        ("sqlmi-prod.0a1b2c3d4e5f.database.usgovcloudapi.net", "sqlmi-prod", "0a1b2c3d4e5f", .azureUSGovernment, false),
        ("mi9.zzz999.database.chinacloudapi.cn", "mi9", "zzz999", .azureChinaCloud, false),
        ("mi1.privatelink.abc123.database.windows.net", "mi1", "abc123", .azureCloud, true),
    ])
    func recognisesManagedInstanceFQDNs(
        host: String, instance: String, dnsZone: String, suffix: ManagedInstanceDNSSuffix, privatelink: Bool
    ) throws {
        let fqdn = try #require(ManagedInstanceFQDN(parsing: host))
        #expect(fqdn.instance == instance)
        #expect(fqdn.dnsZone == dnsZone)
        #expect(fqdn.suffix == suffix)
        #expect(fqdn.isPrivatelink == privatelink)
        #expect(fqdn.fqdn == "\(instance).\(dnsZone).\(suffix.rawValue)")
        #expect(fqdn.privatelinkName == "\(instance).privatelink.\(dnsZone).\(suffix.rawValue)")
    }

    @Test(arguments: [
        "abc123.database.windows.net", "a.b.abc123.database.windows.net", "mi1.abc123.database.azure.com",
        "10.1.2.3", "mi_1.abc123.database.windows.net", "mi1.abc123.database.windows.net.evil.example",
    ])
    func otherNamesAreNotManagedInstanceFQDNs(host: String) {
        #expect(ManagedInstanceFQDN(parsing: host) == nil)
    }

    /// (host, instance, dnsZone, topology, error codes expected)
    @Test(arguments: [
        ("mi1.abc123.database.windows.net", "mi1", "abc123", Topology.separate, [String]()),
        ("mi2.abc123.database.windows.net", "mi1", "abc123", .separate, ["mi.first-label"]),
        ("mi1.xyz789.database.windows.net", "mi1", "abc123", .separate, ["mi.dns-zone"]),
        ("mi1.privatelink.site", "mi1", "abc123", .separate, ["mi.not-instance-fqdn"]),
        ("mi1.privatelink.site", "mi1", "abc123", .same, []),
        ("mi1.privatelink.site", "mi1", "abc123", .peered, []),
        ("mi1.privatelink.abc123.database.windows.net", "mi1", "abc123", .same, ["zone.forbidden-name"]),
        ("mi1.privatelink.abc123.database.windows.net", "mi1", "abc123", .peered, ["zone.forbidden-name"]),
        ("mi1.privatelink.abc123.database.windows.net", "mi1", "abc123", .separate, []),
        ("other.privatelink.site", "mi1", "abc123", .same, ["mi.first-label"]),
        ("mi1.abc123.database.usgovcloudapi.net", "mi1", "abc123", .separate, []),
        ("mi1.abc123.database.chinacloudapi.cn", "mi1", "abc123", .separate, []),
    ])
    func instanceAndTopologyRules(
        host: String, instance: String, dnsZone: String, topology: Topology, expectedErrors: [String]
    ) {
        let findings = HostnameRules(instance: instance, dnsZone: dnsZone, topology: topology).check(host)
        let errors = findings.filter { $0.severity == .error }.map(\.code)
        #expect(Set(errors) == Set(expectedErrors), "\(findings)")
        #expect(findings.fails() == !expectedErrors.isEmpty)
    }

    @Test func sameVnetViaInstanceFQDNWarnsAboutTheVNetLocalEndpoint() {
        let findings = HostnameRules(instance: "mi1", dnsZone: "abc123", topology: .same).check(
            "mi1.abc123.database.windows.net")
        #expect(findings.map(\.code) == ["mi.vnet-local"])
        #expect(!findings.fails())
        #expect(findings.fails(strict: true))
    }

    @Test func customZoneNeedsEncryptOffNote() {
        let findings = HostnameRules(instance: "mi1", topology: .peered).check("mi1.privatelink.site")
        #expect(findings.contains { $0.code == "mi.encrypt-off" && $0.message.contains("TrustServerCertificate=true") })
    }
}
