import ARMNetwork
import ArgumentParser
import Foundation
import MILink

/// `pe-net apply -f <file>`: make Azure match the desired-state file, exactly as `plan -f` prints it.
struct DesiredStateApply: PeNetCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Create or correct in Azure what the desired-state file (pe-net.yaml) describes.",
        discussion: """
            Runs the same reads and plan as `plan -f`, prints it, asks for confirmation (--yes skips it; \
            without a terminal --yes is required; declining exits 2), then performs exactly those \
            changes with live progress on standard error, a bounded number of instances at once: \
            approvals and private DNS, deletes, the links' trust certificates and distributed \
            availability groups, then the Data Factory paths (creates with If-None-Match: *, updates \
            and deletes with If-Match on the etag read for the plan, the instance connection-type PATCH \
            waited for, the Data Factory connection approved once it appears). The first failure stops \
            the rest. --target narrows it to instances or paths. Deleting records and links pe-net \
            created and the file no longer wants needs --allow-deletes, and more than 30% of those \
            pe-net owns in the zones read also --force (exit 64 otherwise, nothing changed). \
            --plan-file executes a plan saved with `plan -f <file> -o json` (refused when Azure changed \
            since). A blocking finding changes nothing (exit 1); a bad file exits 64. Ends with the host \
            each client connects to and the links' next steps.
            """
    )

    @OptionGroup var source: DesiredStateFileOptions
    @OptionGroup var apply: ApplyOptions

    @Flag(help: "Let apply delete the DNS records and links pe-net created and the file no longer wants.")
    var allowDeletes = false

    @Flag(
        help:
            "With --allow-deletes: delete even when that is more than 30% of the records and links pe-net owns in the zones read."
    )
    var force = false

    @OptionGroup var azure: AzureOptions
    @OptionGroup var output: OutputOptions

    func run(_ env: Environment) async throws {
        let reporter = env.reporter
        let file = try source.load()
        let run = try DesiredStateRun(file: source, azure: azure, env: env)
        let fresh = try await run.plan(file, scanDeletes: source.targets.isEmpty)
        var parts = fresh
        if let planFile = apply.planFile { parts.paths = try saved(planFile, current: fresh, env: env) }
        if !reporter.isJSON { reporter.text(DesiredStateText.plan(parts)) }
        let blocked =
            !parts.paths.blockingFindings(strict: apply.strict).isEmpty || parts.estate.isBlocked(strict: apply.strict)
            || parts.links.blocked != nil
        if apply.previewOnly || blocked || !parts.hasChanges {
            if reporter.isJSON {
                try reporter.json(
                    DesiredStateReport(
                        file: source.file, dryRun: true, instances: parts.estate, instanceOutcomes: nil,
                        deletes: parts.deletes,
                        links: parts.links, plan: parts.paths, outcomes: []))
            }
            try DesiredStateRun.stopIfBlocked(parts, strict: apply.strict)
            if apply.expectNoChanges && parts.hasChanges {
                throw PeNetError.checkFailed(parts.summary, resource: source.file, code: "plan.has-changes")
            }
            return
        }
        if let refusal = PrivateDNSPlanner.deleteRefusal(
            parts.allDeletes, owned: parts.ownedCount, allowDeletes: allowDeletes, force: force, unwantedBy: "the file")
        {
            throw PeNetError.usage(refusal, env: env)
        }
        try env.confirm("Apply \(parts.changeCount) change(s) from \(source.file)?", yes: apply.yes)
        let instanceOutcomes = await run.estate.apply(
            parts.estate, strict: apply.strict,
            onConnection: { instance, outcome in
                reporter.progressDone("\(outcome.result.rawValue) \(outcome.connection) on \(instance.name)")
            },
            onDNS: { _, step in
                reporter.progressDone("\(step.result.rawValue) \(step.change.message)")
            })
        if let failed = EstateText.failed(instanceOutcomes) {
            if reporter.isJSON {
                try reporter.json(
                    DesiredStateReport(
                        file: source.file, dryRun: false, instances: parts.estate, instanceOutcomes: instanceOutcomes,
                        deletes: parts.deletes,
                        links: parts.links, plan: parts.paths, outcomes: []))
            } else {
                reporter.text(EstateText.outcomes(instanceOutcomes).joined(separator: "\n"))
            }
            throw PeNetError.failure(
                "\(failed); the links and Data Factory paths were not applied",
                fix: "pe-net plan -f \(shellQuoted(source.file))", resource: source.file, code: "apply.failed")
        }
        let deleteOutcomes = await run.estate.apply(parts.deletes) { step in
            reporter.progressDone("\(step.result.rawValue) \(step.change.message)")
        }
        if let failed = deleteOutcomes.first(where: { $0.result == .failed }) {
            throw PeNetError.failure(
                "\(failed.change.message) failed: \(failed.error ?? "unknown error"); the links and Data Factory paths were not applied",
                fix: "pe-net plan -f \(shellQuoted(source.file))", resource: failed.change.resource.id.path,
                code: "apply.failed")
        }
        let linkOutcomes = await run.links.apply(parts.links, specs: file.links) { outcome in
            reporter.progressDone(EstateText.linkOutcome(outcome))
        }
        if let failed = linkOutcomes.first(where: { $0.result == "failed" }) {
            if reporter.isJSON {
                try reporter.json(
                    DesiredStateReport(
                        file: source.file, dryRun: false, instances: parts.estate, instanceOutcomes: instanceOutcomes,
                        deletes: parts.deletes, deleteOutcomes: deleteOutcomes,
                        links: parts.links, linkOutcomes: linkOutcomes, plan: parts.paths, outcomes: []))
            } else {
                reporter.text(
                    (EstateText.outcomes(instanceOutcomes)
                        + deleteOutcomes.map { "\($0.result.rawValue) \($0.change.message)" }
                        + linkOutcomes.map(EstateText.linkOutcome))
                        .joined(separator: "\n"))
            }
            throw PeNetError.failure(
                "\(failed.change.message) failed: \(failed.error ?? "unknown error"); the Data Factory paths were not applied",
                fix: "pe-net plan -f \(shellQuoted(source.file))", resource: failed.change.resource.path,
                code: "apply.failed")
        }
        let plan = parts.paths
        let outcomes = await run.workflow.apply(plan, strict: apply.strict) { outcome in
            reporter.progressDone(DataFactoryPathText.outcome(outcome))
        }
        if reporter.isJSON {
            try reporter.json(
                DesiredStateReport(
                    file: source.file, dryRun: false, instances: parts.estate, instanceOutcomes: instanceOutcomes,
                    deletes: parts.deletes, deleteOutcomes: deleteOutcomes,
                    links: parts.links, linkOutcomes: linkOutcomes, plan: plan, outcomes: outcomes))
        } else {
            let done =
                outcomes.filter { $0.result == .done }.count
                + instanceOutcomes.reduce(0) {
                    $0 + $1.connections.filter { $0.result == .succeeded || $0.result == .accepted }.count
                        + $1.dns.filter { $0.result == .done }.count
                } + deleteOutcomes.filter { $0.result == .done }.count
                + linkOutcomes.filter { $0.result == "done" }.count
            reporter.text(
                (EstateText.outcomes(instanceOutcomes)
                    + deleteOutcomes.map { "\($0.result.rawValue) \($0.change.message)" }
                    + linkOutcomes.map(EstateText.linkOutcome)
                    + outcomes.map(DataFactoryPathText.outcome) + ["Applied \(done) of \(parts.changeCount) change(s)."]
                    + DesiredStateText.connections(parts))
                    .joined(separator: "\n"))
        }
        if let failed = outcomes.first(where: { $0.result == .failed }) {
            throw PeNetError.failure(
                "\(failed.change.message) failed: \(failed.error ?? "unknown error"); the changes after it were not sent",
                fix: "pe-net plan -f \(shellQuoted(source.file))", resource: failed.change.resource.path,
                code: "apply.failed")
        }
    }

    /// The saved plan, refused when a fresh plan of the same file would write something else:
    /// the Data Factory paths' changes with their etags, the deletes with theirs, the links' calls.
    private func saved(_ path: String, current parts: DesiredStatePlanParts, env: Environment) throws
        -> DataFactoryPathPlan
    {
        let current = parts.paths
        let report: DesiredStateReport
        do {
            report = try JSONDecoder().decode(
                DesiredStateReport.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw PeNetError.usage(
                "--plan-file \(path) is not a plan written by `pe-net plan -f <file> -o json`: \(error)", resource: path
            )
        }
        let key = { (change: DataFactoryPathChange) in
            "\(change.kind.rawValue) \(change.action.rawValue) \(change.resource.normalized) \(change.etag ?? "")"
        }
        let deleteKey = { (change: PrivateDNSChange) in "\(change.resource.id.normalized) \(change.etag ?? "")" }
        let linkKey = { (link: LinkEstatePlan.Link) in
            link.writes.map { "\($0.kind) \($0.resource.normalized)" }.joined(separator: ",")
        }
        let deletesMatch =
            report.deletes.map { $0.changes.map(deleteKey) == parts.deletes.changes.map(deleteKey) }
            ?? parts.deletes.changes.isEmpty
        let linksMatch =
            report.links.map { $0.links.map(linkKey) == parts.links.links.map(linkKey) } ?? !parts.links.hasChanges
        guard report.plan.changes.map(key) == current.changes.map(key), deletesMatch, linksMatch else {
            throw PeNetError.failure(
                "--plan-file \(path) is stale: Azure changed since it was planned; nothing was changed",
                fix: env.commandLine(removing: ["--plan-file", path]), resource: path, code: "plan.stale")
        }
        return report.plan
    }
}
