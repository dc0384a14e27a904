import ARMNetwork
import Foundation
import PeNetTestSupport
import Testing

/// Answers from Azure that are not what the API documents are errors, never an empty list or
/// an empty resource to act on; a zone or link whose last operation failed is written again.
@Suite struct BadAzureDataTests {
    static let id = ResourceID.fixture(
        "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg/providers/Microsoft.Sql/managedInstances/mi1"
    )

    static func client(_ answers: [ScriptedTransport.Answer]) -> (ARMClient, ScriptedTransport) {
        let transport = ScriptedTransport(answers)
        let client = ARMClient(
            endpoint: URL(string: "https://management.azure.com")!, transport: transport,
            credential: StaticTokenSource(token: "bad-data-token-0001"), clock: TestClock())
        return (client, transport)
    }

    static func answer(_ body: String, status: Int = 200) -> ScriptedTransport.Answer {
        .response(ARMResponse(status: status, headers: ARMHeaders(), body: Data(body.utf8)))
    }

    @Test(
        "a list answered with an empty body, {}, [] or a value that is not an array is an error",
        arguments: [
            "", "{}", "[]", #"{"value":{}}"#, #"{"value":null}"#, "null", "not json",
        ])
    func listNeedsAValueArray(_ body: String) async throws {
        let (client, transport) = Self.client([Self.answer(body)])
        await #expect(throws: ARMError.self) {
            _ = try await client.list(
                PrivateEndpointConnection.self, in: Self.id.collectionPath("privateEndpointConnections"))
        }
        #expect(transport.requests.count == 1)
    }

    @Test("a list with a value array is read", arguments: [#"{"value":[]}"#, #"{"value":[],"nextLink":null}"#])
    func listWithValue(_ body: String) async throws {
        let (client, _) = Self.client([Self.answer(body)])
        let items = try await client.list(
            PrivateEndpointConnection.self, in: Self.id.collectionPath("privateEndpointConnections"))
        #expect(items.isEmpty)
    }

    @Test(
        "a resource answered with an empty body, {}, [] or a scalar is an error",
        arguments: [
            "", "{}", "[]", "1", #""mi1""#, #"{"tags":{}}"#,
        ])
    func getNeedsAResource(_ body: String) async throws {
        let (client, _) = Self.client([Self.answer(body)])
        await #expect(throws: ARMError.self) { _ = try await client.get(ManagedInstance.self, Self.id) }
    }

    @Test("a zone and a link whose last operation ended Failed are planned again, not unchanged")
    func failedProvisioningIsReplanned() throws {
        typealias F = PlannerFixture
        var zone = F.zone(F.privatelink, links: [F.link(F.privatelink, vnet: F.appVNet)])
        zone.provisioningState = "Failed"
        zone.links[0].provisioningState = "Failed"
        let facts = PrivateDNSFacts(instance: F.instance, endpoints: [F.endpoint(vnet: F.appVNet)], zones: [zone])
        let plan = PrivateDNSPlanner.plan(facts: facts, options: PrivateDNSOptions(placement: F.dns))
        #expect(plan.changes.map(\.resource.kind) == ["zone", "vnet link", "A record"])
        #expect(plan.changes.map(\.action) == [.update, .update, .create])
        #expect(plan.changes[0].message.contains("Failed"))

        var healthy = zone
        healthy.provisioningState = "Succeeded"
        healthy.links[0].provisioningState = "Succeeded"
        let again = PrivateDNSPlanner.plan(
            facts: PrivateDNSFacts(instance: F.instance, endpoints: [F.endpoint(vnet: F.appVNet)], zones: [healthy]),
            options: PrivateDNSOptions(placement: F.dns))
        #expect(again.changes.map(\.action) == [.unchanged, .unchanged, .create])
    }
}
