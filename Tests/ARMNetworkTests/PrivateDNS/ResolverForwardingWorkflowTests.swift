import ARMNetwork
import Foundation
import PeNetTestSupport
import Testing

/// The forwarding ruleset workflow against the emulator: a disabled rule for the zone (under
/// another name) is updated in place, naming the field; a link name taken by another vnet gets a
/// suffix; a missing ruleset is an error before anything is written.
@Suite("DNS Private Resolver forwarding workflow", .tags(.emulator))
struct ResolverForwardingWorkflowTests {
    static let ruleset =
        "/subscriptions/abdd4249-9f34-4cc6-8e42-c2e32110603e/resourceGroups/sampleResourceGroup/providers/Microsoft.Network/dnsForwardingRulesets/sampleDnsForwardingRuleset"
    static let vnet = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/app-vnet"
    static let otherVNet = "/subscriptions/s1/resourceGroups/other/providers/Microsoft.Network/virtualNetworks/app-vnet"

    @Test("A disabled rule for the zone is an update naming forwardingRuleState; a taken link name gets a suffix")
    func updateInPlace() async throws {
        let world = try [
            ARMExamples.file("Microsoft.Network/2025-05-01/DnsForwardingRuleset_Put.json"),
            Data(
                #"{"id":"\#(Self.ruleset)/forwardingRules/legacy","type":"Microsoft.Network/dnsForwardingRulesets/forwardingRules","etag":"11111111-1111-1111-1111-111111111111","properties":{"domainName":"privatelink.abc.database.windows.net.","forwardingRuleState":"Disabled","targetDnsServers":[{"ipAddress":"10.0.0.4","port":53}],"metadata":{"owner":"dns-team"}}}"#
                    .utf8),
            Data(
                #"{"id":"\#(Self.ruleset)/virtualNetworkLinks/app-vnet","type":"Microsoft.Network/dnsForwardingRulesets/virtualNetworkLinks","properties":{"virtualNetwork":{"id":"\#(Self.otherVNet)"}}}"#
                    .utf8),
        ]
        try await ARMEmulatorInProcess.with(world: world) { emulator in
            let workflow = ResolverForwardingWorkflow(client: emulator.client())
            let target = ResolverForwardingTarget(
                ruleset: try ResourceID(parsing: Self.ruleset), zones: ["privatelink.abc.database.windows.net"],
                targets: [TargetDNSServer(ipAddress: "10.0.0.4")], vnets: [try ResourceID(parsing: Self.vnet)])
            let plan = try await workflow.plan(target)
            #expect(
                plan.changes.map(\.message) == [
                    "update forwarding rule legacy: forwardingRuleState Disabled -> Enabled",
                    "create ruleset vnet link app-vnet-2: vnet app-vnet follows ruleset sampleDnsForwardingRuleset",
                ])
            #expect(plan.changes.first?.etag == "11111111-1111-1111-1111-111111111111")
            let outcomes = await workflow.apply(plan)
            #expect(outcomes.allSatisfy { !$0.failed }, "\(outcomes)")
            let rule = try await emulator.client().get(
                ForwardingRule.self, try ResourceID(parsing: "\(Self.ruleset)/forwardingRules/legacy"))
            #expect(rule.properties?.forwardingRuleState == .enabled)
            #expect(rule.properties?.metadata == ["owner": "dns-team"], "metadata kept")
            #expect(try await workflow.plan(target).hasChanges == false)
        }
    }

    @Test("A missing ruleset is an error and nothing is written")
    func missingRuleset() async throws {
        try await ARMEmulatorInProcess.with(world: []) { emulator in
            let workflow = ResolverForwardingWorkflow(client: emulator.client())
            let target = ResolverForwardingTarget(
                ruleset: try ResourceID(parsing: Self.ruleset), zones: ["privatelink.abc.database.windows.net"],
                targets: [TargetDNSServer(ipAddress: "10.0.0.4")], vnets: [])
            await #expect(throws: (any Error).self) { try await workflow.plan(target) }
            let log = try await emulator.requestLog()
            #expect(!log.isEmpty && log.allSatisfy { !$0.isWrite })
        }
    }
}
