import Foundation
import Testing

@testable import ARMNetwork

/// Which of pe-net's records and links in a zone the estate deletes when the file no longer wants
/// their instance: only marked records of unwanted instances, links only when the zone is left
/// without records and no listed instance plans into it, and nothing that is not pe-net's.
struct EstateDeletesTests {
    static var zoneID: ResourceID {
        get throws {
            try ResourceID(
                parsing:
                    "/subscriptions/55555555-6666-7777-8888-999999999999/resourceGroups/app-rg/providers/Microsoft.Network/privateDnsZones/privatelink.site"
            )
        }
    }
    static var hr: ResourceID {
        get throws {
            try ResourceID(
                parsing:
                    "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/hr-rg/providers/Microsoft.Sql/managedInstances/hr-mi"
            )
        }
    }
    static var sales: ResourceID {
        get throws {
            try ResourceID(
                parsing:
                    "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/mi-rg/providers/Microsoft.Sql/managedInstances/sales-mi"
            )
        }
    }
    static var vnet: ResourceID {
        get throws {
            try ResourceID(
                parsing:
                    "/subscriptions/55555555-6666-7777-8888-999999999999/resourceGroups/app-rg/providers/Microsoft.Network/virtualNetworks/app-vnet"
            )
        }
    }

    static func record(_ name: String, owner: ResourceID?, owned: Bool = true) throws -> ExistingARecord {
        var metadata: [String: String] = owned ? [PeNetOwnership.key: PeNetOwnership.value] : [:]
        if let owner { metadata[PeNetOwnership.instanceKey] = owner.path.uppercased() }
        return ExistingARecord(
            id: try Self.zoneID.child("A", name), name: name, ips: ["10.20.1.4"], ttl: 3600, metadata: metadata,
            etag: "e-\(name)")
    }

    static func zone(_ records: [ExistingARecord], linkOwned: Bool = true) throws -> ExistingZone {
        let link = ExistingLink(
            id: try Self.zoneID.child("virtualNetworkLinks", "app-vnet-1"), name: "app-vnet-1", vnetID: try Self.vnet,
            registrationEnabled: false, linkState: "Completed", etag: "e-link",
            tags: linkOwned ? [PeNetOwnership.key: PeNetOwnership.value] : [:])
        return ExistingZone(id: try Self.zoneID, name: "privatelink.site", etag: nil, links: [link], records: records)
    }

    @Test func anUnwantedInstancesRecordAndTheLinkItLeavesAreDeleted() throws {
        let zone = try Self.zone([try Self.record("hr-mi", owner: try Self.hr)])
        let result = EstateWorkflow.orphans(in: zone, wanted: [try Self.sales], keep: false)
        #expect(result.ownedCount == 2)
        #expect(result.changes.map(\.action) == [.delete, .delete])
        #expect(result.changes.map(\.resource.kind) == ["A record", "vnet link"])
        #expect(result.changes.map(\.etag) == ["e-hr-mi", "e-link"])
        #expect(result.changes[0].message.lowercased().contains("pe-net created it for hr-mi"))
    }

    @Test func aWantedInstancesRecordInAZoneItsPlanNoLongerUsesIsDeleted() throws {
        let other = try ResourceID(
            parsing:
                "/subscriptions/55555555-6666-7777-8888-999999999999/resourceGroups/app-rg/providers/Microsoft.Network/privateDnsZones/privatelink.corp"
        )
        let zone = try Self.zone([try Self.record("hr-mi", owner: Self.hr)])
        let moved = EstateWorkflow.orphans(
            in: zone, wanted: [try Self.hr], plannedZones: [try Self.hr: [other]], keep: false)
        #expect(moved.changes.map(\.resource.kind) == ["A record", "vnet link"])
        #expect(moved.changes[0].message.contains("whose private DNS the file now puts in another zone"))
        let same = EstateWorkflow.orphans(
            in: zone, wanted: [try Self.hr], plannedZones: [try Self.hr: [try Self.zoneID]], keep: true)
        #expect(same.changes.isEmpty)
    }

    @Test func wantedInstancesForeignRecordsAndKeptZonesStay() throws {
        // hr-mi is wanted (ids compare ignoring case): nothing goes.
        let wanted = EstateWorkflow.orphans(
            in: try Self.zone([try Self.record("hr-mi", owner: try Self.hr)]), wanted: [try Self.hr], keep: false)
        #expect(wanted.changes.isEmpty && wanted.ownedCount == 2)
        // A hand-made record keeps the zone's link, and is never deleted itself.
        let shared = EstateWorkflow.orphans(
            in: try Self.zone([
                try Self.record("hr-mi", owner: try Self.hr), try Self.record("app", owner: nil, owned: false),
            ]),
            wanted: [], keep: false)
        #expect(shared.changes.map(\.resource.kind) == ["A record"])
        // A zone a listed instance plans into keeps its link.
        let kept = EstateWorkflow.orphans(
            in: try Self.zone([try Self.record("hr-mi", owner: try Self.hr)]), wanted: [], keep: true)
        #expect(kept.changes.map(\.resource.kind) == ["A record"])
        // Links pe-net did not create are never deleted; a marked record with no instance stays.
        let foreign = EstateWorkflow.orphans(
            in: try Self.zone([try Self.record("x", owner: nil)], linkOwned: false), wanted: [], keep: false)
        #expect(foreign.changes.isEmpty && foreign.ownedCount == 1)
    }
}
