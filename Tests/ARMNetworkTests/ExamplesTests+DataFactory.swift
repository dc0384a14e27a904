import ARMNetwork
import Foundation
import PeNetTestSupport
import Testing

/// Typed checks of the Data Factory path's examples: load balancers and their children, Private
/// Link Services and their connections, scale sets, Data Factory and its managed private endpoints.
extension ExamplesTests {
    static let dataFactoryChecks: [String: Check] = [
        "Microsoft.Compute/2025-04-01/VirtualMachineScaleSet_Create_WithAzureLoadBalancer.json": { file in
            let sets = try bodies(file, as: VirtualMachineScaleSet.self)
            #expect(sets.count == 2)
            let set = try #require(sets.first)
            #expect(set.sku?.capacity == 3)
            let nic = try #require(
                set.properties?.virtualMachineProfile?.networkProfile?.networkInterfaceConfigurations?.first)
            #expect(nic.properties?.enableIPForwarding == true)
            let pools = nic.properties?.ipConfigurations?.first?.properties?.loadBalancerBackendAddressPools ?? []
            #expect(pools.count == 1)
            #expect(
                set.properties?.virtualMachineProfile?.osProfile?.customData == nil, "Compute never returns customData")
        },
        "Microsoft.Compute/2025-11-01/VirtualMachineScaleSet_Create_WithSshAuthentication.json": { file in
            let set = try #require(try bodies(file, as: VirtualMachineScaleSet.self).first)
            let linux = set.properties?.virtualMachineProfile?.osProfile?.linuxConfiguration
            #expect(linux?.disablePasswordAuthentication == true)
            #expect(linux?.ssh?.publicKeys?.first?.path == "/home/{your-username}/.ssh/authorized_keys")
            #expect(set.properties?.upgradePolicy?.mode == "Manual")
            #expect(set.properties?.uniqueId != nil)
        },
        "Microsoft.DataFactory/2018-06-01/Factories_Get.json": { file in
            let factory = try #require(try bodies(file, as: DataFactory.self).first)
            #expect(factory.properties?.provisioningState == .succeeded)
            #expect(factory.properties?.version == "2018-06-01")
            #expect(factory.etag == nil, "the factory's etag is spelled eTag")
        },
        "Microsoft.DataFactory/2018-06-01/ManagedPrivateEndpoints_Create.json": { file in
            let endpoint = try #require(try bodies(file, as: ManagedPrivateEndpoint.self).first)
            #expect(endpoint.properties?.connectionState?.status == .pending)
            #expect(endpoint.properties?.groupId == "blob")
            #expect(endpoint.etag == "000046c4-0000-0000-0000-5b2198bf0000")
            let target = try #require(endpoint.properties?.privateLinkResourceId)
            try expectRequestBody(
                file,
                equals: ManagedPrivateEndpoint(
                    properties: .init(privateLinkResourceId: target, groupId: "blob", fqdns: [])))
        },
        "Microsoft.DataFactory/2018-06-01/ManagedPrivateEndpoints_ListByFactory.json": { file in
            let page = try #require(try bodies(file, as: ListBody<ManagedPrivateEndpoint>.self).first)
            #expect(page.value.map(\.name) == ["exampleManagedPrivateEndpointName"])
            #expect(page.value.first?.properties?.fqdns == [])
        },
        "Microsoft.DataFactory/2018-06-01/ManagedVirtualNetworks_Get.json": { file in
            let vnet = try #require(try bodies(file, as: ManagedVirtualNetwork.self).first)
            #expect(vnet.properties?.alias == "exampleFactoryName")
            #expect(vnet.properties?.vNetId == "5a7bd944-87e6-454a-8d4d-9fba446514fd")
        },
        "Microsoft.Network/2025-07-01/LBBackendAddressPoolWithBackendAddressesPut.json": { file in
            // Pools by address are not what pe-net builds (NICs join the pool); the document still
            // decodes as a load balancer child.
            typealias Pool = LoadBalancerProperties.Child<LoadBalancerProperties.BackendAddressPool>
            let pools = try bodies(file, as: Pool.self)
            #expect(pools.count == 2)
            #expect(pools.first?.properties?.loadBalancingRules?.count == 1)
            #expect(pools.first?.properties?.backendIPConfigurations == nil)
        },
        "Microsoft.Network/2025-07-01/PrivateLinkServiceList.json": { file in
            let page = try #require(try bodies(file, as: ListBody<PrivateLinkService>.self).first)
            #expect(page.value.count >= 1)
            #expect(page.value.first?.properties?.fqdns == ["fqdn1", "fqdn2"])
        },
        "Microsoft.Network/2025-09-01/LoadBalancerLoadBalancingRuleGet.json": { file in
            typealias Rule = LoadBalancerProperties.Child<LoadBalancerProperties.LoadBalancingRule>
            let rule = try #require(try bodies(file, as: Rule.self).first)
            #expect(rule.properties?.transportProtocol == "Tcp")
            #expect(rule.properties?.idleTimeoutInMinutes == 15)
            #expect(rule.properties?.enableTcpReset == true)
            #expect(try rule.properties?.probe?.parsedID().name == "probe1")
        },
        "Microsoft.Network/2025-09-01/PrivateLinkServiceListPrivateEndpointConnection.json": { file in
            let page = try #require(try bodies(file, as: ListBody<PrivateLinkServiceConnection>.self).first)
            #expect(
                page.value.map { $0.properties?.privateLinkServiceConnectionState?.status } == [.approved, .rejected])
            // The same shape the endpoints commands read for an instance's connections.
            let generic = try #require(try bodies(file, as: ListBody<PrivateEndpointConnection>.self).first)
            let pls = try ResourceID(
                parsing:
                    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1/providers/Microsoft.Network/privateLinkServices/testPls"
            )
            let snapshots = try generic.value.map { try ConnectionSnapshot($0, instance: pls) }
            #expect(snapshots.map(\.privateEndpointName) == ["testPe1", "testPe2"])
            #expect(snapshots.map(\.requestMessage) == [nil, nil], "decided connections carry no request")
        },
        "Microsoft.Network/2026-01-01/LoadBalancerBackendAddressPoolGet.json": { file in
            typealias Pool = LoadBalancerProperties.Child<LoadBalancerProperties.BackendAddressPool>
            let pool = try #require(try bodies(file, as: Pool.self).first)
            #expect(pool.properties?.backendIPConfigurations?.count == 1)
        },
        "Microsoft.Network/2026-01-01/LoadBalancerCreateStandardSku.json": { file in
            let lbs = try bodies(file, as: LoadBalancer.self)
            #expect(lbs.count == 2)
            let lb = try #require(lbs.first)
            #expect(lb.sku?.name == "Standard")
            #expect(lb.properties?.frontendIPConfigurations?.first?.properties?.privateIPAllocationMethod == "Dynamic")
            #expect(lb.properties?.probes?.first?.properties?.probeThreshold == 1)
            #expect(lb.properties?.loadBalancingRules?.first?.properties?.disableOutboundSnat == false)
        },
        "Microsoft.Network/2026-01-01/LoadBalancerNetworkInterfaceListSimple.json": { file in
            let page = try #require(try bodies(file, as: ListBody<NetworkInterface>.self).first)
            let pools = page.value.first?.properties?.ipConfigurations?.first?.properties?
                .loadBalancerBackendAddressPools
            #expect(try pools?.first?.parsedID().name == "bepool1")
        },
        "Microsoft.Network/2026-01-01/PrivateLinkServiceCreate.json": { file in
            let services = try bodies(file, as: PrivateLinkService.self)
            #expect(services.count == 2)
            let service = try #require(services.first)
            #expect(service.properties?.ipConfigurations?.first?.properties?.privateIPAllocationMethod == "Static")
            #expect(try service.properties?.loadBalancerFrontendIpConfigurations?.first?.parsedID().name == "fe-lb")
        },
        "Microsoft.Network/2026-01-01/PrivateLinkServiceUpdatePrivateEndpointConnection.json": { file in
            let connection = try #require(try bodies(file, as: PrivateLinkServiceConnection.self).first)
            #expect(connection.properties?.privateLinkServiceConnectionState?.status == .approved)
            let endpoint = try #require(connection.properties?.privateEndpoint)
            var body = PrivateLinkServiceConnection.statusUpdate(
                .approved, description: "approved it for some reason.", privateEndpoint: endpoint)
            body.name = "testPlePeConnection"
            try expectRequestBody(file, equals: body)
        },
        "Microsoft.Sql/2025-01-01/ManagedInstancePrivateLinkResourcesGet.json": { file in
            // The instance's own private link resource (group `managedInstance`): the direct
            // alternative to the Private Link Service path.
            let data = try ARMExamples.responseBody(file, status: "200")
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let properties = try #require(object["properties"] as? [String: Any])
            #expect(properties["groupId"] as? String == "managedInstance")
        },
    ]
}
