import ARMNetwork
import ArgumentParser
import Foundation

/// `pe-net dns plan`: what private DNS the instance's endpoints need, against what exists.
struct DNSPlan: PeNetCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show the private DNS zone, vnet links and A record the endpoints need, and what would change.",
        usage:
            "pe-net dns plan --instance <mi> --endpoint <pe> [<options>]\npe-net dns plan --scope <subscription…|all> [<options>]",
        discussion: """
            Reads the instance (FQDN, dnsZone, vnet), each endpoint (vnet, NIC IP, approval) and the \
            peerings of both vnets, decides the topology (same, peered or separate) and prints it with \
            the evidence. Separate vnets need zone privatelink.<dnsZone>.<suffix>; same or peered vnets \
            need any other name (--zone-name), and that one is refused. Prints create / update / \
            unchanged per resource, findings on what exists, and how clients connect. Changes nothing. \
            `-o json` prints the plan that `dns apply --plan-file` executes. --scope plans every \
            managed instance in the subscriptions (or all the token can see) with the endpoints of its \
            Approved connections, the zones by default where its first endpoint is: one section per \
            instance and a summary line (-o json: an array of plans), discovered with one paged Resource \
            Graph query instead of per-instance reads (--discovery arm: the per-instance way, also when \
            Resource Graph refuses the query, with a warning). Exits 0, 1 when a finding blocks apply or \
            an instance cannot be read, 3 with --expect-no-changes when there are changes, 64 on bad input.
            """
    )

    static var hasTableOutput: Bool { true }

    @OptionGroup var target: PrivateDNSTargetOptions
    @OptionGroup var estate: PrivateDNSScopeOptions
    @OptionGroup var behaviour: PrivateDNSPlanOptions
    @OptionGroup var check: PlanCheckOptions
    @OptionGroup var azure: AzureOptions
    @OptionGroup var output: OutputOptions

    func validate() throws { try estate.validate(target) }

    func run(_ env: Environment) async throws {
        if estate.isEstate {
            let items = try await PrivateDNSScopeRun.plans(
                estate, target: target, adopt: behaviour.adopt, client: try azure.client(env), env: env)
            try PrivateDNSScopeRun.print(items, strict: check.strict, env: env)
            return try PrivateDNSScopeRun.stop(items, strict: check.strict, expectNoChanges: check.expectNoChanges)
        }
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
