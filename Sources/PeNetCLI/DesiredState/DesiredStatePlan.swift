import ARMNetwork
import ArgumentParser
import Foundation

/// `pe-net plan -f <file>`: what the desired-state file needs in Azure, against what exists.
struct DesiredStatePlan: PeNetCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what the desired-state file (pe-net.yaml) needs in Azure and what would change.",
        discussion: """
            For each Data Factory path: the instances' connection type (Proxy), the three subnets and \
            the Private Link Service subnet's policy, the Standard internal load balancer (frontend, \
            pool, one rule and probe per instance), the forwarders in its pool, the Private Link \
            Service, the Data Factory managed private endpoint and its approval; each as create or \
            update with the fields that differ, then findings and the host each ADF linked service \
            uses. Changes nothing. `-o json` prints the plan that `apply --plan-file` executes. Exits 0, \
            1 when a finding blocks apply, 3 with --expect-no-changes when there are changes, 64 on a \
            bad file (one line: file:line:column: message).
            """
    )

    @OptionGroup var source: DesiredStateFileOptions
    @OptionGroup var check: PlanCheckOptions
    @OptionGroup var azure: AzureOptions
    @OptionGroup var output: OutputOptions

    func run(_ env: Environment) async throws {
        let specs = try source.load()
        let run = try DesiredStateRun(file: source, azure: azure, env: env)
        let plan = try await run.plan(specs)
        if env.reporter.isJSON {
            try env.reporter.json(DesiredStateReport(file: source.file, dryRun: true, plan: plan, outcomes: []))
        } else {
            env.reporter.text(DataFactoryPathText.plan(plan))
        }
        try DesiredStateRun.stopIfBlocked(plan, strict: check.strict)
        if check.expectNoChanges && plan.hasChanges {
            throw PeNetError.checkFailed(
                DataFactoryPathText.summary(plan), resource: source.file, code: "plan.has-changes")
        }
    }
}
