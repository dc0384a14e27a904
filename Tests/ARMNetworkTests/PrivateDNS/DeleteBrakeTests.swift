import DNSModel
import Testing

@testable import ARMNetwork

/// The delete brake `dns apply` and `apply -f` share: deletes need `--allow-deletes`, more than 30% of
/// what pe-net owns in the zones read also needs `--force`.
@Suite("Delete brake")
struct DeleteBrakeTests {
    static let zone = "privatelink.a1b2c3d4e5f6.database.windows.net"

    static func recordDelete(_ name: String) throws -> PrivateDNSChange {
        let zoneID = try ResourceID(
            subscription: "00000000-1111-2222-3333-444444444444", resourceGroup: "dns-rg",
            namespace: "Microsoft.Network", type: "privateDnsZones", name: zone)
        let record = DesiredARecord(
            id: try zoneID.child("A", name), zoneName: zone, name: name, ips: [IPv4Address(octets: 10, 20, 1, 9)],
            ttl: 3600,
            metadata: ["managedBy": "pe-net"])
        return PrivateDNSChange(action: .delete, resource: .record(record), message: "delete A record \(name)")
    }

    @Test("no deletes pass without flags; deletes without --allow-deletes are refused with code and resource")
    func allowDeletes() throws {
        #expect(PrivateDNSPlanner.deleteRefusal([], owned: 0, allowDeletes: false, force: false) == nil)
        let deletes = [try Self.recordDelete("old-mi")]
        let refusal = try #require(
            PrivateDNSPlanner.deleteRefusal(deletes, owned: 10, allowDeletes: false, force: false))
        #expect(refusal.flag == "--allow-deletes")
        #expect(refusal.code == "plan.deletes-not-allowed")
        #expect(refusal.resource == deletes[0].resource.id.path)
        #expect(
            refusal.message
                == "the plan deletes 1 resource(s) pe-net created and no longer wants (A record old-mi.\(Self.zone)); nothing was changed: add --allow-deletes to delete them"
        )
        let file = try #require(
            PrivateDNSPlanner.deleteRefusal(
                deletes, owned: 10, allowDeletes: false, force: false, unwantedBy: "the file"))
        #expect(file.message.contains("pe-net created and the file no longer wants (A record old-mi."))
    }

    @Test("up to 30% of what pe-net owns passes with --allow-deletes; more needs --force")
    func brake() throws {
        let three = try ["a", "b", "c"].map(Self.recordDelete)
        #expect(PrivateDNSPlanner.deleteRefusal(three, owned: 10, allowDeletes: true, force: false) == nil)
        let four = try ["a", "b", "c", "d"].map(Self.recordDelete)
        let braked = try #require(PrivateDNSPlanner.deleteRefusal(four, owned: 10, allowDeletes: true, force: false))
        #expect(braked.flag == "--force" && braked.code == "plan.delete-brake")
        #expect(
            braked.message.hasPrefix(
                "the plan deletes 4 of the 10 records and links pe-net owns in these zones, more than 30% in one apply (A record a."
            ))
        #expect(braked.message.hasSuffix("nothing was changed: check the plan, then add --force"))
        #expect(PrivateDNSPlanner.deleteRefusal(four, owned: 10, allowDeletes: true, force: true) == nil)
        // An owned count below the deletes (a plan read before the count existed) counts the deletes.
        let unknown = try #require(PrivateDNSPlanner.deleteRefusal(three, owned: 0, allowDeletes: true, force: false))
        #expect(unknown.message.hasPrefix("the plan deletes 3 of the 3 records"))
    }
}
