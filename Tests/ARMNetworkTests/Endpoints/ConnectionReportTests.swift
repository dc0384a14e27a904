import ARMNetwork
import Foundation
import PeNetTestSupport
import Testing

@Suite("Connection report")
struct ConnectionReportTests {
    private let connections = [
        ConnectionSnapshot(
            name: "pec-a",
            id: ResourceID.fixture(
                "/subscriptions/s/resourceGroups/g/providers/Microsoft.Sql/managedInstances/mi/privateEndpointConnections/pec-a"
            ),
            privateEndpointID: ResourceID.fixture(
                "/subscriptions/sub-2/resourceGroups/rg-net/providers/Microsoft.Network/privateEndpoints/pe-a"),
            status: .pending, description: "please let adf1 in", provisioningState: "Ready"),
        ConnectionSnapshot(
            name: "pec-bb",
            id: ResourceID.fixture(
                "/subscriptions/s/resourceGroups/g/providers/Microsoft.Sql/managedInstances/mi/privateEndpointConnections/pec-bb"
            ), privateEndpointID: nil, status: .rejected, description: "no thanks", provisioningState: nil),
    ]

    @Test func tableAlignsColumns() {
        let expected = """
            CONNECTION  ENDPOINT  SUBSCRIPTION  RESOURCE GROUP  STATUS    PROVISIONING  REQUEST MESSAGE     DESCRIPTION  ENDPOINT ID
            pec-a       pe-a      sub-2         rg-net          Pending   Ready         please let adf1 in  -            /subscriptions/sub-2/resourceGroups/rg-net/providers/Microsoft.Network/privateEndpoints/pe-a
            pec-bb      -         -             -               Rejected  -             -                   no thanks    -

            """
        #expect(ConnectionReport.table(connections) == expected)
    }

    @Test func listRowsCarryTheEndpointParts() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let json = String(decoding: try encoder.encode(connections.map(ConnectionListRow.init)), as: UTF8.self)
        let rows = try JSONDecoder().decode([ConnectionListRow].self, from: Data(json.utf8))
        #expect(rows.count == 2)
        #expect(rows[0].privateEndpoint.name == "pe-a")
        #expect(rows[0].privateEndpoint.subscription == "sub-2")
        #expect(rows[0].privateEndpoint.resourceGroup == "rg-net")
        #expect(rows[0].status == .pending)
        #expect(rows[1].privateEndpoint.id == nil)
        #expect(rows[0].requestMessage == "please let adf1 in")
        #expect(rows[1].requestMessage == nil)
        #expect(json.contains(#""status" : "Rejected""#))
    }

    @Test func runTextShowsPlanResultsAndSummary() throws {
        let plan = try ConnectionPlanner.plan(
            .approve, selection: .init(.all), connections: connections, instance: "mi")
        let results = [
            ConnectionOutcome(
                connection: "pec-a", privateEndpoint: "pe-a", action: .approve, result: .succeeded, status: .approved,
                message: "approved pec-a: now Approved"),
            ConnectionOutcome(
                connection: "pec-bb", privateEndpoint: nil, action: .refused, result: .failed, status: .rejected,
                message: plan.changes[1].message),
        ]
        let report = ConnectionRunReport(instance: "mi", plan: plan, dryRun: false, wait: true, results: results)
        let text = ConnectionReport.text(report)
        #expect(
            text.hasPrefix(
                "plan for mi:\n  ~ approve pec-a (private endpoint pe-a): Pending -> Approved\n  ! cannot approve pec-bb"
            ))
        #expect(text.contains("results:\n  ok approved pec-a: now Approved\n  !! pec-bb: refused (see the plan)\n"))
        #expect(text.hasSuffix("1 done, 0 unchanged, 1 failed\n"))
        #expect(report.failed == 1)
    }

    @Test func dryRunTextHasNoResults() throws {
        let plan = try ConnectionPlanner.plan(
            .approve, selection: .init(.allPending), connections: connections, instance: "mi")
        let results = [
            ConnectionOutcome(
                connection: "pec-a", privateEndpoint: "pe-a", action: .approve, result: .planned, status: .pending,
                message: "would approve")
        ]
        let text = ConnectionReport.text(
            ConnectionRunReport(instance: "mi", plan: plan, dryRun: true, wait: true, results: results))
        #expect(
            text
                == "plan for mi (dry run, nothing is changed):\n  ~ approve pec-a (private endpoint pe-a): Pending -> Approved\n1 to approve, 0 unchanged, 0 failed\n"
        )
    }
}
