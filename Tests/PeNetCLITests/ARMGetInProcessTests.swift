import ARMNetwork
import Foundation
import PeNetTestSupport
import Testing

@testable import PeNetCLI

/// `pe-net arm get` in-process against a scripted transport: text and JSON views, and bad data
/// from ARM as a finding-shaped error rather than a resource.
@Suite("pe-net arm get in-process")
struct ARMGetInProcessTests {
    static let id =
        "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg/providers/Microsoft.Sql/managedInstances/mi1"

    static func cli(answering body: String, status: Int = 200) -> InProcessCLI {
        var cli = InProcessCLI(armEndpoint: URL(string: "http://127.0.0.1:9"))
        cli.transport = ScriptedTransport([.response(ARMResponse(status: status, body: Data(body.utf8)))])
        return cli
    }

    @Test("Text prints one path and value per field; JSON prints the document")
    func views() async throws {
        let body =
            #"{"id":"\#(Self.id)","name":"mi1","properties":{"dnsZone":"abc123","publicDataEndpointEnabled":false,"vCores":8,"tags":[]}}"#
        let text = await Self.cli(answering: body).run(["arm", "get", Self.id])
        #expect(text.status == 0, "\(text)")
        #expect(
            text.stdout == """
                id                                    \(Self.id)
                name                                  mi1
                properties.dnsZone                    abc123
                properties.publicDataEndpointEnabled  false
                properties.tags                       []
                properties.vCores                     8

                """, "\(text)")
        let json = await Self.cli(answering: body).run(["arm", "get", Self.id, "-o", "json"])
        #expect(json.status == 0, "\(json)")
        let document = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(document?["name"] as? String == "mi1")
    }

    @Test("An array or an empty body from ARM is an error naming the resource, never printed as a resource")
    func badBodies() async throws {
        for body in ["[]", "", "\"text\""] {
            let run = await Self.cli(answering: body).run(["arm", "get", Self.id, "-o", "json"])
            #expect(run.status == 1, "\(body): \(run)")
            let document = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
            let error = try #require(document?["error"] as? [String: Any], "\(body): \(run)")
            #expect(error["code"] as? String == "arm.invalid-response", "\(body): \(run)")
            #expect(error["resource"] as? String == Self.id)
        }
    }

    @Test("A 403 suggests checking the role assignment with a command that runs as printed")
    func forbidden() async {
        let body = #"{"error":{"code":"AuthorizationFailed","message":"no access"}}"#
        let run = await Self.cli(answering: body, status: 403).run(["arm", "get", Self.id])
        #expect(run.status == 1, "\(run)")
        #expect(run.stderr.contains("pe-net: error: "), "\(run)")
        #expect(run.stderr.contains("  fix: check the credential's role assignment on \(Self.id)"), "\(run)")
        #expect(!run.stderr.contains(InProcessCLI.token))
    }
}
