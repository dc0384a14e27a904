import ARMNetwork
import Foundation
import PeNetTestSupport
import Testing

/// DNS Private Resolver forwarding rulesets, rules and ruleset vnet links in the emulator, pinned
/// by the official 2025-05-01 examples: the example's request body answers the example's response
/// shape, etags are bare GUIDs, conditional writes are honoured, a rule under a missing ruleset
/// is 404 ParentResourceNotFound.
@Suite("DNS Private Resolver in the emulator", .tags(.emulator))
struct ResolverEmulatorTests {
    static let folder = "Microsoft.Network/2025-05-01/"
    static let ruleset =
        "/subscriptions/abdd4249-9f34-4cc6-8e42-c2e32110603e/resourceGroups/sampleResourceGroup/providers/Microsoft.Network/dnsForwardingRulesets/sampleDnsForwardingRuleset"
    static let query = "?api-version=2025-05-01"

    static func object(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// The keys of a document and of its `properties`, without `systemData` (ARM's bookkeeping).
    static func shape(_ document: [String: Any]) -> Set<String> {
        var keys = Set(document.keys).subtracting(["systemData"])
        for key in (document["properties"] as? [String: Any] ?? [:]).keys { keys.insert("properties.\(key)") }
        return keys
    }

    static func put(_ emulator: ARMEmulatorInProcess, _ path: String, _ body: Data, headers: ARMHeaders = [:])
        async throws -> ARMResponse
    {
        try await emulator.raw("PUT", path + query, body: body, headers: headers)
    }

    @Test("The ruleset, rule and link PUTs of the examples answer the examples' shapes, with bare GUID etags")
    func examplesShapes() async throws {
        try await ARMEmulatorInProcess.with(world: []) { emulator in
            let rulesetFile = Self.folder + "DnsForwardingRuleset_Put.json"
            let created = try await Self.put(
                emulator, Self.ruleset, try #require(try ARMExamples.requestBody(rulesetFile)))
            #expect(created.status == 201)
            let rulesetExample = try Self.object(try ARMExamples.responseBody(rulesetFile, status: "201"))
            #expect(Self.shape(try Self.object(created.body)) == Self.shape(rulesetExample))

            let ruleFile = Self.folder + "ForwardingRule_Put.json"
            let rule = Self.ruleset + "/forwardingRules/sampleForwardingRule"
            let ruleBody = try #require(try ARMExamples.requestBody(ruleFile))
            let ruleCreated = try await Self.put(emulator, rule, ruleBody, headers: ["If-None-Match": "*"])
            #expect(ruleCreated.status == 201, "a rule answers at once")
            let ruleDocument = try Self.object(ruleCreated.body)
            #expect(
                Self.shape(ruleDocument)
                    == Self.shape(try Self.object(ARMExamples.responseBody(ruleFile, status: "201"))))
            let etag = try #require(ruleDocument["etag"] as? String)
            #expect(UUID(uuidString: etag) != nil, "bare GUID etag, as in the example: \(etag)")
            #expect((ruleDocument["properties"] as? [String: Any])?["provisioningState"] as? String == "Succeeded")

            let again = try await Self.put(emulator, rule, ruleBody, headers: ["If-None-Match": "*"])
            #expect(again.status == 412)
            let stale = try await Self.put(
                emulator, rule, ruleBody, headers: ["If-Match": UUID().uuidString.lowercased()])
            #expect(stale.status == 412)
            let updated = try await Self.put(emulator, rule, ruleBody, headers: ["If-Match": etag])
            #expect(updated.status == 200)
            #expect(try Self.object(updated.body)["etag"] as? String != etag)

            let linkFile = Self.folder + "VirtualNetworkLink_Put.json"
            let link = Self.ruleset + "/virtualNetworkLinks/sampleVirtualNetworkLink"
            let linkCreated = try await Self.put(emulator, link, try #require(try ARMExamples.requestBody(linkFile)))
            #expect(linkCreated.status == 201)
            #expect(
                Self.shape(try Self.object(linkCreated.body))
                    == Self.shape(try Self.object(ARMExamples.responseBody(linkFile, status: "201"))))

            // Long-running ruleset and link finish Succeeded; the typed models read them.
            let client = emulator.client()
            let readLink = try await client.get(RulesetVirtualNetworkLink.self, try ResourceID(parsing: link))
            #expect(
                readLink.properties?.provisioningState == .succeeded
                    || readLink.properties?.provisioningState == .creating)
            let rules = try await client.list(
                ForwardingRule.self, in: try ResourceID(parsing: Self.ruleset).collectionPath("forwardingRules"))
            #expect(rules.map { $0.properties?.domainName } == ["contoso.com."])
            #expect(
                rules.first?.properties?.targetDnsServers
                    == [TargetDNSServer(ipAddress: "10.0.0.1"), TargetDNSServer(ipAddress: "10.0.0.2")])
        }
    }

    @Test("A rule under a missing ruleset is 404 ParentResourceNotFound; a relative domain name is 400")
    func refusals() async throws {
        let ruleFile = Self.folder + "ForwardingRule_Put.json"
        try await ARMEmulatorInProcess.with(world: []) { emulator in
            let body = try #require(try ARMExamples.requestBody(ruleFile))
            let missing = try await Self.put(emulator, Self.ruleset + "/forwardingRules/r1", body)
            #expect(missing.status == 404)
            let error = try Self.object(missing.body)["error"] as? [String: Any]
            #expect(error?["code"] as? String == "ParentResourceNotFound")

            let rulesetFile = Self.folder + "DnsForwardingRuleset_Put.json"
            _ = try await Self.put(emulator, Self.ruleset, try #require(try ARMExamples.requestBody(rulesetFile)))
            let relative = Data(
                #"{"properties":{"domainName":"contoso.com","targetDnsServers":[{"ipAddress":"10.0.0.1","port":53}]}}"#
                    .utf8)
            let refused = try await Self.put(emulator, Self.ruleset + "/forwardingRules/r1", relative)
            #expect(refused.status == 400)
            #expect(
                (try Self.object(refused.body)["error"] as? [String: Any])?["code"] as? String == "InvalidDomainName")
        }
    }
}
