import ARMNetwork
import Foundation
import PeNetTestSupport
import Testing

/// The estate workflow on examples/worlds/estate.json: two instances (separate and peered
/// topologies), a pending connection from a partner subscription the policy approves, and one it
/// leaves pending.
@Suite("Estate workflow against the ARM emulator", .tags(.emulator))
struct EstateWorkflowTests {
    static let miSub = "00000000-1111-2222-3333-444444444444"
    static let appSub = "55555555-6666-7777-8888-999999999999"
    static let partnerSub = "77777777-8888-9999-aaaa-bbbbbbbbbbbb"
    static let world = TestPaths.packageRoot.appendingPathComponent("examples/worlds/estate.json")

    static func instance(_ group: String, _ name: String) throws -> ResourceID {
        try ResourceID(
            subscription: miSub, resourceGroup: group, namespace: "Microsoft.Sql", type: "managedInstances", name: name)
    }

    static let salesEndpoint =
        "/subscriptions/55555555-6666-7777-8888-999999999999/resourceGroups/app-rg/providers/Microsoft.Network/privateEndpoints/pe-sales-mi"

    /// `servedByDefault`: sales-mi's DNS serves every approved endpoint (its own and the partner's,
    /// in two separate vnets: one zone cannot serve both); otherwise only its own.
    static func specs(servedByDefault: Bool = false) throws -> [InstanceSpec] {
        [
            InstanceSpec(
                instance: try instance("mi-rg", "sales-mi"),
                approval: ApprovalPolicy(subscriptions: [partnerSub]),
                dns: .init(
                    endpoints: servedByDefault ? nil : [try ResourceID(parsing: salesEndpoint)],
                    options: PrivateDNSOptions(placement: .init(subscription: appSub, resourceGroup: "app-rg")))),
            InstanceSpec(
                instance: try instance("hr-rg", "hr-mi"),
                dns: .init(
                    options: PrivateDNSOptions(placement: .init(subscription: appSub, resourceGroup: "hr-app-rg")))),
        ]
    }

