import ARMNetwork
import Foundation
import PeNetTestSupport
import Testing

/// The emulator's Data Factory path resources, driven with the official examples' request bodies:
/// load balancers and their references, subnets and the Private Link Service network policy,
/// NICs and scale sets joining pools, Private Link Services and their connections, Data Factory
/// managed private endpoints and the instance PATCH of `proxyOverride`.
@Suite(.tags(.emulator)) struct DataFactoryPathEmulatorTests {
    typealias World = DataFactoryPathWorld
    static let api = "?api-version=2024-07-01"

    /// The example's request body with its ids moved into the test world.
    static func exampleBody(_ file: String, replacing: [(String, String)]) throws -> Data {
        // JSONSerialization writes `\/`; ids are matched with plain slashes.
        var text = String(decoding: try #require(try ARMExamples.requestBody(file)), as: UTF8.self)
            .replacingOccurrences(of: "\\/", with: "/")
        for (old, new) in replacing { text = text.replacingOccurrences(of: old, with: new) }
        return Data(text.utf8)
    }

    static let exampleGroup = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1/providers"
    static let toWorld = [
        (
            "\(exampleGroup)/Microsoft.Network/virtualNetworks/vnetlb/subnets/subnetlb",
            "\(World.vnet)/subnets/fe-subnet"
        ),
        (exampleGroup, World.prefix),
    ]

    static func json(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func errorCode(_ response: ARMResponse) throws -> String? {
        (try json(response.body)["error"] as? [String: Any])?["code"] as? String
    }

    @Test func loadBalancerFromTheStandardSkuExampleIsCompletedAndItsReferencesChecked() async throws {
        let body = try Self.exampleBody(
            "Microsoft.Network/2026-01-01/LoadBalancerCreateStandardSku.json", replacing: Self.toWorld)
        try await ARMEmulatorInProcess.with(world: World.documents()) { emulator in
            let lb = "\(World.prefix)/Microsoft.Network/loadBalancers/lb"
            let created = try await emulator.raw("PUT", lb + Self.api, body: body)
            #expect(created.status == 201, "\(String(decoding: created.body, as: UTF8.self))")
            let got = try await emulator.client().get(LoadBalancer.self, try ResourceID(parsing: lb))
            #expect(got.sku?.name == "Standard")
            let frontend = try #require(got.properties?.frontendIPConfigurations?.first)
            #expect(frontend.properties?.privateIPAddress == "10.0.1.4")
            #expect(frontend.properties?.loadBalancingRules?.count == 1)
            #expect(got.properties?.probes?.first?.properties?.probeThreshold == 1)
            #expect(got.properties?.loadBalancingRules?.first?.properties?.disableOutboundSnat == false)
            // A child is served on its own.
            let rule = try await emulator.raw("GET", lb + "/loadBalancingRules/rulelb" + Self.api)
            #expect(rule.status == 200)

            // A rule naming a probe the body does not hold is refused, and nothing changes.
            let broken = String(decoding: body, as: UTF8.self)
                .replacingOccurrences(of: "loadBalancers/lb/", with: "loadBalancers/lb2/")
                .replacingOccurrences(of: "probes/probe-lb\"}", with: "probes/missing\"}")
            let refused = try await emulator.raw(
                "PUT", "\(World.prefix)/Microsoft.Network/loadBalancers/lb2" + Self.api, body: Data(broken.utf8))
            #expect(refused.status == 400)
            #expect(try Self.errorCode(refused) == "InvalidResourceReference")
            #expect(String(decoding: refused.body, as: UTF8.self).contains("probes/missing"))
            let absent = try await emulator.raw("GET", "\(World.prefix)/Microsoft.Network/loadBalancers/lb2" + Self.api)
            #expect(absent.status == 404)
        }
    }

    @Test func subnetPutSetsThePolicyAndShowsInTheVnetAndRangesAreChecked() async throws {
        try await ARMEmulatorInProcess.with(world: World.documents()) { emulator in
            let subnet = "\(World.vnet)/subnets/pls-subnet"
            let body = #"{"properties":{"addressPrefix":"10.0.3.0/24","privateLinkServiceNetworkPolicies":"Disabled"}}"#
            let put = try await emulator.raw("PUT", subnet + Self.api, body: Data(body.utf8))
            #expect(put.status == 201)
            let vnet = try await emulator.client().get(VirtualNetwork.self, try ResourceID(parsing: World.vnet))
            let inVnet = vnet.properties?.subnets?.first { $0.name == "pls-subnet" }
            #expect(inVnet?.properties?.privateLinkServiceNetworkPolicies == "Disabled")
            #expect(vnet.properties?.subnets?.count == 3)

            let outside = #"{"properties":{"addressPrefix":"192.168.0.0/24"}}"#
            let refused = try await emulator.raw("PUT", "\(World.vnet)/subnets/x" + Self.api, body: Data(outside.utf8))
            #expect(try Self.errorCode(refused) == "NetcfgSubnetRangeOutsideVnet")
            let overlapping = #"{"properties":{"addressPrefix":"10.0.1.128/25"}}"#
            let clash = try await emulator.raw(
                "PUT", "\(World.vnet)/subnets/y" + Self.api, body: Data(overlapping.utf8))
            #expect(try Self.errorCode(clash) == "NetcfgSubnetRangesOverlap")
            let none = try await emulator.raw(
                "PUT", "\(World.vnet)/subnets/z" + Self.api, body: Data("{\"properties\":{}}".utf8))
            #expect(none.status == 400)
        }
    }

    /// Builds a Standard internal load balancer with one frontend named `fe-lb` in fe-subnet.
    static func createLoadBalancer(_ emulator: some ARMEmulatorHarness) async throws {
        let body = try exampleBody(
            "Microsoft.Network/2026-01-01/LoadBalancerCreateStandardSku.json", replacing: toWorld)
        let put = try await emulator.raw("PUT", "\(World.prefix)/Microsoft.Network/loadBalancers/lb" + api, body: body)
        #expect(put.status == 201, "\(String(decoding: put.body, as: UTF8.self))")
    }

    static func createPrivateLinkService(_ emulator: some ARMEmulatorHarness, subnet: String = "pls-subnet")
        async throws
        -> ARMResponse
    {
        let body = try exampleBody(
            "Microsoft.Network/2026-01-01/PrivateLinkServiceCreate.json",
            replacing: [
                (
                    "\(exampleGroup)/Microsoft.Network/virtualNetworks/vnetlb/subnets/subnetlb",
                    "\(World.vnet)/subnets/\(subnet)"
                ),
                (exampleGroup, World.prefix),
            ])
        return try await emulator.raw(
            "PUT", "\(World.prefix)/Microsoft.Network/privateLinkServices/testPls" + api, body: body)
    }

    @Test func privateLinkServiceNeedsTheSubnetPolicyDisabledAndAnExistingFrontend() async throws {
        try await ARMEmulatorInProcess.with(world: World.documents()) { emulator in
            let early = try await Self.createPrivateLinkService(emulator)
            #expect(try Self.errorCode(early) == "InvalidResourceReference", "no load balancer yet")
            try await Self.createLoadBalancer(emulator)
            let enabled = try await Self.createPrivateLinkService(emulator)
            #expect(
                try Self.errorCode(enabled) == "PrivateLinkServiceCannotBeCreatedInSubnetThatHasNetworkPoliciesEnabled")
            let policy =
                #"{"properties":{"addressPrefix":"10.0.3.0/24","privateLinkServiceNetworkPolicies":"Disabled"}}"#
            _ = try await emulator.raw("PUT", "\(World.vnet)/subnets/pls-subnet" + Self.api, body: Data(policy.utf8))
            let created = try await Self.createPrivateLinkService(emulator)
            #expect(created.status == 201)
            let service = try await emulator.client().get(
                PrivateLinkService.self,
                try ResourceID(parsing: "\(World.prefix)/Microsoft.Network/privateLinkServices/testPls"))
            #expect(service.properties?.alias?.hasPrefix("testPls.") == true)
            #expect(service.properties?.enableProxyProtocol == false)
            #expect(service.properties?.fqdns == ["fqdn1", "fqdn2", "fqdn3"])
            #expect(service.properties?.privateEndpointConnections == [])
        }
    }

    @Test func nicsJoiningAPoolAreListedByThePoolAndMissingPoolsRefused() async throws {
        try await ARMEmulatorInProcess.with(world: World.documents()) { emulator in
            try await Self.createLoadBalancer(emulator)
            let client = emulator.client()
            let nicID = try ResourceID(parsing: World.nic1)
            var nic = try await client.get(NetworkInterface.self, nicID)
            let pool = "\(World.prefix)/Microsoft.Network/loadBalancers/lb/backendAddressPools/be-lb"
            nic.properties?.ipConfigurations?[0].properties?.loadBalancerBackendAddressPools = [SubResource(id: pool)]
            _ = try await client.put(nicID, body: nic)
            let joined = try await emulator.raw("GET", pool + Self.api)
            let properties = try #require(try Self.json(joined.body)["properties"] as? [String: Any])
            let members = (properties["backendIPConfigurations"] as? [[String: Any]])?.compactMap {
                $0["id"] as? String
            }
            #expect(members == ["\(World.nic1)/ipConfigurations/ipconfig1"])

            nic.properties?.ipConfigurations?[0].properties?.loadBalancerBackendAddressPools = [
                SubResource(id: pool.replacingOccurrences(of: "be-lb", with: "nope"))
            ]
            await #expect(throws: ARMError.self) { _ = try await client.put(nicID, body: nic) }
            // Leaving the pool empties it.
            nic.properties?.ipConfigurations?[0].properties?.loadBalancerBackendAddressPools = []
            _ = try await client.put(nicID, body: nic)
            let left = try Self.json(try await emulator.raw("GET", pool + Self.api).body)
            #expect((left["properties"] as? [String: Any])?["backendIPConfigurations"] == nil)
        }
    }

    @Test func scaleSetFromTheSshExampleJoinsThePoolAndNeverReturnsCustomData() async throws {
        let pool = "\(World.prefix)/Microsoft.Network/loadBalancers/lb/backendAddressPools/be-lb"
        var object = try Self.json(
            try Self.exampleBody(
                "Microsoft.Compute/2025-11-01/VirtualMachineScaleSet_Create_WithSshAuthentication.json",
                replacing: [
                    (
                        "/subscriptions/{subscription-id}/resourceGroups/myResourceGroup/providers/Microsoft.Network/virtualNetworks/{existing-virtual-network-name}/subnets/{existing-subnet-name}",
                        "\(World.vnet)/subnets/be-subnet"
                    )
                ]))
        var properties = try #require(object["properties"] as? [String: Any])
        var profile = try #require(properties["virtualMachineProfile"] as? [String: Any])
        var os = try #require(profile["osProfile"] as? [String: Any])
        os["customData"] = Data("#cloud-config\n".utf8).base64EncodedString()
        profile["osProfile"] = os
        var network = try #require(profile["networkProfile"] as? [String: Any])
        var nics = try #require(network["networkInterfaceConfigurations"] as? [[String: Any]])
        var nicProperties = try #require(nics[0]["properties"] as? [String: Any])
        var configs = try #require(nicProperties["ipConfigurations"] as? [[String: Any]])
        var configProperties = try #require(configs[0]["properties"] as? [String: Any])
        configProperties["loadBalancerBackendAddressPools"] = [["id": pool]]
        configs[0]["properties"] = configProperties
        nicProperties["ipConfigurations"] = configs
        nics[0]["properties"] = nicProperties
        network["networkInterfaceConfigurations"] = nics
        profile["networkProfile"] = network
        properties["virtualMachineProfile"] = profile
        object["properties"] = properties
        let body = try JSONSerialization.data(withJSONObject: object)
        try await ARMEmulatorInProcess.with(world: World.documents()) { emulator in
            let vmss = "\(World.prefix)/Microsoft.Compute/virtualMachineScaleSets/fwd"
            let early = try await emulator.raw("PUT", vmss + "?api-version=2025-11-01", body: body)
            #expect(try Self.errorCode(early) == "InvalidResourceReference")
            try await Self.createLoadBalancer(emulator)
            let created = try await emulator.raw("PUT", vmss + "?api-version=2025-11-01", body: body)
            #expect(created.status == 201)
            let text = String(
                decoding: try await emulator.raw("GET", vmss + "?api-version=2025-11-01").body, as: UTF8.self)
            #expect(!text.contains("customData"))
            let members = try Self.json(try await emulator.raw("GET", pool + Self.api).body)
            let list = (members["properties"] as? [String: Any])?["backendIPConfigurations"] as? [[String: Any]]
            #expect(list?.count == 3, "capacity 3: one IP configuration per VM")
        }
    }

    @Test func managedPrivateEndpointAsksThePrivateLinkServiceAndFollowsItsConnection() async throws {
        try await ARMEmulatorInProcess.with(world: World.documents()) { emulator in
            try await Self.createLoadBalancer(emulator)
            let policy =
                #"{"properties":{"addressPrefix":"10.0.3.0/24","privateLinkServiceNetworkPolicies":"Disabled"}}"#
            _ = try await emulator.raw("PUT", "\(World.vnet)/subnets/pls-subnet" + Self.api, body: Data(policy.utf8))
            #expect(try await Self.createPrivateLinkService(emulator).status == 201)
            let pls = "\(World.prefix)/Microsoft.Network/privateLinkServices/testPls"
            let mpe = "\(World.factory)/managedVirtualNetworks/default/managedPrivateEndpoints/mi-mpe"
            let body = try Self.exampleBody(
                "Microsoft.DataFactory/2018-06-01/ManagedPrivateEndpoints_Create.json",
                replacing: [
                    (
                        "/subscriptions/12345678-1234-1234-1234-12345678abc/resourceGroups/exampleResourceGroup/providers/Microsoft.Storage/storageAccounts/exampleBlobStorage",
                        pls
                    ), ("\"groupId\":\"blob\",", ""),
                    ("\"fqdns\":[]", "\"fqdns\":[\"mi1.0a1b2c3d4e5f.database.windows.net\"]"),
                ])
            let created = try await emulator.raw("PUT", mpe + "?api-version=2018-06-01", body: body)
            #expect(created.status == 201)
            let connections = try await emulator.client().list(
                PrivateLinkServiceConnection.self, in: pls + "/privateEndpointConnections")
            let connection = try #require(connections.first)
            #expect(connections.count == 1)
            #expect(connection.name == "adf1.mi-mpe")
            #expect(connection.properties?.privateLinkServiceConnectionState?.status == .pending)
            #expect(connection.properties?.privateLinkServiceConnectionState?.description?.contains("adf1") == true)
            func mpeStatus() async throws -> String? {
                let doc = try Self.json(try await emulator.raw("GET", mpe + "?api-version=2018-06-01").body)
                return ((doc["properties"] as? [String: Any])?["connectionState"] as? [String: Any])?["status"]
                    as? String
            }
            #expect(try await mpeStatus() == "Pending")

            // Approve with the official example's body: the managed private endpoint follows.
            let approve = try Self.exampleBody(
                "Microsoft.Network/2026-01-01/PrivateLinkServiceUpdatePrivateEndpointConnection.json", replacing: [])
            let connectionPath = pls + "/privateEndpointConnections/adf1.mi-mpe"
            let approved = try await emulator.raw("PUT", connectionPath + Self.api, body: approve)
            #expect(approved.status == 200)
            #expect(try await mpeStatus() == "Approved")
            let service = try await emulator.client().get(PrivateLinkService.self, try ResourceID(parsing: pls))
            #expect(
                service.properties?.privateEndpointConnections?.first?.properties?.privateLinkServiceConnectionState?
                    .status == .approved)
            // The same state machine as an instance's: Approved cannot be rejected; deleting revokes.
            let reject = String(decoding: approve, as: UTF8.self).replacingOccurrences(
                of: "\"Approved\"", with: "\"Rejected\"")
            let refused = try await emulator.raw("PUT", connectionPath + Self.api, body: Data(reject.utf8))
            #expect(try Self.errorCode(refused) == "PrivateEndpointConnectionStatusNotPending")
            let deleted = try await emulator.raw("DELETE", connectionPath + Self.api)
            #expect(deleted.status == 202, "the Network RP deletes asynchronously")
            #expect(try await mpeStatus() == "Disconnected")
            let missing = try await emulator.raw(
                "PUT",
                "\(World.factory)/managedVirtualNetworks/default/managedPrivateEndpoints/x?api-version=2018-06-01",
                body: Data(#"{"properties":{"privateLinkResourceId":"\#(pls)-nope"}}"#.utf8))
            #expect(try Self.errorCode(missing) == "PrivateLinkResourceNotFound")
        }
    }

    @Test func instancePatchOfTheConnectionTypeIsALongRunningOperation() async throws {
        try await ARMEmulatorInProcess.with(world: World.documents()) { emulator in
            let patched = try await emulator.raw(
                "PATCH", World.mi2 + "?api-version=2025-01-01",
                body: Data(#"{"properties":{"proxyOverride":"Proxy"}}"#.utf8))
            #expect(patched.status == 202)
            #expect(patched.headers["Location"] != nil)
            let client = emulator.client()
            let mi = try await client.get(ManagedInstance.self, try ResourceID(parsing: World.mi2))
            #expect(mi.properties?.proxyOverride == .proxy)
            let wrong = try await emulator.raw(
                "PATCH", World.mi2 + "?api-version=2025-01-01",
                body: Data(#"{"properties":{"proxyOverride":"Tunnel"}}"#.utf8))
            #expect(try Self.errorCode(wrong) == "InvalidParameterValue")
        }
    }
}
