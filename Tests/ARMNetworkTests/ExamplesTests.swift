import ARMNetwork
import Foundation
import PeNetTestSupport
import Testing

/// Decodes every official example in Tests/Fixtures/arm-examples: with the typed models where the
/// capability is built (checking that the request bodies pe-net builds equal the examples'
/// `parameters`), generically where it is not (see ExamplesAwaitingCapabilities.swift).
@Suite struct ExamplesTests {
    struct ListBody<T: Decodable>: Decodable {
        var value: [T]
        var nextLink: String?
    }

    /// Every response body of the example (all statuses that have one), decoded as `T`.
    static func bodies<T: Decodable>(_ file: String, as type: T.Type) throws -> [T] {
        try ARMExamples.statuses(file).compactMap { status in
            guard let data = try? ARMExamples.responseBody(file, status: status) else { return nil }
            return try JSONDecoder().decode(T.self, from: data)
        }
    }

    /// Canonical JSON text (sorted keys) for comparing bodies.
    static func canonical(_ data: Data) throws -> String {
        let object = try JSONSerialization.jsonObject(with: data)
        return String(
            decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    static func expectRequestBody<B: Encodable>(_ file: String, equals body: B) throws {
        let expected = try #require(try ARMExamples.requestBody(file), "\(file) has no request parameters")
        #expect(try canonical(JSONEncoder().encode(body)) == canonical(expected), "\(file)")
    }

    typealias Check = @Sendable (String) throws -> Void

    static let checks: [String: Check] = [
        "Microsoft.Network/2024-06-01/PrivateZoneGet.json": { file in
            let zone = try #require(try bodies(file, as: PrivateDNSZone.self).first)
            #expect(zone.location?.lowercased() == "global")
            #expect(zone.properties?.maxNumberOfVirtualNetworkLinks == 100)
            #expect(zone.etag == "00000000-0000-0000-0000-000000000000")
        },
        "Microsoft.Network/2024-06-01/PrivateZonePut.json": { file in
            let zones = try bodies(file, as: PrivateDNSZone.self)
            #expect(zones.count == 2)
            #expect(zones.allSatisfy { $0.properties?.provisioningState == .succeeded })
            try expectRequestBody(file, equals: PrivateDNSZone.createBody(location: "Global", tags: ["key1": "value1"]))
        },
        "Microsoft.Network/2024-06-01/RecordSetAGet.json": { file in
            let set = try #require(try bodies(file, as: ARecordSet.self).first)
            #expect(set.properties?.addresses == ["1.2.3.4"])
            #expect(set.properties?.metadata == ["key1": "value1"])
            #expect(set.properties?.fqdn == "recorda.privatezone1.com.")
        },
        "Microsoft.Network/2024-06-01/RecordSetAList.json": { file in
            let page = try #require(try bodies(file, as: ListBody<ARecordSet>.self).first)
            #expect(page.value.map(\.name) == ["recorda1", "recorda2"])
            #expect(page.value[1].properties?.metadata == nil)
            #expect(page.nextLink?.contains("$skipToken") == true)
        },
        "Microsoft.Network/2024-06-01/RecordSetAPut.json": { file in
            #expect(try bodies(file, as: ARecordSet.self).count == 2)
            try expectRequestBody(
                file, equals: ARecordSet.createBody(addresses: ["1.2.3.4"], ttl: 3600, metadata: ["key1": "value1"]))
        },
        "Microsoft.Network/2024-06-01/VirtualNetworkLinkGet.json": { file in
            let link = try #require(try bodies(file, as: VirtualNetworkLink.self).first)
            #expect(link.properties?.virtualNetworkLinkState == .completed)
            #expect(link.properties?.registrationEnabled == false)
        },
        "Microsoft.Network/2024-06-01/VirtualNetworkLinkPut.json": { file in
            #expect(try bodies(file, as: VirtualNetworkLink.self).count == 2)
            let vnet = try ResourceID(
                parsing:
                    "/subscriptions/virtualNetworkSubscriptionId/resourceGroups/virtualNetworkResourceGroup/providers/Microsoft.Network/virtualNetworks/virtualNetworkName"
            )
            try expectRequestBody(
                file,
                equals: VirtualNetworkLink.createBody(
                    virtualNetwork: vnet, location: "Global", tags: ["key1": "value1"]))
        },
        "Microsoft.Network/2024-07-01/PrivateEndpointGetForManualApproval.json": { file in
            let endpoint = try #require(try bodies(file, as: PrivateEndpoint.self).first)
            let manual = try #require(endpoint.properties?.manualPrivateLinkServiceConnections?.first)
            #expect(manual.properties?.privateLinkServiceConnectionState?.status == .pending)
            #expect(endpoint.properties?.allConnections.count == 1)
            // The example's NIC id says "provders": tolerated when decoding, refused when parsed.
            #expect(throws: ARMError.self) { try endpoint.properties?.networkInterfaces?.first?.parsedID() }
        },
        "Microsoft.Network/2025-05-01/LoadBalancerGet.json": { file in
            let lb = try #require(try bodies(file, as: LoadBalancer.self).first)
            #expect(lb.sku?.name == "Basic")
            #expect(lb.etag == "W/\"00000000-0000-0000-0000-00000000\"")
            #expect(lb.properties?.loadBalancingRules?.first?.properties?.frontendPort == 80)
            #expect(lb.properties?.probes?.first?.properties?.transportProtocol == "Http")
            #expect(lb.properties?.frontendIPConfigurations?.first?.properties?.privateIPAddress == "10.0.1.4")
        },
        "Microsoft.Network/2025-05-01/NetworkInterfaceGet.json": { file in
            let nic = try #require(try bodies(file, as: NetworkInterface.self).first)
            let configs = nic.properties?.ipConfigurations ?? []
            #expect(configs.map { $0.properties?.address } == ["172.20.2.4", "172.20.2.16"])
            #expect(try configs.first?.properties?.subnet?.parsedID().parent?.name == "rg1-vnet")
        },
        "Microsoft.Network/2025-05-01/PrivateEndpointGet.json": { file in
            let endpoint = try #require(try bodies(file, as: PrivateEndpoint.self).first)
            #expect(
                endpoint.properties?.privateLinkServiceConnections?.first?.properties?
                    .privateLinkServiceConnectionState?.status == .approved)
            #expect(
                endpoint.properties?.ipConfigurations?.compactMap { $0.properties?.privateIPAddress } == [
                    "192.168.0.6", "192.168.0.7",
                ])
            #expect(try endpoint.properties?.subnet?.parsedID().parent?.name == "myVnet")
        },
        "Microsoft.Network/2025-05-01/PrivateLinkServiceGet.json": { file in
            let service = try #require(try bodies(file, as: PrivateLinkService.self).first)
            #expect(service.properties?.alias == "ContosoService.{guid}.azure.privatelinkservice")
            #expect(service.properties?.autoApproval?.subscriptions?.count == 2)
            #expect(
                service.properties?.privateEndpointConnections?.first?.properties?.privateLinkServiceConnectionState?
                    .status == .approved)
        },
        "Microsoft.Network/2025-05-01/VirtualNetworkGet.json": { file in
            let vnet = try #require(try bodies(file, as: VirtualNetwork.self).first)
            #expect(vnet.properties?.addressSpace?.addressPrefixes == ["10.0.0.0/16"])
            #expect(vnet.properties?.subnets?.first?.properties?.addressPrefix == "10.0.1.0/24")
            #expect(vnet.properties?.virtualNetworkPeerings?.isEmpty == true)
        },
        "Microsoft.Network/2025-05-01/VirtualNetworkPeeringGet.json": { file in
            let peering = try #require(try bodies(file, as: VirtualNetworkPeering.self).first)
            #expect(peering.properties?.peeringState == .initiated)
            #expect(try peering.properties?.remoteVirtualNetwork?.parsedID().name == "vnet2")
        },
        "Microsoft.Network/2025-05-01/VirtualNetworkPeeringList.json": { file in
            let page = try #require(try bodies(file, as: ListBody<VirtualNetworkPeering>.self).first)
            // Both items are named "peer" in the example; the ids tell them apart.
            #expect(page.value.map(\.name) == ["peer", "peer"])
            #expect(Set(page.value.compactMap(\.resourceID)).count == 2)
        },
        "Microsoft.Sql/2023-08-01/DistributedAvailabilityGroupsCreate.json": { file in
            // The 2023-08-01 shape: still decodes (unknown fields ignored) but carries none of the 2025 fields.
            let groups = try bodies(file, as: DistributedAvailabilityGroup.self)
            #expect(groups.count == 2)
            #expect(groups.allSatisfy { $0.name == "dag" && $0.properties?.partnerEndpoint == nil })
            let ours = try JSONEncoder().encode(DistributedAvailabilityGroup.mostRecentExampleBody)
            let theirs = try #require(try ARMExamples.requestBody(file))
            #expect(try canonical(ours) != canonical(theirs))
        },
        "Microsoft.Sql/2023-08-01/ManagedInstanceGet.json": { file in
            let mi = try #require(try bodies(file, as: ManagedInstance.self).first)
            #expect(mi.properties?.dnsZone == "1b4e2caff2530")
            #expect(mi.properties?.hostLabel == "testinstance")
            #expect(try ResourceID(parsing: mi.properties?.subnetId ?? "").parent?.name == "vnet1")
            #expect(mi.sku?.name == "GP_Gen4")
        },
        "Microsoft.Sql/2023-08-01/ManagedInstancePrivateEndpointConnectionGet.json": { file in
            let pec = try #require(try bodies(file, as: PrivateEndpointConnection.self).first)
            #expect(pec.status == .approved)
            #expect(pec.properties?.provisioningState == .ready)
            #expect(
                try pec.properties?.privateEndpoint?.parsedID().subscription == "55555555-6666-7777-8888-999999999999")
        },
        "Microsoft.Sql/2023-08-01/ManagedInstancePrivateEndpointConnectionList.json": { file in
            let page = try #require(try bodies(file, as: ListBody<PrivateEndpointConnection>.self).first)
            #expect(
                page.value.map(\.name) == ["private-endpoint-connection-name", "private-endpoint-connection-name-2"])
            #expect(page.nextLink == nil)
        },
        "Microsoft.Sql/2023-08-01/ManagedInstancePrivateEndpointConnectionUpdate.json": { file in
            #expect(try bodies(file, as: PrivateEndpointConnection.self).first?.status == .approved)
            try expectRequestBody(
                file,
                equals: PrivateEndpointConnection.statusUpdate(
                    .approved, description: "Approved by johndoe@contoso.com"))
        },
        "Microsoft.Sql/2025-01-01/DistributedAvailabilityGroupsCreateMax.json": { file in
            let groups = try bodies(file, as: DistributedAvailabilityGroup.self)
            #expect(
                groups.allSatisfy {
                    $0.properties?.instanceLinkRole == .primary && $0.properties?.seedingMode == .automatic
                })
            try expectRequestBody(file, equals: DistributedAvailabilityGroup.mostRecentExampleBody)
        },
        "Microsoft.Sql/2025-01-01/DistributedAvailabilityGroupsGet.json": { file in
            let group = try #require(try bodies(file, as: DistributedAvailabilityGroup.self).first)
            #expect(group.properties?.replicationMode == .async)
            #expect(group.properties?.partnerLinkRole == .secondary)
            let database = try #require(group.properties?.databases?.first)
            #expect(database.synchronizationHealth == "HEALTHY")
            #expect(database.lastHardenedLsn == "71000009408100001")
            #expect(database.instanceSendReplicationLagSeconds == 1)
        },
        "Microsoft.Sql/2025-01-01/ManagedInstanceGet.json": { file in
            let mi = try #require(try bodies(file, as: ManagedInstance.self).first)
            #expect(mi.properties?.fullyQualifiedDomainName == "testinstance.1b4e2caff2530.database.windows.net")
            #expect(mi.properties?.proxyOverride == .default)
            #expect(mi.properties?.publicDataEndpointEnabled == false)
            #expect(mi.resourceID?.name == "testinstance")
        },
        "Microsoft.Sql/2025-01-01/ManagedInstancePrivateEndpointConnectionUpdate.json": { file in
            #expect(
                try bodies(file, as: PrivateEndpointConnection.self).first?.properties?
                    .privateLinkServiceConnectionState?.actionsRequired == "None")
            try expectRequestBody(
                file,
                equals: PrivateEndpointConnection.statusUpdate(
                    .approved, description: "Approved by johndoe@contoso.com"))
        },
        "Microsoft.Sql/2025-01-01/ServerTrustCertificatesCreate.json": { file in
            let certificates = try bodies(file, as: ServerTrustCertificate.self)
            #expect(certificates.allSatisfy { $0.properties?.thumbprint == "33702D20EC86119985283" })
            try expectRequestBody(
                file, equals: ServerTrustCertificate(properties: .init(publicBlob: "308203AE30820296A0030201020210")))
        },
    ]

    /// Typed checks, by example file.
    static var typedChecks: [String: Check] {
        checks.merging(recentChecks) { first, _ in first }.merging(resourceGraphChecks) { first, _ in first }
            .merging(dataFactoryChecks) { first, _ in first }
    }

    @Test func everyExampleFileHasATypedCheckOrWaitsForACapability() {
        let files = Set(ARMExamples.allFiles)
        #expect(files.count == 67)
        #expect(Set(Self.checks.keys).isDisjoint(with: Self.recentChecks.keys))
        #expect(Set(Self.checks.keys).union(Self.recentChecks.keys).isDisjoint(with: Self.dataFactoryChecks.keys))
        #expect(Set(Self.typedChecks.keys).isDisjoint(with: Self.awaiting.keys), "typed and awaiting at once")
        #expect(files == Set(Self.typedChecks.keys).union(Self.awaiting.keys))
    }

    /// The project's shared example set, when it sits beside the checkout (as in CI).
    static let sharedExamples = TestPaths.packageRoot.deletingLastPathComponent().appendingPathComponent(
        "shared/arm-examples")

    /// The fixtures are a copy of the project's shared example set: every file in it must have an
    /// identical copy here, so no example goes untested.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: sharedExamples.path), "../shared/arm-examples is absent"))
    func fixturesMirrorTheSharedExamples() throws {
        let sharedFiles = try Self.regularFiles(under: Self.sharedExamples)
        #expect(sharedFiles.filter { $0.hasSuffix(".json") }.count >= 67)
        #expect(sharedFiles == (try Self.regularFiles(under: ARMExamples.root)))
        for file in sharedFiles {
            let original = try Data(contentsOf: Self.sharedExamples.appendingPathComponent(file))
            #expect(
                try Data(contentsOf: ARMExamples.root.appendingPathComponent(file)) == original,
                "\(file) differs from ../shared/arm-examples")
        }
    }

    /// Every regular file under `root`, as sorted relative paths.
    static func regularFiles(under root: URL) throws -> [String] {
        let walker = try #require(FileManager.default.enumerator(atPath: root.path))
        return walker.compactMap { $0 as? String }.filter { relative in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(
                atPath: root.appendingPathComponent(relative).path, isDirectory: &isDirectory) && !isDirectory.boolValue
        }.sorted()
    }

    @Test(arguments: ARMExamples.allFiles)
    func decodesExample(file: String) throws {
        if let check = Self.typedChecks[file] {
            try check(file)
        } else {
            let capability = try #require(Self.awaiting[file], "no check for \(file) and no capability it waits for")
            try Self.expectDecodesGenerically(file, waitingFor: capability)
        }
    }

    @Test func decodingIsTolerant() throws {
        let json = #"""
            {"id":"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/managedInstances/mi/privateEndpointConnections/p",
             "newTopLevelField":{"x":[1,2]},
             "properties":{"privateLinkServiceConnectionState":{"status":"pENDING","description":"d","futureField":true},
                           "provisioningState":"SomethingNew"}}
            """#
        let pec = try JSONDecoder().decode(PrivateEndpointConnection.self, from: Data(json.utf8))
        #expect(pec.status == .pending)
        #expect(pec.status != .approved)
        #expect(pec.properties?.provisioningState?.rawValue == "SomethingNew")
        #expect(pec.type == nil)
    }
}

extension DistributedAvailabilityGroup {
    /// The body of DistributedAvailabilityGroupsCreateMax.json, built with the model.
    static let mostRecentExampleBody = DistributedAvailabilityGroup(
        properties: .init(
            databases: [.init(databaseName: "testdb")], failoverMode: FailoverMode.none,
            instanceAvailabilityGroupName: "testcl",
            instanceLinkRole: .primary, partnerAvailabilityGroupName: "BoxLocalAg1",
            partnerEndpoint: "TCP://SERVER:7022",
            seedingMode: .automatic))
}
