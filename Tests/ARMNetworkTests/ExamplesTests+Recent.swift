import ARMNetwork
import Foundation
import PeNetTestSupport
import Testing

/// Typed checks of the examples added with the newer api-versions whose capability is built
/// (private endpoint connections, private DNS discovery: endpoints, NICs, subnets, vnets, peerings,
/// the instance).
extension ExamplesTests {
    static let recentChecks: [String: Check] = [
        "Microsoft.Sql/2025-01-01/DistributedAvailabilityGroupsCreateMin.json": { file in
            let groups = try bodies(file, as: DistributedAvailabilityGroup.self)
            #expect(groups.count == 2)
            #expect(
                groups.allSatisfy {
                    $0.properties?.instanceLinkRole == .secondary && $0.properties?.failoverMode == FailoverMode.none
                        && $0.properties?.seedingMode == .automatic
                })
            try expectRequestBody(
                file,
                equals: DistributedAvailabilityGroup(
                    properties: .init(
                        databases: [.init(databaseName: "testdb")], instanceAvailabilityGroupName: "testcl",
                        partnerAvailabilityGroupName: "BoxLocalAg1", partnerEndpoint: "TCP://SERVER:7022")))
        },
        "Microsoft.Sql/2025-01-01/DistributedAvailabilityGroupsFailover.json": { file in
            let group = try #require(try bodies(file, as: DistributedAvailabilityGroup.self).first)
            #expect(group.properties?.databases?.first?.replicaState == "Catchup")
            #expect(group.properties?.databases?.first?.connectedState == "CONNECTED")
            #expect(group.properties?.instanceLinkRole == .primary)
            try expectRequestBody(file, equals: ["failoverType": "ForcedAllowDataLoss"])
            let location = try ARMExamples.file(file)
            #expect(String(decoding: location, as: UTF8.self).contains("distributedAvailabilityGroupsOperationResults"))
        },
        "Microsoft.Sql/2025-01-01/DistributedAvailabilityGroupsSetRole.json": { file in
            let group = try #require(try bodies(file, as: DistributedAvailabilityGroup.self).first)
            #expect(group.properties?.instanceLinkRole == .primary)
            try expectRequestBody(file, equals: ["instanceRole": "Primary", "roleChangeType": "Forced"])
        },
        "Microsoft.Sql/2025-01-01/DistributedAvailabilityGroupsUpdate.json": { file in
            let group = try #require(try bodies(file, as: DistributedAvailabilityGroup.self).first)
            #expect(group.properties?.replicationMode == .sync)
            try expectRequestBody(
                file, equals: DistributedAvailabilityGroup(properties: .init(replicationMode: .sync)))
        },
        "Microsoft.Sql/2025-01-01/EndpointCertificatesGet.json": { file in
            let certificate = try #require(try bodies(file, as: EndpointCertificate.self).first)
            #expect(certificate.name == "DATABASE_MIRRORING")
            #expect(certificate.properties?.publicBlob?.hasPrefix("0x3082") == true)
        },
        "Microsoft.Sql/2025-01-01/ServerTrustCertificatesGet.json": { file in
            let certificate = try #require(try bodies(file, as: ServerTrustCertificate.self).first)
            #expect(certificate.properties?.certificateName == "customerCertificateName")
            #expect(certificate.properties?.thumbprint == "57CFA9CF16F2FB2775AF059A95C6D5B897DA2C05")
            #expect(certificate.properties?.publicBlob?.hasPrefix("0x") == false)
        },
        "Microsoft.Sql/2025-01-01/ManagedInstancePrivateEndpointConnectionGet.json": { file in
            let pec = try #require(try bodies(file, as: PrivateEndpointConnection.self).first)
            #expect(pec.status == .approved)
            #expect(pec.properties?.privateLinkServiceConnectionState?.description == "Auto-approved")
            #expect(try pec.properties?.privateEndpoint?.parsedID().name == "private-endpoint-name")
        },
        "Microsoft.Sql/2025-01-01/ManagedInstancePrivateEndpointConnectionList.json": { file in
            let page = try #require(try bodies(file, as: ListBody<PrivateEndpointConnection>.self).first)
            #expect(
                page.value.compactMap { try? $0.properties?.privateEndpoint?.parsedID().name } == [
                    "private-endpoint-name", "private-endpoint-name-2",
                ])
            #expect(page.value.allSatisfy { $0.properties?.provisioningState == .ready })
        },
        "Microsoft.Sql/2025-01-01/ManagedInstanceUpdateMax.json": { file in
            let mi = try #require(try bodies(file, as: ManagedInstance.self).first)
            #expect(mi.properties?.proxyOverride == .redirect)
            #expect(mi.properties?.hostLabel == "testinstance")
            #expect(try ResourceID(parsing: mi.properties?.subnetId ?? "").parent?.name == "vnet1")
            #expect(mi.sku?.name == "GP_Gen5")
        },
        "Microsoft.Network/2025-07-01/PrivateEndpointCreate.json": { file in
            let endpoints = try bodies(file, as: PrivateEndpoint.self)
            #expect(endpoints.count == 2)
            let endpoint = try #require(endpoints.first)
            #expect(endpoint.type == nil, "the example omits type")
            #expect(endpoint.properties?.allConnections.first?.properties?.groupIds == ["groupIdFromResource"])
            #expect(endpoint.properties?.customDnsConfigs?.map(\.fqdn) == ["abc.cosmos.com", "abc2.cosmos.com"])
            #expect(endpoint.properties?.ipConfigurations?.first?.properties?.privateIPAddress == "192.168.0.6")
            #expect(endpoint.properties?.customNetworkInterfaceName == "testPeNic")
        },
        "Microsoft.Network/2026-01-01/NetworkInterfaceCreate.json": { file in
            let nic = try #require(try bodies(file, as: NetworkInterface.self).first)
            let configs = nic.properties?.ipConfigurations ?? []
            #expect(configs.map { $0.properties?.address } == ["172.20.2.4", "172.20.2.16"])
            #expect(configs.map { $0.properties?.primary } == [true, false])
            #expect(try configs.first?.properties?.subnet?.parsedID().parent?.name == "rg1-vnet")
        },
        "Microsoft.Network/2025-05-01/SubnetCreate.json": { file in
            let subnets = try bodies(file, as: Subnet.self)
            #expect(subnets.map { $0.properties?.addressPrefix } == ["10.0.0.0/16", "10.0.0.0/16"])
            #expect(subnets.first?.resourceID?.parent?.name == "vnetname")
        },
        "Microsoft.Network/2026-01-01/SubnetCreateWithDelegation.json": { file in
            let subnet = try #require(try bodies(file, as: Subnet.self).first)
            #expect(subnet.properties?.addressPrefix == "10.0.0.0/16")
            #expect(subnet.properties?.provisioningState == .succeeded)
        },
        "Microsoft.Network/2025-07-01/VirtualNetworkCreateSubnet.json": { file in
            let vnet = try #require(try bodies(file, as: VirtualNetwork.self).first)
            #expect(vnet.properties?.addressSpace?.addressPrefixes == ["10.0.0.0/16"])
            #expect(vnet.properties?.subnets?.map(\.name) == ["test-1"])
            #expect(vnet.properties?.subnets?.first?.properties?.addressPrefix == "10.0.0.0/24")
        },
        "Microsoft.Network/2025-07-01/VirtualNetworkPeeringCreate.json": { file in
            let peering = try #require(try bodies(file, as: VirtualNetworkPeering.self).first)
            #expect(peering.properties?.peeringState == .initiated)
            #expect(peering.properties?.peeringSyncLevel == "FullyInSync")
            #expect(try peering.properties?.remoteVirtualNetwork?.parsedID().name == "vnet2")
            #expect(peering.properties?.remoteAddressSpace?.addressPrefixes == ["12.0.0.0/8"])
        },
    ]
}
