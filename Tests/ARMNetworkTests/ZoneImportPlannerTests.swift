import ARMNetwork
import DNSModel
import Foundation
import Testing

/// The zone-file import planner (pure): record sets compared by content, not spelling.
@Suite struct ZoneImportPlannerTests {
    static let zoneID = ResourceID.fixture(
        "/subscriptions/s/resourceGroups/dns/providers/Microsoft.Network/privateDnsZones/privatelink.site")

    static func existing(_ type: String, _ name: String, _ json: String) throws -> PrivateDNSRecordSet {
        try JSONDecoder().decode(
            PrivateDNSRecordSet.self,
            from: Data(
                #"{"id":"\#(zoneID.path)/\#(type)/\#(name)","name":"\#(name)","type":"Microsoft.Network/privateDnsZones/\#(type)","properties":\#(json)}"#
                    .utf8))
    }

    static func plan(_ text: String, _ existing: [PrivateDNSRecordSet]) throws -> ZoneImportPlan {
        let zone = try Zone(parsing: "$ORIGIN privatelink.site.\n$TTL 300\n" + text)
        return ZoneImportPlanner.plan(zone: zone, file: "z.zone", zoneID: zoneID, existing: existing)
    }

    @Test("the same records spelled differently are unchanged; another TTL or other data is a conflict")
    func comparesContent() throws {
        let plan = try Self.plan(
            "v6 IN AAAA FD00:0:0::5\nWeb IN CNAME target.example.\nttl 600 IN A 10.0.0.1\nother IN A 10.0.0.2\n",
            [
                try Self.existing("AAAA", "v6", #"{"ttl":300,"aaaaRecords":[{"ipv6Address":"fd00::5"}]}"#),
                try Self.existing("CNAME", "web", #"{"ttl":300,"cnameRecord":{"cname":"TARGET.example"}}"#),
                try Self.existing("A", "ttl", #"{"ttl":300,"aRecords":[{"ipv4Address":"10.0.0.1"}]}"#),
                try Self.existing("A", "other", #"{"ttl":300,"aRecords":[{"ipv4Address":"10.9.9.9"}]}"#),
            ])
        let actions = Dictionary(uniqueKeysWithValues: plan.entries.map { ("\($0.type) \($0.name)", $0.action) })
        #expect(actions["AAAA v6"] == .unchanged)
        #expect(actions["CNAME web"] == .unchanged)
        #expect(actions["A ttl"] == .conflict)
        #expect(actions["A other"] == .conflict)
        #expect(plan.hasConflicts && plan.entries(.create).isEmpty)
    }

    @Test("creates carry pe-net's mark and the file; NS below the apex and CAA are ignored with a reason")
    func createsAndIgnores() throws {
        let plan = try Self.plan(
            "db IN A 10.0.0.7\nsub IN NS ns1.example.\n@ IN CAA 0 issue \"ca.example\"\n", [])
        let create = try #require(plan.entries(.create).first)
        #expect(create.name == "db" && create.id?.path == "\(Self.zoneID.path)/A/db")
        #expect(create.body?.metadata == ["managedBy": "pe-net", "peNetSource": "zonefile:z.zone"])
        #expect(create.body?.aRecords?.map(\.ipv4Address) == ["10.0.0.7"] && create.body?.ttl == 300)
        let ignored = plan.entries(.ignored).map(\.note)
        #expect(ignored.contains { $0.contains("cannot delegate") })
        #expect(ignored.contains { $0.contains("do not hold CAA records") })
    }
}
