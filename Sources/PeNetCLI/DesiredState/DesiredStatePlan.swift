import ARMNetwork
import ArgumentParser
import Foundation

/// `pe-net plan -f <file>`: what the desired-state file needs in Azure, against what exists.
struct DesiredStatePlan: PeNetCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what the desired-state file (pe-net.yaml) needs in Azure and what would change.",
        discussion: """
            For each instance: the pending private endpoint connections its approval policy approves \
            or rejects, those it leaves pending (with who asked), and its private DNS (zones, links, \
            A records). For each Data Factory path: the instances' connection type (Proxy), the three subnets and \
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
        let file = try source.load()
        let run = try DesiredStateRun(file: source, azure: azure, env: env)
        let parts = try await run.plan(file)
        if env.reporter.isJSON {
            try env.reporter.json(
                DesiredStateReport(
                    file: source.file, dryRun: true, instances: parts.estate, instanceOutcomes: nil, plan: parts.paths,
                    outcomes: []))
        } else {
            env.reporter.text(DesiredStateText.plan(parts))
        }
        try DesiredStateRun.stopIfBlocked(parts, strict: check.strict)
        if check.expectNoChanges && parts.hasChanges {
            throw PeNetError.checkFailed(parts.summary, resource: source.file, code: "plan.has-changes")
        }
    }
}

/// The whole plan as text: instances, then Data Factory paths, then one summary line.
enum DesiredStateText {
    static func plan(_ parts: DesiredStatePlanParts) -> String {
        var lines = EstateText.plan(parts.estate)
        if !parts.paths.paths.isEmpty {
            var pathLines = DataFactoryPathText.plan(parts.paths).components(separatedBy: "\n")
            pathLines.removeLast()
            lines += pathLines
        }
        lines.append(parts.summary)
        return lines.joined(separator: "\n")
    }
}
