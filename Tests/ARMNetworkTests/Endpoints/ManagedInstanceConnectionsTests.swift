import ARMNetwork
import Foundation
import PeNetTestSupport
import Testing

private let instanceID =
    "/subscriptions/0f0f0f0f-1111-2222-3333-444444444444/resourceGroups/rg-mic/providers/Microsoft.Sql/managedInstances/mi-conn"

private func world(state: String, connections: [(String, String)]) throws -> [Data] {
    var documents: [[String: Any]] = [
        ["id": instanceID, "name": "mi-conn", "type": "Microsoft.Sql/managedInstances", "properties": ["state": state]]
    ]
    for (name, status) in connections {
        documents.append([
            "id": "\(instanceID)/privateEndpointConnections/\(name)", "name": name,
            "properties": [
                "privateEndpoint": [
                    "id": "/subscriptions/s2/resourceGroups/net/providers/Microsoft.Network/privateEndpoints/pe-\(name)"
                ],
                "privateLinkServiceConnectionState": ["status": status, "description": "d", "actionsRequired": "None"],
                "provisioningState": "Ready",
            ],
        ])
    }
    return try documents.map { try JSONSerialization.data(withJSONObject: $0) }
}

@Suite("Managed instance connections against the ARM emulator", .tags(.emulator))
struct ManagedInstanceConnectionsTests {
    @Test func listApproveAndDelete() async throws {
        try await ARMEmulatorInProcess.with(
            world: world(state: "Ready", connections: [("c1", "Pending"), ("c2", "Approved")])
        ) {
            emulator in
            let connections = ManagedInstanceConnections(
                client: emulator.client(), instance: try ResourceID(parsing: instanceID))
            let before = try await connections.list()
            #expect(before.map(\.name) == ["c1", "c2"])
            #expect(before.map(\.status) == [.pending, .approved])
            #expect(before[0].privateEndpointName == "pe-c1")
            #expect(before[0].provisioningState == "Ready")

            let plan = try ConnectionPlanner.plan(
                .approve, selection: .init(.names(["c1"])), connections: before, instance: "mi-conn")
            let result = try await connections.perform(plan.changes[0], description: "ok by test", wait: true)
            guard case .done(let after?) = result else {
                throw HarnessError("expected the connection after the operation, got \(result)")
            }
            #expect(after.status == .approved)
            #expect(after.description == "ok by test")

            let delete = try ConnectionPlanner.plan(
                .delete, selection: .init(.names(["c2"])), connections: before, instance: "mi-conn")
            #expect(try await connections.perform(delete.changes[0], description: "", wait: true) == .done(nil))
            #expect(try await connections.list().map(\.name) == ["c1"])
        }
    }

    @Test("ARM's answer for a stopped instance is explained with the way out", arguments: ["Stopped", "Starting"])
    func stoppedInstance(state: String) async throws {
        try await ARMEmulatorInProcess.with(world: world(state: state, connections: [("c1", "Pending")])) { emulator in
            let id = try ResourceID(parsing: instanceID)
            let connections = ManagedInstanceConnections(client: emulator.client(), instance: id)
            #expect(ManagedInstanceConnections.isStopped(try await connections.readInstance()))
            let plan = try ConnectionPlanner.plan(
                .approve, selection: .init(.allPending), connections: try await connections.list(), instance: "mi-conn")
            await #expect {
                try await connections.perform(plan.changes[0], description: "x", wait: true)
            } throws: { error in
                let text = "\(error)"
                return text.contains(
                    "managed instance mi-conn is \(state == "Stopped" ? "stopped or stopping" : "starting")")
                    && text.contains("az sql mi start -g rg-mic -n mi-conn")
                    && text.contains(
                        state == "Stopped" ? "ManagedInstanceStoppingOrStopped" : "ManagedInstanceStarting")
            }
            #expect(try await connections.list().map(\.status) == [.pending])
        }
    }
}
