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
