import ARMNetwork
import Foundation
import PeNetTestSupport
import Testing

@testable import PeNetCLI

/// `pe-net dns forwarder --kind private-resolver` on a copy of examples/worlds/hub-and-spoke.json
/// (app-vnet uses the custom DNS server 10.20.0.4) with a forwarding ruleset in the hub and the
/// hub's forbidden zone link removed: plan, apply, an empty second plan, drift named by field.
@Suite("pe-net dns forwarder --kind private-resolver", .tags(.emulator))
struct ResolverForwarderCLITests {
    static let s2 = "/subscriptions/55555555-6666-7777-8888-999999999999"
    static let ruleset = "\(s2)/resourceGroups/hub-rg/providers/Microsoft.Network/dnsForwardingRulesets/hub-ruleset"
    static let zone = "privatelink.a1b2c3d4e5f6.database.windows.net"
    static let appVNet = "\(s2)/resourceGroups/app-rg/providers/Microsoft.Network/virtualNetworks/app-vnet"
    static let rule = "\(ruleset)/forwardingRules/privatelink-a1b2c3d4e5f6-database-windows-net"
    static let world = HubAndSpokeCLITests.world

    /// The hub-and-spoke world without the hub's link to the forbidden zone, plus the ruleset the
    /// administrator created.
    static func worldDocuments() throws -> [Data] {
        let file = TestPaths.packageRoot.appendingPathComponent("examples/worlds/hub-and-spoke.json")
        var documents = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [[String: Any]])
        documents.removeAll { ($0["id"] as? String)?.hasSuffix("/virtualNetworkLinks/hub-link") == true }
        documents.append([
            "id": ruleset, "name": "hub-ruleset", "type": "Microsoft.Network/dnsForwardingRulesets",
            "location": "westeurope", "etag": "4a0c3a52-2f6e-4d0e-9c5e-0d1f2a3b4c5d",
            "properties": [
                "dnsResolverOutboundEndpoints": [
                    [
                        "id":
                            "\(s2)/resourceGroups/hub-rg/providers/Microsoft.Network/dnsResolvers/hub-resolver/outboundEndpoints/out"
                    ]
                ],
                "provisioningState": "Succeeded",
            ],
        ])
        return [try JSONSerialization.data(withJSONObject: documents)]
    }

    static func forwarder(_ extra: [String]) -> [String] {
        ["dns", "forwarder", "--kind", "private-resolver", "--instance", world.instance, "--endpoint", world.endpoint]
            + extra
    }

    /// The property names of an official example's request body.
    static func exampleProperties(_ file: String) throws -> Set<String> {
        let body = try #require(try ARMExamples.requestBody("Microsoft.Network/2025-05-01/\(file)"))
        let object = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        return Set((object["properties"] as? [String: Any] ?? [:]).keys)
    }

    static func properties(_ body: String?) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data((body ?? "{}").utf8)) as? [String: Any]
        return try #require(object?["properties"] as? [String: Any])
    }

    @Test("plan shows the rule and link creates, apply writes them, a second plan is empty, drift names the field")
    func planApplyReplan() async throws {
        try await ARMEmulatorInProcess.with(world: try Self.worldDocuments()) { emulator in
            let cli = InProcessCLI(armEndpoint: emulator.baseURL)
            let args = Self.forwarder(["--ruleset", Self.ruleset, "--target", "10.10.0.4"])
            let dry = await cli.run(args + ["--dry-run"])
            #expect(dry.status == 0, "\(dry)")
            #expect(
                dry.stdout.contains(
                    "create    create forwarding rule privatelink-a1b2c3d4e5f6-database-windows-net: \(Self.zone). to 10.10.0.4"
                ), "\(dry)")
            #expect(dry.stdout.contains("create ruleset vnet link app-vnet: vnet app-vnet follows ruleset hub-ruleset"))
            let read = try await emulator.requestLog()
            #expect(read.allSatisfy { !$0.isWrite }, "--dry-run writes nothing")

            let applied = await cli.run(args + ["--yes"])
            #expect(applied.status == 0, "\(applied)")
            #expect(applied.stdout.contains("Applied 2 of 2 change(s)."), "\(applied)")
            let writes = try await emulator.requestLog().filter(\.isWrite)
            #expect(writes.count == 2)
            #expect(writes.allSatisfy { $0.ifNoneMatch == "*" && $0.apiVersion == "2025-05-01" })
            let ruleWrite = try #require(writes.first { $0.path.lowercased() == Self.rule.lowercased() })
            let ruleProperties = try Self.properties(ruleWrite.body)
            #expect(Set(ruleProperties.keys).isSubset(of: try Self.exampleProperties("ForwardingRule_Put.json")))
            #expect(ruleProperties["domainName"] as? String == "\(Self.zone).")
            #expect(ruleProperties["forwardingRuleState"] as? String == "Enabled")
            let targets = try #require(ruleProperties["targetDnsServers"] as? [[String: Any]])
            #expect(targets.count == 1 && Set(targets[0].keys) == ["ipAddress", "port"])
            #expect(targets.first?["ipAddress"] as? String == "10.10.0.4" && targets.first?["port"] as? Int == 53)
            let linkWrite = try #require(writes.first { $0.path.contains("/virtualNetworkLinks/") })
            let linkProperties = try Self.properties(linkWrite.body)
            #expect(Set(linkProperties.keys).isSubset(of: try Self.exampleProperties("VirtualNetworkLink_Put.json")))
            #expect((linkProperties["virtualNetwork"] as? [String: Any])?["id"] as? String == Self.appVNet)

            let again = await cli.run(args + ["--dry-run", "-o", "json"])
            #expect(again.status == 0, "\(again)")
            let document = try #require(
                try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
            let changes = try #require((document["plan"] as? [String: Any])?["changes"] as? [[String: Any]])
            #expect(changes.count == 2)
            #expect(changes.allSatisfy { $0["action"] as? String == "unchanged" }, "\(again.stdout)")

            // Someone points the rule elsewhere: an update naming the field, applied with If-Match.
            let client = emulator.client()
            let ruleID = try ResourceID(parsing: Self.rule)
            var drifted = try await client.get(ForwardingRule.self, ruleID)
            drifted.properties?.targetDnsServers = [TargetDNSServer(ipAddress: "10.9.9.9")]
            let stored = try await client.put(ruleID, body: drifted)
            let drift = await cli.run(args + ["--yes"])
            #expect(drift.status == 0, "\(drift)")
            #expect(
                drift.stdout.contains(
                    "update forwarding rule privatelink-a1b2c3d4e5f6-database-windows-net: targetDnsServers 10.9.9.9 -> 10.10.0.4"
                ), "\(drift)")
            let update = try #require(try await emulator.requestLog().filter(\.isWrite).last)
            #expect(update.ifMatch == stored.etag && update.ifMatch != nil)
            let fixed = try await client.get(ForwardingRule.self, ruleID)
            #expect(fixed.properties?.targetDnsServers == [TargetDNSServer(ipAddress: "10.10.0.4")])
        }
    }

    @Test("--ruleset that is not a ruleset id, or no --target: one line, exit 64, nothing sent")
    func badInput() async throws {
        try await ARMEmulatorInProcess.with(world: try Self.worldDocuments()) { emulator in
            let cli = InProcessCLI(armEndpoint: emulator.baseURL)
            for args in [
                ["--ruleset", Self.appVNet, "--target", "10.10.0.4"],
                ["--ruleset", "hub-ruleset", "--target", "10.10.0.4"],
                ["--ruleset", Self.ruleset],
            ] {
                let run = await cli.run(Self.forwarder(args + ["--yes"]))
                #expect(run.status == 64, "\(args): \(run)")
                #expect(
                    run.stderr.split(separator: "\n").filter { $0.hasPrefix("pe-net: error: ") }.count == 1,
                    "\(args): \(run)")
                #expect(run.stderr.contains(args.count == 2 ? "--target" : "--ruleset"), "\(args): \(run)")
            }
            let sent = try await emulator.requestLog()
            #expect(sent.isEmpty, "nothing sent")
        }
    }
}
