import ARMNetwork
import Foundation
import PeNetTestSupport
import Testing

/// ARM's semantics as the emulator implements them, seen through raw requests and the ARM client:
/// the official examples served unchanged, the private endpoint connection state machine, etags,
/// async operations, paging and private DNS rules.
@Suite(.tags(.emulator)) struct EmulatorTests {
    static let mi2025 = "Microsoft.Sql/2025-01-01/ManagedInstanceGet.json"
    static let pecGet = "Microsoft.Sql/2023-08-01/ManagedInstancePrivateEndpointConnectionGet.json"
    static let pecList = "Microsoft.Sql/2023-08-01/ManagedInstancePrivateEndpointConnectionList.json"
    static let instance = ResourceID.fixture(
        "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/Default/providers/Microsoft.Sql/managedInstances/test-cl"
    )
    static let endpointID =
        "/subscriptions/55555555-6666-7777-8888-999999999999/resourceGroups/Default-Network/providers/Microsoft.Network/privateEndpoints/pe-manual"

    /// The official PEC example with another name and status.
    static func connection(_ name: String, status: String) throws -> Data {
        var object = try JSONSerialization.jsonObject(with: ARMExamples.responseBody(pecGet)) as? [String: Any] ?? [:]
        object["id"] = instance.path + "/privateEndpointConnections/\(name)"
        object["name"] = name
        var properties = object["properties"] as? [String: Any] ?? [:]
        properties["privateLinkServiceConnectionState"] = [
            "status": status, "description": "", "actionsRequired": "None",
        ]
        properties["privateEndpoint"] = ["id": endpointID]
        object["properties"] = properties
        return try JSONSerialization.data(withJSONObject: object)
    }

    /// The consumer's endpoint (official manual-approval example) pointing at the instance.
    static func consumerEndpoint() throws -> Data {
        var text = String(
            decoding: try ARMExamples.responseBody(
                "Microsoft.Network/2024-07-01/PrivateEndpointGetForManualApproval.json"), as: UTF8.self)
        text = text.replacingOccurrences(
            of: "/subscriptions/subId/resourceGroups/rg1/providers/Microsoft.Network/privateEndpoints/testPe",
            with: endpointID)
        text = text.replacingOccurrences(
            of: #"\/subscriptions\/subId\/resourceGroups\/rg1\/providers\/Microsoft.Network\/privateEndpoints\/testPe"#,
            with: endpointID)
        text = text.replacingOccurrences(
            of: "/subscriptions/subId/resourceGroups/rg1/providers/Microsoft.Network/privateLinkServices/testPls",
            with: instance.path)
        text = text.replacingOccurrences(
            of:
                #"\/subscriptions\/subId\/resourceGroups\/rg1\/providers\/Microsoft.Network\/privateLinkServices\/testPls"#,
            with: instance.path)
        return Data(text.utf8)
    }

    /// The official instance example moved to the connections' instance id.
    static func instanceDocument() throws -> Data {
        var object = try JSONSerialization.jsonObject(with: ARMExamples.responseBody(mi2025)) as? [String: Any] ?? [:]
        object["id"] = instance.path
        object["name"] = instance.name
        return try JSONSerialization.data(withJSONObject: object)
    }

    static func world() throws -> [Data] {
        [
            try ARMExamples.file(mi2025), try ARMExamples.file(pecGet), try ARMExamples.file(pecList),
            try connection("pec-pending", status: "Pending"), try connection("pec-rejected", status: "Rejected"),
            try connection("pec-other", status: "Pending"),
            try consumerEndpoint(),
        ]
    }

    static func canonical(_ data: Data) throws -> String {
        let object = try JSONSerialization.jsonObject(with: data)
        return String(
            decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    @Test func answersGetWithTheSameDocument() async throws {
        try await ARMEmulatorInProcess.with(world: Self.world()) { emulator in
            let id = try ResourceID(
                parsing:
                    "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/testrg/providers/Microsoft.Sql/managedInstances/testinstance"
            )
            let raw = try await emulator.raw("GET", id.path + "?api-version=2025-01-01")
            #expect(raw.status == 200)
            #expect(try Self.canonical(raw.body) == Self.canonical(ARMExamples.responseBody(Self.mi2025)))
            let mi = try await emulator.client().get(ManagedInstance.self, id)
            #expect(mi.properties?.dnsZone == "1b4e2caff2530")
        }
    }

    @Test func approvesAPendingConnection() async throws {
        try await ARMEmulatorInProcess.with(world: Self.world(), arguments: ["--operation-ms", "150"]) { emulator in
            let client = emulator.client()
            let id = try Self.instance.child("privateEndpointConnections", "pec-pending")
            #expect(try await client.get(PrivateEndpointConnection.self, id).status == .pending)
            let approved = try await client.put(
                id, body: PrivateEndpointConnection.statusUpdate(.approved, description: "Approved by pe-net"))
            #expect(approved.status == .approved)
            #expect(approved.properties?.provisioningState == .ready)
            let again = try await client.get(PrivateEndpointConnection.self, id)
            #expect(again.status == .approved)
            #expect(again.properties?.privateLinkServiceConnectionState?.description == "Approved by pe-net")
            try await emulator.load([Self.instanceDocument()])
            _ = try await client.put(
                try Self.instance.child("privateEndpointConnections", "pec-other"),
                body: PrivateEndpointConnection.statusUpdate(.rejected, description: "not ours")
            )
            let summary = try await client.get(ManagedInstance.self, Self.instance).properties?
                .privateEndpointConnections
            #expect(summary?.first?.properties?.privateLinkServiceConnectionState?.status == .rejected)
            #expect(summary?.first?.properties?.provisioningState == .ready)
            let log = try await emulator.requestLog()
            #expect(log.contains { $0.method == "PUT" && $0.status == 202 })
            #expect(log.contains { $0.path.contains("/operationStatuses/") })
        }
    }

    @Test func refusesToApproveARejectedConnection() async throws {
        try await ARMEmulatorInProcess.with(world: Self.world()) { emulator in
            let id = try Self.instance.child("privateEndpointConnections", "pec-rejected")
            let body = try JSONEncoder().encode(PrivateEndpointConnection.statusUpdate(.approved, description: "x"))
            let raw = try await emulator.raw("PUT", id.path + "?api-version=2025-01-01", body: body)
            #expect(raw.status == 400)
            let error = try JSONSerialization.jsonObject(with: raw.body) as? [String: [String: String]]
            #expect(error?["error"]?["code"] == "PrivateEndpointConnectionStatusNotPending")
            #expect(error?["error"]?["message"]?.isEmpty == false)
            await #expect {
                try await emulator.client().put(
                    id, body: PrivateEndpointConnection.statusUpdate(.approved, description: "x"))
            } throws: { error in
                guard
                    case .requestFailed(let resource, 400, "PrivateEndpointConnectionStatusNotPending", _, _) = error
                        as? ARMError
                else { return false }
                return resource.hasSuffix("pec-rejected")
            }
            #expect(try await emulator.client().get(PrivateEndpointConnection.self, id).status == .rejected)
        }
    }

    @Test(arguments: [("private-endpoint-connection-name", "Rejected"), ("pec-rejected", "Rejected")])
    func onlyPendingConnectionsChange(name: String, wanted: String) async throws {
        try await ARMEmulatorInProcess.with(world: Self.world()) { emulator in
            let id = try Self.instance.child("privateEndpointConnections", name)
            await #expect(throws: ARMError.self) {
                try await emulator.client().put(
                    id,
                    body: PrivateEndpointConnection.statusUpdate(ConnectionStatus(rawValue: wanted), description: "x"))
            }
        }
    }

    @Test func deleteRevokesAndTheConsumerSeesDisconnected() async throws {
        try await ARMEmulatorInProcess.with(world: Self.world()) { emulator in
            let client = emulator.client()
            let id = try Self.instance.child("privateEndpointConnections", "pec-pending")
            _ = try await client.put(id, body: PrivateEndpointConnection.statusUpdate(.approved, description: "ok"))
            #expect(try await client.delete(PrivateEndpointConnection.self, id) == .deleted)
            #expect(try await client.getIfExists(PrivateEndpointConnection.self, id) == nil)
            #expect(try await client.delete(PrivateEndpointConnection.self, id) == .alreadyAbsent)
            let endpoint = try await client.get(PrivateEndpoint.self, try ResourceID(parsing: Self.endpointID))
            #expect(
                endpoint.properties?.manualPrivateLinkServiceConnections?.first?.properties?
                    .privateLinkServiceConnectionState?.status == .disconnected)
        }
    }

    @Test func answersAStaleIfMatchWith412() async throws {
        let zoneFile = "Microsoft.Network/2024-06-01/PrivateZoneGet.json"
        let recordFile = "Microsoft.Network/2024-06-01/RecordSetAGet.json"
        try await ARMEmulatorInProcess.with(world: [try ARMExamples.file(zoneFile), try ARMExamples.file(recordFile)]) {
            emulator in
            let client = emulator.client()
            let id = try ResourceID(
                parsing:
                    "/subscriptions/subscriptionId/resourceGroups/resourceGroup1/providers/Microsoft.Network/privateDnsZones/privatezone1.com/A/recorda"
            )
            let current = try await client.get(ARecordSet.self, id)
            let etag = try #require(current.etag)
            let updated = try await client.put(
                id, body: ARecordSet.createBody(addresses: ["10.0.0.5"]), condition: .ifMatch(etag))
            #expect(updated.properties?.addresses == ["10.0.0.5"])
            #expect(updated.etag != etag)
            await #expect(throws: ARMError.preconditionFailed(resource: id.path)) {
                try await client.put(
                    id, body: ARecordSet.createBody(addresses: ["10.0.0.6"]), condition: .ifMatch(etag))
            }
            await #expect(throws: ARMError.preconditionFailed(resource: id.path)) {
                try await client.put(id, body: ARecordSet.createBody(addresses: ["10.0.0.6"]), condition: .createOnly)
            }
            let pec = try Self.instance.child("privateEndpointConnections", "pec-pending")
            try await emulator.load([try Self.connection("pec-pending", status: "Pending")])
            let raw = try await emulator.raw(
                "PUT", pec.path + "?api-version=2025-01-01",
                body: try JSONEncoder().encode(PrivateEndpointConnection.statusUpdate(.approved, description: "x")),
                headers: ["If-Match": "\"stale\""])
            #expect(raw.status == 412)
            #expect(String(decoding: raw.body, as: UTF8.self).contains("PreconditionFailed"))
        }
    }

    @Test func requiresApiVersionAndAnswersARMShaped404() async throws {
        try await ARMEmulatorInProcess.with(world: Self.world()) { emulator in
            let missing = try await emulator.raw("GET", Self.instance.path)
            #expect(missing.status == 400)
            #expect(String(decoding: missing.body, as: UTF8.self).contains("MissingApiVersionParameter"))
            let notFound = try await emulator.raw("GET", Self.instance.path + "?api-version=2025-01-01")
            #expect(notFound.status == 404)
            #expect(notFound.headers["x-ms-error-code"] == "ResourceNotFound")
            await #expect {
                try await emulator.client().get(ManagedInstance.self, Self.instance)
            } throws: { error in
                if case .notFound(let resource, "ResourceNotFound") = error as? ARMError {
                    return resource == Self.instance.path
                }
                return false
            }
        }
    }

    @Test func pagesListsWithNextLink() async throws {
        try await ARMEmulatorInProcess.with(world: Self.world(), arguments: ["--page-size", "1"]) { emulator in
            let items = try await emulator.client().list(
                PrivateEndpointConnection.self, in: Self.instance.collectionPath("privateEndpointConnections"))
            #expect(
                items.map(\.name) == [
                    "pec-other", "pec-pending", "pec-rejected", "private-endpoint-connection-name",
                    "private-endpoint-connection-name-2",
                ])
            let gets = try await emulator.requestLog().filter { $0.path.hasSuffix("/privateEndpointConnections") }
            #expect(gets.count == 5)
        }
    }

    @Test func privateDNSZonesLinksAndRecords() async throws {
        try await ARMEmulatorInProcess.with(world: [], arguments: ["--operation-ms", "100"]) { emulator in
            let client = emulator.client()
            let zone = try ResourceID(
                subscription: "sub1", resourceGroup: "dns", namespace: "Microsoft.Network", type: "privateDnsZones",
                name: "privatelink.abc123.database.windows.net")
            let created = try await client.put(
                zone, body: PrivateDNSZone.createBody(tags: ["owner": "pe-net"]), condition: .createOnly)
            #expect(created.properties?.provisioningState == .succeeded)
            #expect(created.location == "global")
            let vnet = try ResourceID(
                parsing: "/subscriptions/sub2/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/clients")
            let linkID = try zone.child("virtualNetworkLinks", "clients")
            let link = try await client.put(linkID, body: VirtualNetworkLink.createBody(virtualNetwork: vnet))
            #expect(link.properties?.virtualNetworkLinkState == .completed)
            let record = try zone.child("A", "MyInstance")
            let set = try await client.put(
                record, body: ARecordSet.createBody(addresses: ["10.1.2.4"], metadata: ["createdBy": "pe-net"]))
            #expect(set.name == "myinstance")
            #expect(set.properties?.fqdn == "myinstance.privatelink.abc123.database.windows.net.")
            #expect(try await client.get(PrivateDNSZone.self, zone).properties?.numberOfVirtualNetworkLinks == 1)
            await #expect {
                try await client.delete(PrivateDNSZone.self, zone)
            } throws: { ($0 as? ARMError)?.code == "CannotDeleteResource" && "\($0)".contains("clients") }
            try await client.delete(VirtualNetworkLink.self, linkID)
            #expect(try await client.delete(PrivateDNSZone.self, zone) == .deleted)
            #expect(try await client.getIfExists(ARecordSet.self, record) == nil)
        }
    }
}
