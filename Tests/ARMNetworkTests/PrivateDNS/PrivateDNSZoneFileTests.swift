import DNSModel
import Foundation
import PeNetTestSupport
import Testing

@testable import ARMNetwork

@Suite("Private DNS zone-file export")
struct PrivateDNSZoneFileTests {
    typealias F = PlannerFixture

    static let cases: [(label: String, vnet: ResourceID, zoneName: String?, origin: String, owner: String)] = [
        ("separate", F.appVNet, nil, F.privatelink + ".", "sales-mi.\(F.privatelink)."),
        ("same", F.miVNet, "corp.sql", "corp.sql.", "sales-mi.corp.sql."),
    ]

    @Test("desired zones render as zone files that parse back to the same records", arguments: cases)
    func export(_ c: (label: String, vnet: ResourceID, zoneName: String?, origin: String, owner: String)) throws {
        let facts = PrivateDNSFacts(instance: F.instance, endpoints: [F.endpoint(vnet: c.vnet)])
        let plan = PrivateDNSPlanner.plan(
            facts: facts, options: PrivateDNSOptions(zoneName: c.zoneName, placement: F.dns, ttl: 300))
        let zones = try PrivateDNSZoneFile.zones(for: plan)
        #expect(zones.map(\.origin.text) == [c.origin])
        let text = zones[0].render()
        let parsed = try Zone(parsing: text)
        #expect(parsed.hasSameRecords(as: zones[0]))
        let a = parsed.records.filter { $0.type == .a }
        #expect(a.map(\.name.text) == [c.owner])
        #expect(a.map(\.data.presentation) == ["10.20.1.4"])
        #expect(a.map(\.ttl) == [300])
        #expect(parsed.soa != nil)

        try Golden.check(text, against: "Tests/ARMNetworkTests/PrivateDNS/Golden/\(c.label).zone")
    }
}

extension PrivateDNSZoneFileTests {
    /// The serial NSD and secondaries compare: equal for equal content, different otherwise.
    static func serial(ip: String, ttl: Int = 300) throws -> UInt32 {
        let facts = PrivateDNSFacts(instance: F.instance, endpoints: [F.endpoint(ip: ip)])
        let plan = PrivateDNSPlanner.plan(facts: facts, options: PrivateDNSOptions(placement: F.dns, ttl: ttl))
        let zone = try #require(try PrivateDNSZoneFile.zones(for: plan).first)
        guard case .soa(let soa)? = zone.soa?.data else {
            Issue.record("no SOA")
            return 0
        }
        return soa.serial
    }

    @Test("the SOA serial changes when the zone's content changes, and only then")
    func serialFollowsContent() throws {
        let base = try Self.serial(ip: "10.20.1.4")
        #expect(try Self.serial(ip: "10.20.1.4") == base)
        #expect(try Self.serial(ip: "10.20.1.5") != base)
        #expect(try Self.serial(ip: "10.20.1.4", ttl: 60) != base)
        #expect(base != 0 && base < 2_147_483_648)
    }
}
