import ARMNetwork
import ArgumentParser
import Foundation

/// The shared path of approve, reject and delete: plan through the library workflow, print the
/// plan, confirm, apply exactly that plan with live progress, report.
struct EndpointsRun {
    let workflow: EndpointsWorkflow
    let env: Environment

    init(target: InstanceOptions, azure: AzureOptions, env: Environment) throws {
        let instance = try target.resolve(azure, env: env)
        self.workflow = EndpointsWorkflow(client: try azure.client(env), instance: instance)
        self.env = env
    }

    var instance: ResourceID { workflow.instance }

    /// Reads and plans, or loads `--plan-file` and checks that every connection it names is
    /// still as it was when planned.
    func plan(
        _ decision: ConnectionDecision, selection: ConnectionSelection, apply: ApplyOptions
    ) async throws -> EndpointsWorkflow.Plan {
        guard let planFile = apply.planFile else {
            do {
                return try await workflow.plan(decision, selection: selection)
            } catch {
                throw Self.error(error, instance: instance)
            }
        }
        let saved = try loadPlan(planFile, decision: decision)
        let names = saved.plan.changes.map(\.connection.name)
        let current: EndpointsWorkflow.Plan
        do {
            current = try await workflow.plan(decision, selection: ConnectionSelection(.names(names)))
        } catch .selection(let error) {
            throw stale(planFile, "connection(s) \(error.unmatched.joined(separator: ", ")) no longer exist")
        } catch {
            throw Self.error(error, instance: instance)
        }
        let now = Dictionary(
            current.plan.changes.map { ($0.connection.name, $0.connection.status) }, uniquingKeysWith: { a, _ in a })
        for change in saved.plan.changes where now[change.connection.name] != change.connection.status {
            let status = now[change.connection.name].map { "\($0)" } ?? "gone"
            throw stale(
                planFile,
                "connection \(change.connection.name) was \(change.connection.status) when planned and is \(status) now"
            )
        }
        return EndpointsWorkflow.Plan(instance: instance, plan: saved.plan, blocker: current.blocker)
    }

    private func stale(_ planFile: String, _ why: String) -> PeNetError {
        PeNetError.failure(
            "--plan-file \(planFile) is stale: \(why); nothing was changed",
            fix: env.commandLine(removing: ["--plan-file", planFile]), resource: instance.description,
            code: "plan.stale")
    }

    private func loadPlan(_ path: String, decision: ConnectionDecision) throws -> EndpointsWorkflow.Plan {
        let report: ConnectionRunReport
        do {
            let url = URL(fileURLWithPath: path)
            report = try JSONDecoder().decode(ConnectionRunReport.self, from: Data(contentsOf: url))
        } catch {
            throw PeNetError.usage(
                "--plan-file \(path) is not a plan written by `pe-net endpoints \(decision.rawValue) --dry-run -o json`: \(error)",
                resource: path)
        }
        guard report.decision == decision, report.instance == instance.name,
            report.instanceID.map({ $0 == instance }) ?? true
        else {
            throw PeNetError.usage(
                "--plan-file \(path) was made for `\(report.decision.rawValue)` on instance \(report.instance), not `\(decision.rawValue)` on \(instance.name); plan again",
                resource: path)
        }
        return EndpointsWorkflow.Plan(
            instance: instance, plan: ConnectionPlan(decision: decision, changes: report.plan), blocker: nil)
    }

    /// Prints the plan, confirms (when `confirm`), applies and reports.
    func execute(
        _ plan: EndpointsWorkflow.Plan, description: String, bulk: BulkOptions, apply: ApplyOptions,
        confirm: Bool
    ) async throws {
        let reporter = env.reporter
        let connectionPlan = plan.plan
        func report(_ results: [ConnectionOutcome], dryRun: Bool) -> ConnectionRunReport {
            var report = ConnectionRunReport(
                instance: instance.name, plan: connectionPlan, dryRun: dryRun, wait: !bulk.noWait, results: results)
            report.instanceID = instance
            return report
        }
        if connectionPlan.changes.isEmpty {
            // Only --all-pending can select nothing without an error.
            if reporter.isJSON {
                try reporter.json(report([], dryRun: apply.dryRun))
            } else {
                reporter.text("no Pending connections on instance \(instance.name); nothing to do")
            }
            return
        }
        let preview = report(await workflow.preview(plan), dryRun: true)
        let strictBlock = apply.strict && !connectionPlan.refusals.isEmpty
        if apply.previewOnly || strictBlock {
            if reporter.isJSON {
                try reporter.json(preview)
            } else {
                reporter.raw(ConnectionReport.planText(preview))
                reporter.raw(ConnectionReport.resultText(preview))
            }
            if strictBlock {
                throw PeNetError.failure(
                    "--strict: \(connectionPlan.refusals.count) selected connection(s) cannot be changed (see the plan); nothing was changed",
                    code: "plan.blocked")
            }
            if apply.expectNoChanges, !connectionPlan.writes.isEmpty {
                throw PeNetError.checkFailed(
                    "\(connectionPlan.writes.count) connection(s) would change on instance \(instance.name)",
                    resource: instance.description, code: "plan.has-changes")
            }
            if let blocker = plan.blocker { reporter.note("a real run would fail now: " + blocker) }
            return
        }
        if !reporter.isJSON {
            var shown = preview
            shown.dryRun = false
            reporter.raw(ConnectionReport.planText(shown))
        }
        if let blocker = plan.blocker {
            throw PeNetError.failure(
                "nothing was changed: " + blocker, resource: instance.description, code: "instance.stopped")
        }
        if !connectionPlan.writes.isEmpty, confirm {
            try env.confirm(
                "\(connectionPlan.decision.rawValue) \(connectionPlan.writes.count) connection(s) on instance \(instance.name)?",
                yes: apply.yes)
        }
        let outcomes = await workflow.apply(
            plan, description: description, wait: !bulk.noWait, maxParallel: bulk.maxParallel
        ) { outcome in
            guard outcome.action.writes || outcome.result == .failed else { return }
            reporter.progressDone("\(outcome.result.rawValue) \(outcome.connection): \(outcome.message)")
        }
        let result = report(outcomes, dryRun: false)
        if reporter.isJSON {
            try reporter.json(result)
        } else {
            reporter.raw(ConnectionReport.resultText(result))
        }
        if result.failed > 0 {
            throw PeNetError.failure(
                "\(result.failed) of \(result.results.count) selected connection(s) failed; see above",
                resource: instance.description, code: "endpoints.failed")
        }
    }

    /// The workflow's errors in pe-net's shape: a selection that matches nothing is bad input.
    static func error(_ error: EndpointsError, instance: ResourceID) -> PeNetError {
        switch error {
        case .read(let message):
            return .failure(message, resource: instance.description, code: "endpoints.read")
        case .selection(let selection):
            return .usage(
                selection.description,
                fix:
                    "pe-net endpoints list \(ManagedInstanceConnections.isPrivateLinkService(instance) ? "--service" : "--instance") \(shellQuoted(instance.description))",
                resource: instance.description, code: "input.no-such-connection")
        }
    }
}
