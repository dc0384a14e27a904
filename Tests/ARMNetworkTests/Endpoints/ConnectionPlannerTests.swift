import ARMNetwork
import Foundation
import PeNetTestSupport
import Testing

private let instanceID =
    "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/Default/providers/Microsoft.Sql/managedInstances/test-cl"

private func connection(_ name: String, _ status: ConnectionStatus, endpoint: String? = nil)
    -> ConnectionSnapshot
{
    let pe = endpoint ?? "pe-\(name)"
    return ConnectionSnapshot(
        name: name, id: ResourceID.fixture("\(instanceID)/privateEndpointConnections/\(name)"),
        privateEndpointID: ResourceID.fixture(
            "/subscriptions/55555555-6666-7777-8888-999999999999/resourceGroups/Consumer-RG/providers/Microsoft.Network/privateEndpoints/\(pe)"
        ),
        status: status, description: "d", provisioningState: "Ready")
}

private let world = [
    connection("c-pending", .pending),
    connection("c-approved", .approved),
    connection("c-rejected", .rejected),
    connection("c-disconnected", .disconnected),
    connection("c-pending-2", .pending, endpoint: "shared-pe"),
    connection("c-odd", .unknown("Unknown")),
]

@Suite("Connection planner")
struct ConnectionPlannerTests {
    @Test(
        "the state rules",
        arguments: [
            (
                ConnectionDecision.approve, ConnectionStatus.pending, ConnectionChange.Action.approve,
                "Pending -> Approved"
            ),
            (.approve, .approved, .unchanged, "already Approved; nothing to do"),
            (.approve, .rejected, .refused, "recreate the private endpoint, or set its connection back to Pending"),
            (.approve, .disconnected, .refused, "pe-net endpoints delete --instance test-cl --name c"),
            (.approve, .unknown("Weird"), .refused, "its status is Weird"),
            (.reject, .pending, .reject, "Pending -> Rejected"),
            (.reject, .rejected, .unchanged, "already Rejected; nothing to do"),
            (
                .reject, .approved, .refused,
                "to revoke it, delete it: pe-net endpoints delete --instance test-cl --name c"
            ),
            (.reject, .disconnected, .refused, "it is Disconnected"),
            (.delete, .approved, .delete, "delete c (private endpoint pe-c), now Approved"),
            (.delete, .rejected, .delete, "now Rejected"),
            (.delete, .pending, .delete, "now Pending"),
        ])
    func stateRules(
        decision: ConnectionDecision, status: ConnectionStatus, action: ConnectionChange.Action,
        messageFragment: String
    ) {
        let change = ConnectionPlanner.change(decision, for: connection("c", status), instance: "test-cl")
        #expect(change.action == action)
        #expect(change.message.contains(messageFragment), "\(change.message)")
        #expect(change.message.contains("c"))
    }

    @Test(
        "selection picks exactly the matching connections",
        arguments: [
            (ConnectionSelection(.allPending), ["c-pending", "c-pending-2"]),
            (ConnectionSelection(.all), world.map(\.name)),
            (ConnectionSelection(.all, status: .rejected), ["c-rejected"]),
            (ConnectionSelection(.names(["C-APPROVED", "c-pending"])), ["c-pending", "c-approved"]),
            (ConnectionSelection(.endpoints(["shared-pe"])), ["c-pending-2"]),
            (
                ConnectionSelection(
                    .endpoints([
                        "/subscriptions/55555555-6666-7777-8888-999999999999/resourcegroups/consumer-rg/providers/microsoft.network/privateendpoints/PE-C-REJECTED/"
                    ])),
                ["c-rejected"]
            ),
            (ConnectionSelection(.names(["c-pending", "c-approved"]), status: .pending), ["c-pending"]),
        ])
    func selection(selection: ConnectionSelection, expected: [String]) {
        let (matched, unmatched) = selection.resolve(in: world)
        #expect(matched.map(\.name) == expected)
        #expect(unmatched.isEmpty)
    }

    @Test func allPendingPlansOnlyPendingApprovals() throws {
        let plan = try ConnectionPlanner.plan(
            .approve, selection: .init(.allPending), connections: world, instance: "test-cl")
        #expect(plan.changes.map(\.action) == [.approve, .approve])
        #expect(plan.writes.count == 2)
        #expect(plan.refusals.isEmpty)
    }

    @Test func allPendingWithNothingPendingIsAnEmptyPlan() throws {
        let settled = world.filter { $0.status != .pending }
        let plan = try ConnectionPlanner.plan(
            .approve, selection: .init(.allPending), connections: settled, instance: "test-cl")
        #expect(plan.changes.isEmpty)
    }

    @Test func mixedNamedSelectionKeepsEachRule() throws {
        let plan = try ConnectionPlanner.plan(
            .approve, selection: .init(.names(["c-rejected", "c-pending", "c-approved"])), connections: world,
            instance: "test-cl")
        #expect(plan.changes.map(\.connection.name) == ["c-pending", "c-approved", "c-rejected"])
        #expect(plan.changes.map(\.action) == [.approve, .unchanged, .refused])
        #expect(plan.writes.map(\.connection.name) == ["c-pending"])
        #expect(plan.refusals.map(\.connection.name) == ["c-rejected"])
    }

    @Test func unknownNamesAreBadInputNamingTheKnownOnes() {
        #expect {
            try ConnectionPlanner.plan(
                .approve, selection: .init(.names(["c-pending", "nope", "NOPE", "gone"])), connections: world,
                instance: "test-cl")
        } throws: { error in
            guard let error = error as? ConnectionSelectionError else { return false }
            return error.unmatched == ["nope", "gone"]
                && error.description.hasPrefix("no connections 'nope', 'gone' on instance test-cl; nothing was changed")
                && error.description.contains("c-approved")
        }
    }

    @Test func unknownEndpointIsBadInput() {
        #expect(throws: ConnectionSelectionError.self) {
            try ConnectionPlanner.plan(
                .reject, selection: .init(.endpoints(["pe-missing"])), connections: world, instance: "x")
        }
    }

    @Test func planRoundTripsThroughJSON() throws {
        let plan = try ConnectionPlanner.plan(.approve, selection: .init(.all), connections: world, instance: "test-cl")
        let data = try JSONEncoder().encode(plan)
        let decoded = try JSONDecoder().decode(ConnectionPlan.self, from: data)
        #expect(decoded == plan)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let changes = try #require(object["changes"] as? [[String: Any]])
        let first = try #require(changes.first?["connection"] as? [String: Any])
        #expect(first["status"] as? String == "Pending")
        #expect(changes.last?["action"] as? String == "refused")
    }

    @Test func endpointFieldsComeFromTheEndpointID() {
        let c = connection("c", .pending, endpoint: "my-pe")
        #expect(c.privateEndpointName == "my-pe")
        #expect(c.privateEndpointSubscription == "55555555-6666-7777-8888-999999999999")
        #expect(c.privateEndpointResourceGroup == "Consumer-RG")
        #expect(ConnectionStatus("APPROVED") == .approved)
    }
}
