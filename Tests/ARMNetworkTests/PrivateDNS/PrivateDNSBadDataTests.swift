import DNSModel
import Foundation
import PeNetTestSupport
import Resolver
import Testing

@testable import ARMNetwork

/// ARM data pe-net cannot use (a malformed `dnsZone` or FQDN, a NIC address that is not IPv4)
/// becomes a blocking finding naming the resource: never a trap, never a zone or an A record.
@Suite("Private DNS with bad data from Azure")
struct PrivateDNSBadDataTests {
    typealias F = PlannerFixture

    static let instanceID = PrivateDNSDiscoveryTests.worlds[0].instance
    static let endpointID = PrivateDNSDiscoveryTests.worlds[0].endpoint
    static let nicName = "pe-sales-mi.nic.5b6c7d8e"

    /// examples/worlds/separate.json with `edit` applied to the document whose id ends in `suffix`.
    static func separateWorld(editing suffix: String, _ edit: (inout [String: Any]) -> Void) throws -> [Data] {
        let url = TestPaths.packageRoot.appendingPathComponent("examples/worlds/separate.json")
        let documents = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [[String: Any]])
        var edited = 0
        let result = try documents.map { document -> Data in
            var document = document
            if (document["id"] as? String)?.hasSuffix(suffix) == true {
                edit(&document)
                edited += 1
            }
            return try JSONSerialization.data(withJSONObject: document)
        }
        #expect(edited == 1, "exactly one document of the world ends in \(suffix)")
        return result
    }

    static func setProperty(_ key: String, _ value: Any, in document: inout [String: Any]) {
        var properties = document["properties"] as? [String: Any] ?? [:]
        properties[key] = value
        document["properties"] = properties
    }

    static func discoverAndPlan(_ emulator: ARMEmulatorInProcess) async throws -> (PrivateDNSFacts, PrivateDNSPlan) {
        let options = try PrivateDNSDiscoveryTests.options(for: endpointID)
        let facts = try await PrivateDNSDiscovery(client: emulator.client()).discover(
            instance: try ResourceID(parsing: instanceID), endpoints: [try ResourceID(parsing: endpointID)],
            options: options)
        return (facts, PrivateDNSPlanner.plan(facts: facts, options: options))
    }

    @Test(
        "a dnsZone that is not one DNS label is a finding from discovery, and nothing is planned",
        arguments: ["bad zone!", "", "a.b", "-a1b2", String(repeating: "z", count: 64)])
    func badDNSZoneFromAzure(dnsZone: String) async throws {
        let world = try Self.separateWorld(editing: "/managedInstances/sales-mi") {
            Self.setProperty("dnsZone", dnsZone, in: &$0)
        }
        try await ARMEmulatorInProcess.with(world: world) { emulator in
            let (facts, plan) = try await Self.discoverAndPlan(emulator)
            let expected = Finding(
                severity: .error, code: PrivateDNSFindingCode.instanceDNSZone,
                message: try #require(facts.findings.first?.message), resource: Self.instanceID)
            #expect(facts.findings == [expected])
            #expect(expected.message.contains("'\(dnsZone)'") && expected.message.contains("sales-mi"))
            #expect(facts.instance.parsedFQDN == nil)
            #expect(facts.zones.isEmpty)
            let zoneReads = try await emulator.requestLog().filter { $0.path.contains("/privateDnsZones/") }
            #expect(zoneReads.isEmpty, "no zone is read under a name built from bad data")

            #expect(plan.findings.filter { $0.code == PrivateDNSFindingCode.instanceDNSZone } == [expected])
            #expect(plan.blockingFindings(strict: false).contains(expected))
            #expect(!plan.rejectsInput, "Azure's data, not the flags: exit 1, not 64")
            #expect(plan.changes.isEmpty && plan.zones.isEmpty && plan.guidance.isEmpty)
            #expect(plan.placements.map(\.topology) == [.separate], "the topology is still reported")
            let data = try JSONEncoder().encode(plan)
            #expect(try JSONDecoder().decode(PrivateDNSPlan.self, from: data) == plan)
        }
    }

    @Test("a NIC address that is not IPv4 is a finding naming the NIC, never an A record")
    func badNICAddress() async throws {
        let world = try Self.separateWorld(editing: "/networkInterfaces/\(Self.nicName)") { nic in
            var properties = nic["properties"] as? [String: Any] ?? [:]
            var configurations = properties["ipConfigurations"] as? [[String: Any]] ?? []
            Self.setProperty("privateIPAddress", "999.1.2.3", in: &configurations[0])
            properties["ipConfigurations"] = configurations
            nic["properties"] = properties
        }
        try await ARMEmulatorInProcess.with(world: world) { emulator in
            let (facts, plan) = try await Self.discoverAndPlan(emulator)
            #expect(facts.endpoints.map(\.ip) == [nil])
            #expect(facts.findings.map(\.code) == [PrivateDNSFindingCode.endpointAddress])
            let finding = try #require(facts.findings.first)
            #expect(finding.severity == .error)
            #expect(finding.resource?.hasSuffix("/networkInterfaces/\(Self.nicName)") == true)
            #expect(finding.message.contains(Self.nicName) && finding.message.contains("999.1.2.3"))

            #expect(plan.findings.filter { $0.code == PrivateDNSFindingCode.endpointAddress } == [finding])
            #expect(plan.records.isEmpty, "no A record from an address that does not parse")
            #expect(plan.blockingFindings(strict: false).contains(finding))
        }
    }

    @Test(
        "instance facts that make no zone name give one error naming the instance",
        arguments: [
            ("bad zone!", "sales-mi.a1b2c3d4e5f6.database.windows.net", PrivateDNSFindingCode.instanceDNSZone),
            ("", "sales-mi..database.windows.net", PrivateDNSFindingCode.instanceDNSZone),
            ("a1b2c3d4e5f6", "sales-mi.a1b2c3d4e5f6.example.com", PrivateDNSFindingCode.instanceFQDN),
            ("a1b2c3d4e5f6", "sales-mi.ffffffffffff.database.windows.net", PrivateDNSFindingCode.instanceFQDN),
            ("a1b2c3d4e5f6", "other-mi.a1b2c3d4e5f6.database.windows.net", PrivateDNSFindingCode.instanceFQDN),
            (
                "a1b2c3d4e5f6", "sales-mi.privatelink.a1b2c3d4e5f6.database.windows.net",
                PrivateDNSFindingCode.instanceFQDN
            ),
            ("a1b2c3d4e5f6", "bad name!", PrivateDNSFindingCode.instanceFQDN),
        ])
    func handBuiltBadInstance(dnsZone: String, fqdn: String, code: String) {
        let instance = F.instance(fqdn: fqdn, dnsZone: dnsZone)
        #expect(PrivateDNSRules.instanceFindings(instance).map(\.code) == [code])
        let facts = PrivateDNSFacts(instance: instance, endpoints: [F.endpoint()])
        for zoneName in [nil, "privatelink.site"] {
            let plan = PrivateDNSPlanner.plan(
                facts: facts, options: PrivateDNSOptions(zoneName: zoneName, placement: F.dns))
            #expect(plan.findings.map(\.code) == [code])
            #expect(plan.findings.first?.resource == instance.id.path)
            #expect(plan.changes.isEmpty)
        }
    }

    @Test("the instance's own facts pass, in every cloud", arguments: ManagedInstanceDNSSuffix.allCases)
    func goodInstance(suffix: ManagedInstanceDNSSuffix) throws {
        let instance = F.instance(fqdn: "Sales-MI.A1B2C3D4E5F6.\(suffix.rawValue).", dnsZone: "A1B2C3D4E5F6")
        #expect(PrivateDNSRules.instanceFindings(instance).isEmpty)
        let fqdn = try #require(instance.parsedFQDN)
        #expect(fqdn.suffix == suffix)
        #expect(fqdn.privatelinkZone == "privatelink.a1b2c3d4e5f6.\(suffix.rawValue)")
    }

    @Test("an endpoint without an address that discovery did not report still gets a finding")
    func handBuiltMissingAddress() {
        var endpoint = F.endpoint()
        endpoint.ip = nil
        let plan = PrivateDNSPlanner.plan(
            facts: PrivateDNSFacts(instance: F.instance, endpoints: [endpoint]),
            options: PrivateDNSOptions(placement: F.dns))
        #expect(plan.findings.map(\.code) == [PrivateDNSFindingCode.endpointAddress])
        #expect(plan.findings.first?.resource == endpoint.nicID.path)
        #expect(plan.findings.first?.message.contains("holds no IPv4 address") == true)
        #expect(plan.records.isEmpty)
        #expect(plan.changes.map(\.resource.kind) == ["zone", "vnet link"])
    }
}
