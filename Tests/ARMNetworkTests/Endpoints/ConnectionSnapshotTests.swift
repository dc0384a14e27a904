import ARMNetwork
import Foundation
import PeNetTestSupport
import Testing

@Suite("Connection snapshots from ARM documents")
struct ConnectionSnapshotTests {
    static let instance = ResourceID.fixture(
        "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/managedInstances/mi")
    static let endpoint = "/subscriptions/s2/resourceGroups/Net/providers/Microsoft.Network/privateEndpoints/pe-1"

    static func document(_ json: String) throws -> PrivateEndpointConnection {
        try JSONDecoder().decode(PrivateEndpointConnection.self, from: Data(json.utf8))
    }

    @Test(
        "id, name, endpoint and status are read typed; a missing id is rebuilt under the instance",
        arguments: [
            #"{"id":"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/managedInstances/mi/privateEndpointConnections/pec","name":"pec","properties":{"privateEndpoint":{"id":"\#(endpoint)"},"privateLinkServiceConnectionState":{"status":"pending"}}}"#,
            #"{"name":"pec","properties":{"privateEndpoint":{"id":"\#(endpoint)"},"privateLinkServiceConnectionState":{"status":"Pending"}}}"#,
            #"{"id":"/subscriptions/S/resourcegroups/RG/providers/Microsoft.Sql/managedInstances/MI/privateEndpointConnections/pec","properties":{"privateEndpoint":{"id":"\#(endpoint)/"},"privateLinkServiceConnectionState":{"status":"PENDING"}}}"#,
        ])
    func readsDocument(json: String) throws {
        let snapshot = try ConnectionSnapshot(try Self.document(json), instance: Self.instance)
        #expect(snapshot.name == "pec")
        #expect(snapshot.id == (try Self.instance.child("privateEndpointConnections", "pec")))
        #expect(snapshot.status == .pending)
        #expect(snapshot.privateEndpointName == "pe-1")
        #expect(snapshot.privateEndpointSubscription == "s2")
        #expect(snapshot.privateEndpointResourceGroup == "Net")
    }

    @Test("a malformed endpoint id leaves the endpoint unknown; no status reads as unknown")
    func tolerantFields() throws {
        let json =
            #"{"name":"pec","properties":{"privateEndpoint":{"id":"/subscriptions/s/resourceGroups/rg/provders/x/y/z"}}}"#
        let snapshot = try ConnectionSnapshot(try Self.document(json), instance: Self.instance)
        #expect(snapshot.privateEndpointID == nil)
        #expect(snapshot.privateEndpointName == nil)
        #expect(snapshot.status == .unknown("Unknown"))
    }

    @Test("a connection with neither name nor id is an error naming the instance's collection")
    func namelessConnection() throws {
        let document = try Self.document(#"{"properties":{}}"#)
        let error = #expect(throws: ARMError.self) {
            try ConnectionSnapshot(document, instance: Self.instance)
        }
        #expect(error?.description.contains("/managedInstances/mi/privateEndpointConnections") == true)
    }

    @Test(
        "an endpoint selector with a slash is compared as an id; a malformed one matches nothing",
        arguments: [
            (endpoint, true), (endpoint.uppercased() + "/", true), ("pe-1", true), ("PE-1", true),
            ("/subscriptions/s2/resourceGroups/Net/providers/Microsoft.Network/privateEndpoints/pe-2", false),
            ("/pe-1", false), ("pe-2", false),
        ])
    func endpointSelector(selector: String, matches: Bool) throws {
        let snapshot = ConnectionSnapshot(
            name: "pec", id: try Self.instance.child("privateEndpointConnections", "pec"),
            privateEndpointID: ResourceID.fixture(Self.endpoint), status: .pending)
        let (matched, unmatched) = ConnectionSelection(.endpoints([selector])).resolve(in: [snapshot])
        #expect(matched.count == (matches ? 1 : 0))
        #expect(unmatched == (matches ? [] : [selector]))
    }
}
