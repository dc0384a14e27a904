import ARMNetwork
import ArgumentParser
import Foundation
import Resolver

/// `pe-net dns apply`: make the private DNS match the plan, exactly as `dns plan` prints it.
struct DNSApply: PeNetCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Create or correct the private DNS zone, vnet links and A record the endpoints need.",
        usage:
            "pe-net dns apply --instance <mi> --endpoint <pe> [<options>]\npe-net dns apply --scope <subscription…|all> [<options>]",
        discussion: """
            Runs the same discovery and plan as `dns plan`, prints it, asks for confirmation (--yes \
            skips it; without a terminal --yes is required; declining exits 2), then performs exactly \
            those changes with live progress on standard error: creates with If-None-Match: *, updates \
            with If-Match on the etag read for the plan, waits for each operation and for links to reach \
            Completed. A resource changed by someone else in between fails with 'run plan again'. \
            Records and links pe-net created and no longer wants are deleted only with --allow-deletes; \
            deleting more than 30% of those pe-net owns in the zones read also needs --force. \
            --plan-file executes a plan saved with `dns plan -o json` instead of planning again. \
            --verify-with <ip[:port]> then asks that DNS server for the name clients use and fails \
            (exit 3) unless it resolves to the endpoint IP. --scope applies the plans of every managed \
            instance in the subscriptions, found as `dns plan --scope` finds them: nothing is written while \
            an instance cannot be read or a finding blocks, one confirmation covers every instance, the \
            delete brake counts over the whole scope, and a zone or link two instances both need is \
            created once.
            """
    )

    static var hasTableOutput: Bool { true }

    @OptionGroup var target: PrivateDNSTargetOptions
    @OptionGroup var estate: PrivateDNSScopeOptions
    @OptionGroup var behaviour: PrivateDNSPlanOptions
    @OptionGroup var apply: ApplyOptions

    @Option(
        help: ArgumentHelp(
            "After applying, check resolution through this DNS server (ip, ip:port or [ipv6]:port).",
            valueName: "server"))
    var verifyWith: String?

    @Flag(help: "Let apply delete the records and links pe-net created and the plan no longer wants.")
    var allowDeletes = false

    @Flag(
        help: "With --allow-deletes: delete even when that is more than 30% of the records and links pe-net owns here."
    )
    var force = false

    @OptionGroup var azure: AzureOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        try estate.validate(target)
        if estate.isEstate, apply.planFile != nil || verifyWith != nil {
            throw ValidationError("--plan-file and --verify-with take one instance: drop them with --scope")
        }
        if let verifyWith {
            do { _ = try DNSServer(parsing: verifyWith) } catch { throw ValidationError("--verify-with: \(error)") }
        }
    }

    /// The JSON document `-o json` prints.
    struct Report: Encodable {
        var plan: PrivateDNSPlan
        var outcomes: [PrivateDNSOutcome]
        var verification: [ResolutionResult]?
    }

    func run(_ env: Environment) async throws {
        if estate.isEstate { return try await runScope(env) }
        let reporter = env.reporter
        let workflow = PrivateDNSWorkflow(client: try azure.client(env), clock: env.clock)
        let plan = try await plan(workflow, env: env)
        if !reporter.isJSON { try PrivateDNSReport.print(plan, strict: apply.strict, guidance: false, env: env) }
        let blocked = !plan.blockingFindings(strict: apply.strict).isEmpty
        if apply.previewOnly || blocked {
            if reporter.isJSON { try reporter.json(Report(plan: plan, outcomes: [])) }
            try PrivateDNSSession.stopIfDrifted(plan, expectNoChanges: apply.expectNoChanges)
            try PrivateDNSSession.stopIfBlocked(plan, strict: apply.strict)
            if apply.expectNoChanges && plan.hasChanges {
                throw PeNetError.checkFailed(
                    PrivateDNSReport.summary(plan), resource: plan.instance.id.path, code: "plan.has-changes")
            }
            return
        }
        if let refusal = PrivateDNSPlanner.deleteRefusal(
            plan.deletes, owned: plan.ownedCount, allowDeletes: allowDeletes, force: force)
        {
            throw PeNetError.usage(refusal, env: env)
        }
        var outcomes: [PrivateDNSOutcome] = []
        if plan.hasChanges {
            try env.confirm(
                "Apply \(plan.changes.filter(\.isWrite).count) change(s) to the private DNS of \(plan.instance.name)?",
                yes: apply.yes)
            outcomes = await workflow.apply(plan) { outcome in
                guard outcome.change.isWrite else { return }
                let detail = outcome.error.map { ": \($0)" } ?? ""
                reporter.progressDone(
                    "\(outcome.result.rawValue) \(outcome.change.action.rawValue) \(outcome.change.resource.kind) \(outcome.change.resource.displayName)\(detail)"
                )
            }
        }
        try await finish(plan, outcomes: outcomes, env: env)
    }

    /// Reports the outcomes, verifies resolution when asked, and sets the exit code.
    private func finish(_ plan: PrivateDNSPlan, outcomes: [PrivateDNSOutcome], env: Environment) async throws {
        let reporter = env.reporter
        let failed = outcomes.filter(\.failed)
        var verification: [ResolutionResult]?
        if failed.isEmpty, let verifyWith {
            let server = try DNSServer(parsing: verifyWith)
            verification = await ResolutionVerifier(resolver: env.dns(server, DNSQuerySettings())).verify(
                try PrivateDNSWorkflow.expectations(for: plan))
        }
        if reporter.isJSON {
            try reporter.json(Report(plan: plan, outcomes: outcomes, verification: verification))
        } else {
            var lines: [String] = []
            for outcome in outcomes where outcome.change.isWrite {
                let detail = outcome.error.map { ": \($0)" } ?? ""
                lines.append(
                    "\(outcome.result.rawValue.padding(7)) \(outcome.change.action.rawValue) \(outcome.change.resource.kind) \(outcome.change.resource.displayName)\(detail)"
                )
            }
            let written = outcomes.filter { $0.result == .done }.count
            lines.append(
                plan.hasChanges
                    ? "Applied \(written) of \(plan.changes.filter(\.isWrite).count) change(s)."
                    : PrivateDNSReport.summary(plan))
            for result in verification ?? [] { lines.append(DNSVerify.line(for: result)) }
            for item in plan.guidance {
                lines.append("")
                lines.append(item.text)
            }
            reporter.text(lines.joined(separator: "\n"))
        }
        if let first = failed.first {
            throw PeNetError.failure(
                "\(failed.count) private DNS change(s) failed; first: \(first.error ?? first.change.resource.id.path)",
                fix: env.commandLine(),
                resource: first.change.resource.id.path, code: "dns.apply-failed")
        }
        if let verification, !verification.allSatisfy(\.passed) {
            throw PeNetError.checkFailed(
                "the DNS server \(verifyWith ?? "") does not resolve every name to the endpoint IP (see above)",
                code: "dns.verify-failed")
        }
    }

    /// The plan to execute: the saved one (checked against --instance and --endpoint), or a new one.
    func plan(_ workflow: PrivateDNSWorkflow, env: Environment) async throws -> PrivateDNSPlan {
        let target = try target.resolve(azure: azure, adopt: behaviour.adopt, env: env)
        guard let planFile = apply.planFile else { return try await workflow.plan(target) }
        let plan: PrivateDNSPlan
        do {
            plan = try JSONDecoder().decode(PrivateDNSPlan.self, from: Data(contentsOf: URL(fileURLWithPath: planFile)))
        } catch {
            throw PeNetError.usage(
                "--plan-file \(planFile) is not a plan written by `pe-net dns plan -o json`: \(error)",
                resource: planFile)
        }
        guard PrivateDNSWorkflow.plan(plan, matches: target) else {
            throw PeNetError.usage(
                "--plan-file \(planFile) was made for instance \(plan.instance.name) and other endpoints; plan again for these",
                fix: env.commandLine(removing: ["--plan-file", planFile]), resource: planFile)
        }
        return plan
    }
}