    @Test("plan → apply → plan: approvals, pending report, DNS for every served endpoint, then no changes")
    func planApplyPlan() async throws {
        try await ARMEmulatorInProcess.with(worldFile: Self.world) { emulator in
            let workflow = EstateWorkflow(client: emulator.client())
            let plan = await workflow.plan(try Self.specs(), maxConcurrent: 2)
            #expect(plan.instances.map(\.instance.name) == ["sales-mi", "hr-mi"])
            #expect(!plan.isBlocked, "\(plan.instances.compactMap(\.error))")
            let sales = plan.instances[0]
            #expect(sales.connectionWrites.map(\.action) == [.approve])
            #expect(sales.connectionWrites.map { $0.connection.privateEndpointName } == ["pe-partner"])
            #expect(sales.pending.map(\.privateEndpointName) == ["pe-unknown"])
            #expect(sales.dns?.placements.map(\.endpoint.id.name) == ["pe-sales-mi"])
            #expect(plan.instances[1].connectionWrites.isEmpty)
            #expect(plan.instances[1].dns?.hasChanges == true)

            try await emulator.clearRequestLog()
            let outcomes = await workflow.apply(plan, maxConcurrent: 2)
            #expect(outcomes.allSatisfy { $0.skipped == nil }, "\(outcomes)")
            #expect(outcomes[0].connections.map(\.result) == [.succeeded])
            #expect(outcomes.flatMap(\.dns).allSatisfy { $0.error == nil }, "\(outcomes)")
            let writes = try await emulator.requestLog().filter(\.isWrite)
            #expect(
                writes.count
                    == plan.instances.reduce(0) {
                        $0 + $1.connectionWrites.count + ($1.dns?.changes.filter(\.isWrite).count ?? 0)
                    })

            try await emulator.clearRequestLog()
            let again = await workflow.plan(try Self.specs())
            #expect(
                !again.hasChanges, "\(again.instances.map { ($0.connectionWrites, $0.dns?.changes.filter(\.isWrite)) })"
            )
            #expect(again.instances[0].pending.map(\.privateEndpointName) == ["pe-unknown"])
            #expect(try await emulator.requestLog().filter { $0.isWrite }.isEmpty)
        }
    }

    @Test("by default DNS serves the endpoints approved by the same plan; a DNS error blocks only that instance")
    func defaultEndpointsAndBlockedPart() async throws {
        try await ARMEmulatorInProcess.with(worldFile: Self.world) { emulator in
            let workflow = EstateWorkflow(client: emulator.client())
            let plan = await workflow.plan(try Self.specs(servedByDefault: true))
            let sales = plan.instances[0]
            #expect(Set(sales.dns?.placements.map(\.endpoint.id.name) ?? []) == ["pe-sales-mi", "pe-partner"])
            // Two separate vnets cannot share one zone's answer: an error, so the part is blocked.
            #expect(sales.isBlocked)
            #expect(!plan.instances[1].isBlocked)
            try await emulator.clearRequestLog()
            let outcomes = await workflow.apply(plan)
            #expect(outcomes[0].skipped != nil)
            #expect(outcomes[0].connections.isEmpty)
            #expect(outcomes[1].skipped == nil)
            let writes = try await emulator.requestLog().filter { $0.method != "GET" && $0.path.contains("sales-mi") }
            #expect(writes.isEmpty, "\(writes.map(\.path))")
        }
    }

    @Test("rejection wins over approval; an unreadable instance is an error in its part only")
    func rejectAndUnreadable() async throws {
        try await ARMEmulatorInProcess.with(worldFile: Self.world) { emulator in
            var specs = try Self.specs()
            specs[0].approval.reject = ["pe-partner"]
            specs.append(InstanceSpec(instance: try Self.instance("mi-rg", "missing-mi")))
            let plan = await EstateWorkflow(client: emulator.client()).plan(specs)
            #expect(plan.instances[0].connectionWrites.map(\.action) == [.reject])
            #expect(plan.instances[2].error != nil)
            #expect(plan.instances[1].error == nil)
            #expect(plan.isBlocked)
            let outcomes = await EstateWorkflow(client: emulator.client()).apply(plan)
            #expect(outcomes[2].skipped != nil)
        }
    }

    @Test(
        "the policy's verdicts",
        arguments: [
            (ApprovalPolicy(subscriptions: ["77777777-8888-9999-AAAA-bbbbbbbbbbbb"]), ApprovalPolicy.Verdict.approve),
            (ApprovalPolicy(resourceGroups: [.init(subscription: partnerSub, name: "PARTNER-rg")]), .approve),
            (ApprovalPolicy(resourceGroups: [.init(subscription: appSub, name: "partner-rg")]), .leave),
            (ApprovalPolicy(requestMessages: ["^CHG-[0-9]+ "]), .approve),
            (ApprovalPolicy(requestMessages: ["^INC-"]), .leave),
            (ApprovalPolicy(subscriptions: [partnerSub], reject: ["pe-partner"]), .reject),
            (ApprovalPolicy(reject: ["pe-partner.1f2e3d4c"]), .reject),
            (ApprovalPolicy(), .leave),
        ])
    func verdicts(_ policy: ApprovalPolicy, _ expected: ApprovalPolicy.Verdict) throws {
        let endpoint = try ResourceID(
            subscription: Self.partnerSub, resourceGroup: "partner-rg", namespace: "Microsoft.Network",
            type: "privateEndpoints", name: "pe-partner")
        let connection = ConnectionSnapshot(
            name: "pe-partner.1f2e3d4c",
            id: try Self.instance("mi-rg", "sales-mi").child("privateEndpointConnections", "pe-partner.1f2e3d4c"),
            privateEndpointID: endpoint, status: .pending, description: "CHG-2041 reporting team")
        #expect(policy.verdict(for: connection) == expected)
    }

    @Test func invalidPatternIsRefused() {
        #expect(throws: ApprovalPolicy.InvalidPattern.self) {
            try ApprovalPolicy(requestMessages: ["(unclosed"]).validate()
        }
    }
}
