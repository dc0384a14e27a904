import ARMNetwork
import Foundation
import PeNetTestSupport
import Testing

/// Loading worlds: every official example loads as is and is served back; documents without `type`
/// take it from their id; sub-resources embedded in a parent are served as children.
@Suite struct EmulatorWorldTests {
    /// Every example response body that carries an id, with the id.
    static func documents() throws -> [(id: String, body: [String: Any])] {
        var found: [(String, [String: Any])] = []
        for file in ARMExamples.allFiles {
            for status in try ARMExamples.statuses(file) {
                guard let data = try? ARMExamples.responseBody(file, status: status),
                    let body = try JSONSerialization.jsonObject(with: data) as? [String: Any]
                else { continue }
                let items = (body["value"] as? [[String: Any]]) ?? [body]
                for item in items { if let id = item["id"] as? String { found.append((id, item)) } }
            }
        }
        return found
    }

    @Test func everyOfficialExampleLoadsAndIsServed() async throws {
        let world = try ARMExamples.allFiles.map { try ARMExamples.file($0) }
        try await ARMEmulatorProcess.with(world: world) { emulator in
            let documents = try Self.documents()
            #expect(documents.count >= 25)
            for (id, _) in documents {
                let answer = try await emulator.raw("GET", id + "?api-version=2025-01-01")
                #expect(answer.status == 200, "GET \(id)")
                let served = try JSONSerialization.jsonObject(with: answer.body) as? [String: Any]
                let type = (served?["type"] as? String)?.lowercased()
                #expect(type == (try ResourceID(parsing: id).resourceType.lowercased()), "type of \(id)")
            }
        }
    }

    @Test func documentsWithoutTypeTakeItFromTheirID() async throws {
        let peering = "Microsoft.Network/2025-05-01/VirtualNetworkPeeringGet.json"
        try await ARMEmulatorProcess.with(world: [ARMExamples.responseBody(peering)]) { emulator in
            let id = try ResourceID(
                parsing:
                    "/subscriptions/subid/resourceGroups/peerTest/providers/Microsoft.Network/virtualNetworks/vnet1/virtualNetworkPeerings/peer"
            )
            let served = try await emulator.client().get(VirtualNetworkPeering.self, id)
            #expect(served.type == "Microsoft.Network/virtualNetworks/virtualNetworkPeerings")
            #expect(served.properties?.peeringState == .initiated)
        }
    }

    @Test func embeddedSubResourcesAreServedAsChildren() async throws {
        let vnet = "Microsoft.Network/2025-05-01/VirtualNetworkGet.json"
        let inlinePeering = #"""
            {"id":"/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/hub",
             "name":"hub","location":"westus","properties":{"addressSpace":{"addressPrefixes":["10.9.0.0/16"]},
             "virtualNetworkPeerings":[{"name":"to-spoke","id":"/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/hub/virtualNetworkPeerings/to-spoke",
               "properties":{"peeringState":"Connected","remoteVirtualNetwork":{"id":"/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/spoke"}}}]}}
            """#
        try await ARMEmulatorProcess.with(world: [ARMExamples.file(vnet), Data(inlinePeering.utf8)]) { emulator in
            let client = emulator.client()
            let subnet = try ResourceID(
                parsing:
                    "/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/test-vnet/subnets/subnet1"
            )
            #expect(try await client.get(Subnet.self, subnet).properties?.addressPrefix == "10.0.1.0/24")
            let hub = try ResourceID(
                parsing: "/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/hub")
            let peerings = try await client.list(
                VirtualNetworkPeering.self, in: hub.collectionPath("virtualNetworkPeerings"))
            #expect(peerings.map(\.name) == ["to-spoke"])
            #expect(peerings.first?.properties?.peeringState == .connected)
            #expect(try await client.getIfExists(Subnet.self, try subnet.parent!.child("subnets", "nope")) == nil)
        }
    }
}
