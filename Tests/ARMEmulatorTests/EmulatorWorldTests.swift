import ARMNetwork
import Foundation
import PeNetTestSupport
import Testing

/// Loading worlds: every official example loads as is and is served back unchanged; documents
/// without `type` take it from their id; sub-resources embedded in a parent are served as children;
/// Resource Graph query results (rows, not resources) load nothing.
@Suite(.tags(.emulator)) struct EmulatorWorldTests {
    /// The Resource Graph examples: query results, not resource documents.
    static let resourceGraphFiles = ARMExamples.allFiles.filter { $0.hasPrefix("Microsoft.ResourceGraph/") }

    /// What the world holds after every example file is loaded in order, by lowercased id with a
    /// leading slash: the last document loaded for it, picked as the loader picks (the 200 body,
    /// else the 201 body; list bodies item by item; nothing from Resource Graph results).
    static func expectedWorld() throws -> [String: [String: Any]] {
        var world: [String: [String: Any]] = [:]
        for file in ARMExamples.allFiles where !resourceGraphFiles.contains(file) {
            let statuses = try ARMExamples.statuses(file)
            let status = try #require(statuses.first { $0 == "200" } ?? statuses.first { $0 == "201" }, "\(file)")
            let body = try #require(
                try JSONSerialization.jsonObject(with: ARMExamples.responseBody(file, status: status))
                    as? [String: Any])
            let items = body["id"] == nil ? (body["value"] as? [[String: Any]] ?? []) : [body]
            #expect(!items.isEmpty, "\(file) holds no resource document")
            for item in items {
                let id = try #require(item["id"] as? String, "\(file)")
                world["/" + id.drop { $0 == "/" }.lowercased()] = item
            }
        }
        return world
    }

    /// `Namespace/type[/childType...]` from a resource id.
    static func resourceType(of id: String) -> String {
        let parts = id.split(separator: "/").map(String.init)
        guard let providers = parts.lastIndex(where: { $0.lowercased() == "providers" }) else { return "" }
        let rest = parts[(providers + 1)...]
        return ([rest.first ?? ""] + rest.dropFirst().enumerated().filter { $0.offset % 2 == 0 }.map(\.element))
            .joined(separator: "/")
    }

    static func canonical(_ object: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    @Test func everyOfficialExampleLoadsAndIsServedUnchanged() async throws {
        let world = try ARMExamples.allFiles.map { try ARMExamples.file($0) }
        let expected = try Self.expectedWorld()
        #expect(expected.count >= 48)
        try await ARMEmulatorInProcess.with(world: world) { emulator in
            for (key, document) in expected.sorted(by: { $0.key < $1.key }) {
                let id = "/" + (try #require(document["id"] as? String)).drop { $0 == "/" }
                let path = try #require(id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed))
                let answer = try await emulator.raw("GET", path + "?api-version=2025-01-01")
                #expect(answer.status == 200, "GET \(id)")
                guard answer.status == 200 else { continue }
                var wanted = document
                if wanted["type"] == nil { wanted["type"] = Self.resourceType(of: id) }
                let served = try JSONSerialization.jsonObject(with: answer.body)
                #expect(try Self.canonical(served) == Self.canonical(wanted), "\(key)")
            }
        }
    }

    @Test func resourceGraphResultsLoadNothing() async throws {
        #expect(Self.resourceGraphFiles.count == 3)
        let world = try Self.resourceGraphFiles.map { try ARMExamples.file($0) }
        try await ARMEmulatorInProcess.with(world: world) { emulator in
            let row =
                "/subscriptions/cfbbd179-59d2-4052-aa06-9270a38aa9d6/resourceGroups/RG2/providers/Microsoft.Network/virtualNetworks/myVnet"
            let answer = try await emulator.raw("GET", row + "?api-version=2025-05-01")
            #expect(answer.status == 404)
        }
        await #expect(throws: (any Error).self) {
            try await ARMEmulatorInProcess.start(world: [Data(#"{"data":[],"count":0}"#.utf8)])
        }
    }

    @Test func documentsWithoutTypeTakeItFromTheirID() async throws {
        let peering = "Microsoft.Network/2025-05-01/VirtualNetworkPeeringGet.json"
        try await ARMEmulatorInProcess.with(world: [ARMExamples.responseBody(peering)]) { emulator in
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
        try await ARMEmulatorInProcess.with(world: [ARMExamples.file(vnet), Data(inlinePeering.utf8)]) { emulator in
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
