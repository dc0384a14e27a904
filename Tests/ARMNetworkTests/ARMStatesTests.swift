import ARMNetwork
import Foundation
import Testing

@Suite("Connection status and peering state")
struct ARMStatesTests {
    @Test(
        "connection status text reads case-insensitively; unknown values are kept",
        arguments: [
            ("Pending", ConnectionStatus.pending), ("approved", .approved), ("REJECTED", .rejected),
            ("Disconnected", .disconnected), ("Timeout", .unknown("Timeout")), ("", .unknown("")),
        ])
    func connectionStatus(text: String, expected: ConnectionStatus) throws {
        let status = ConnectionStatus(text)
        #expect(status == expected)
        #expect(status.isKnown == (ConnectionStatus(known: text) != nil))
        let json = try JSONEncoder().encode([status])
        #expect(try JSONDecoder().decode([ConnectionStatus].self, from: json) == [status])
        if status.isKnown {
            #expect(status.rawValue.lowercased() == text.lowercased())
            #expect(String(decoding: json, as: UTF8.self) == "[\"\(status.rawValue)\"]", "Azure's spelling")
        } else {
            #expect(status.description == text, "an unknown status is shown as ARM wrote it")
        }
    }

    @Test("the known statuses are exactly Azure's four")
    func knownStatuses() {
        #expect(ConnectionStatus.known.map(\.rawValue) == ["Pending", "Approved", "Rejected", "Disconnected"])
        #expect(ConnectionStatus(known: "Unknown") == nil)
        #expect(ConnectionStatus(known: "pending") == .pending)
    }

    @Test(
        "peering state text reads case-insensitively; only Connected counts",
        arguments: [
            ("Connected", PeeringState.connected, true), ("initiated", .initiated, false),
            ("DISCONNECTED", .disconnected, false), ("Updating", .unknown("Updating"), false),
        ])
    func peeringState(text: String, expected: PeeringState, connected: Bool) throws {
        let state = PeeringState(text)
        #expect(state == expected)
        #expect((state == .connected) == connected)
        let decoded = try JSONDecoder().decode(
            VirtualNetworkPeeringProperties.self, from: Data(#"{"peeringState":"\#(text)"}"#.utf8))
        #expect(decoded.peeringState == expected)
        let encoded = String(decoding: try JSONEncoder().encode(state), as: UTF8.self)
        #expect(encoded == "\"\(state.isKnown ? state.rawValue : text)\"")
    }

    @Test("the connection state in an ARM document is typed")
    func connectionStateDocument() throws {
        let body = #"{"properties":{"privateLinkServiceConnectionState":{"status":"approved","description":"ok"}}}"#
        let connection = try JSONDecoder().decode(PrivateEndpointConnection.self, from: Data(body.utf8))
        #expect(connection.status == .approved)
        let update = String(
            decoding: try JSONEncoder().encode(PrivateEndpointConnection.statusUpdate(.rejected, description: "no")),
            as: UTF8.self)
        #expect(update.contains(#""status":"Rejected""#))
    }
}
