import Foundation
import PeNetTestSupport
import Testing

@testable import ARMNetwork

/// The Resource Graph client against the emulator's Resource Graph: paging with `$skipToken`,
/// the subscriptions in scope, the query shape pe-net sends, and refusals.
@Suite("Resource Graph client", .tags(.emulator))
struct ResourceGraphClientTests {
    static let zoneName = "privatelink.abc123.database.windows.net"

    /// `count` links of the zone `name` in `subscription`, each to its own vnet.
    static func links(_ count: Int, zone name: String, subscription: String, group: String = "dns-rg") -> [Data] {
        let zone =
            "/subscriptions/\(subscription)/resourceGroups/\(group)/providers/Microsoft.Network/privateDnsZones/\(name)"
        var documents = [Data(#"{"id":"\#(zone)","location":"global","properties":{}}"#.utf8)]
        for index in 0..<count {
            let vnet =
                "/subscriptions/\(subscription)/resourceGroups/net-rg/providers/Microsoft.Network/virtualNetworks/v\(index)"
            documents.append(
                Data(
                    #"{"id":"\#(zone)/virtualNetworkLinks/l\#(index)","location":"global","properties":{"virtualNetwork":{"id":"\#(vnet)"},"registrationEnabled":\#(index == 0),"virtualNetworkLinkState":"Completed"}}"#
                        .utf8))
        }
        return documents
    }

    static let subA = "00000000-0000-0000-0000-00000000000a"
    static let subB = "00000000-0000-0000-0000-00000000000b"
    static let subC = "00000000-0000-0000-0000-00000000000c"

    static var world: [Data] {
        links(14, zone: zoneName, subscription: subA) + links(11, zone: zoneName, subscription: subB, group: "hub-dns")
            + links(3, zone: zoneName, subscription: subC) + links(4, zone: "privatelink.site", subscription: subA)
    }

    @Test("every row of the subscriptions in scope comes back, page by page with $skipToken")
    func paging() async throws {
        try await ARMEmulatorInProcess.with(world: Self.world, arguments: ["--page-size", "10"]) { emulator in
            let graph = ResourceGraphClient(client: emulator.client())
            let rows = try await graph.query(
                ResourceGraphQuery.privateDNSLinks(zoneName: Self.zoneName), subscriptions: [Self.subA, Self.subB],
                as: ResourceGraphRow<VirtualNetworkLinkProperties>.self)
            #expect(rows.count == 25)
            #expect(Set(rows.compactMap(\.subscriptionId)) == [Self.subA, Self.subB])
            #expect(Set(rows.compactMap(\.resourceGroup)) == ["dns-rg", "hub-dns"])
            #expect(rows.filter { $0.properties?.registrationEnabled == true }.count == 2)
            #expect(rows.allSatisfy { $0.type == "microsoft.network/privatednszones/virtualnetworklinks" })
            #expect(rows.map { $0.id ?? "" } == rows.map { $0.id ?? "" }.sorted(), "order by id asc")
            let posts = try await emulator.requestLog().filter { $0.method == "POST" }
            #expect(posts.count == 3, "25 rows in pages of 10")
            #expect(posts.allSatisfy { $0.apiVersion == "2024-04-01" && !$0.isWrite })
        }
    }

    @Test("no subscriptions in scope sends nothing; a query outside the subset is refused with the reason")
    func refusals() async throws {
        try await ARMEmulatorInProcess.with(world: Self.world) { emulator in
            let graph = ResourceGraphClient(client: emulator.client())
            let none = try await graph.query(
                "Resources", subscriptions: [], as: ResourceGraphRow<ExamplesTests.AnyProperties>.self)
            #expect(none.isEmpty)
            #expect(try await emulator.requestLog().isEmpty)
            await #expect(throws: ARMError.self) {
                _ = try await graph.query(
                    "Resources | summarize count()", subscriptions: [Self.subA],
                    as: ResourceGraphRow<ExamplesTests.AnyProperties>.self)
            }
            let all = try await graph.query(
                "Resources | where type =~ 'Microsoft.Network/privateDnsZones' | project id, name",
                subscriptions: [Self.subA, Self.subB, Self.subC], as: ResourceGraphRow<ExamplesTests.AnyProperties>.self
            )
            #expect(
                all.compactMap(\.name).sorted() == [Self.zoneName, Self.zoneName, Self.zoneName, "privatelink.site"])
        }
    }

    @Test("a literal with a quote is escaped so it cannot end the string")
    func literalEscaping() {
        #expect(ResourceGraphQuery.literal("a'b\\c") == #"'a\'b\\c'"#)
        #expect(ResourceGraphQuery.privateDNSLinks(zoneName: "x").contains("'/privateDnsZones/x/'"))
    }

    @Test("the forbidden zone in a central resource group of another subscription is found and its link named")
    func forbiddenZoneFoundAnywhere() async throws {
        try await ARMEmulatorInProcess.with(world: Self.world) { emulator in
            let discovery = PrivateDNSDiscovery(client: emulator.client())
            let (zones, findings) = await discovery.searchZones(named: Self.zoneName, subscriptions: [Self.subB])
            #expect(findings.isEmpty)
            #expect(zones.map(\.id.resourceGroup) == ["hub-dns"])
            #expect(zones.first?.links.count == 11)
            #expect(zones.first?.links.first?.registrationEnabled == true)
            try await emulator.setFaults(
                #"{"script":[{"fault":"status","status":403,"code":"AuthorizationFailed","pathContains":"ResourceGraph"}]}"#
            )
            let (none, failed) = await discovery.searchZones(named: Self.zoneName, subscriptions: [Self.subB])
            #expect(none.isEmpty)
            #expect(failed.map(\.code) == [PrivateDNSFindingCode.zoneSearchFailed])
        }
    }
}
