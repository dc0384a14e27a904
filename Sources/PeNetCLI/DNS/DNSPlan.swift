import ARMNetwork
import ArgumentParser
import Foundation

/// `pe-net dns plan`: what private DNS the instance's endpoints need, against what exists.
struct DNSPlan: PeNetCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show the private DNS zone, vnet links and A record the endpoints need, and what would change.",
        discussion: """
            Reads the instance (FQDN, dnsZone, vnet), each endpoint (vnet, NIC IP, approval) and the \
            peerings of both vnets, decides the topology (same, peered or separate) and prints it with \
            the evidence. Separate vnets need zone privatelink.<dnsZone>.<suffix>; same or peered vnets \
            need any other name (--zone-name), and that one is refused. Prints create / update / \
            unchanged per resource, findings on what exists, and how clients connect. Changes nothing. \
            `-o json` prints the plan that `dns apply --plan-file` executes. Exits 0, 1 when a finding \
            blocks apply, 3 with --expect-no-changes when there are changes, 64 on bad input.
            """
    )

    static var hasTableOutput: Bool { true }

    @OptionGroup var target: PrivateDNSTargetOptions
    @OptionGroup var behaviour: PrivateDNSPlanOptions
    @OptionGroup var check: PlanCheckOptions
    @OptionGroup var azure: AzureOptions
    @OptionGroup var output: OutputOptions

    func run(_ env: Environment) async throws {
        let workflow = PrivateDNSWorkflow(client: try azure.client(env), clock: env.clock)
        let plan = try await workflow.plan(target.resolve(azure: azure, adopt: behaviour.adopt, env: env))
        try PrivateDNSReport.print(plan, strict: check.strict, guidance: true, env: env)
        try PrivateDNSSession.stopIfDrifted(plan, expectNoChanges: check.expectNoChanges)
        try PrivateDNSSession.stopIfBlocked(plan, strict: check.strict)
        if check.expectNoChanges && plan.hasChanges {
            throw PeNetError.checkFailed(
                PrivateDNSReport.summary(plan), resource: plan.instance.id.path, code: "plan.has-changes")
        }
    }
}
