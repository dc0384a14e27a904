import ARMNetwork
import Foundation
import PeNetTestSupport
import Testing

/// The client's `beginPut` / `beginDelete` against the emulator: they return the accepted
/// operation without polling it.
@Suite(.tags(.emulator)) struct ClientOperationTests {
    static let instance = ResourceID.fixture(
        "/subscriptions/0f0f0f0f-1111-2222-3333-444444444444/resourceGroups/rg-ops/providers/Microsoft.Sql/managedInstances/mi-ops"
    )

    static func world() throws -> [Data] {
        var documents: [[String: Any]] = [
            [
                "id": instance.path, "name": instance.name, "type": "Microsoft.Sql/managedInstances",
                "properties": ["state": "Ready"],
            ]
        ]
        for (name, status) in [("pec-pending", "Pending"), ("pec-rejected", "Rejected")] {
            documents.append([
                "id": instance.path + "/privateEndpointConnections/\(name)", "name": name,
                "properties": [
                    "privateLinkServiceConnectionState": [
                        "status": status, "description": "", "actionsRequired": "None",
                    ],
                    "provisioningState": "Ready",
                ],
            ])
        }
        return try documents.map { try JSONSerialization.data(withJSONObject: $0) }
    }

    @Test func beginPutAndBeginDeleteReturnWithoutWaiting() async throws {
        try await ARMEmulatorInProcess.with(world: Self.world(), arguments: ["--operation-ms", "60000"]) { emulator in
            let client = emulator.client()
            let id = try Self.instance.child("privateEndpointConnections", "pec-pending")
            let accepted = try await client.beginPut(
                id, body: PrivateEndpointConnection.statusUpdate(.rejected, description: "no"))
            #expect(accepted.status == 202)
            #expect(!accepted.isComplete)
            #expect(accepted.operationURL?.path.contains("/operationStatuses/") == true)
            let now = try await client.get(PrivateEndpointConnection.self, id)
            #expect(now.status == .rejected)
            #expect(now.properties?.provisioningState == .updating)
            let deleting = try await client.beginDelete(
                PrivateEndpointConnection.self, try Self.instance.child("privateEndpointConnections", "pec-rejected"))
            #expect(deleting.status == 202)
            let absent = try await client.beginDelete(
                PrivateEndpointConnection.self, try Self.instance.child("privateEndpointConnections", "never"))
            #expect(absent.status == 204 && absent.isComplete)
            let log = try await emulator.requestLog()
            #expect(!log.contains { $0.path.contains("/operationStatuses/") }, "begin* must not poll")
        }
    }
}
