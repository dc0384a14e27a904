import ARMNetwork
import Foundation

extension DNSApply {
    /// `--scope`: plan every instance, refuse before the first write when one cannot be read or a
    /// finding blocks, check deletes over the whole scope, confirm once, then apply phase by
    /// phase (``PrivateDNSEstate/applyPhases(_:)``), several instances at once within a phase.
    func runScope(_ env: Environment) async throws {
        let reporter = env.reporter
        let client = try azure.client(env)
        let items = try await PrivateDNSScopeRun.plans(
            estate, target: target, adopt: behaviour.adopt, client: client, env: env)
        if !reporter.isJSON { try PrivateDNSScopeRun.print(items, strict: apply.strict, env: env) }
        let plans = items.compactMap(\.plan)
        let failed = items.contains { if case .failed = $0.outcome { true } else { false } }
        let blocked = failed || plans.contains { !$0.blockingFindings(strict: apply.strict).isEmpty }
        if apply.previewOnly || blocked {
            if reporter.isJSON { try reporter.json(plans.map { Report(plan: $0, outcomes: []) }) }
            return try PrivateDNSScopeRun.stop(items, strict: apply.strict, expectNoChanges: apply.expectNoChanges)
        }
        let deletes = plans.flatMap(\.deletes)
        let owned = plans.reduce(0) { $0 + $1.ownedCount }
        if let refusal = PrivateDNSPlanner.deleteRefusal(
            deletes, owned: owned, allowDeletes: allowDeletes, force: force)
        {
            throw PeNetError.usage(refusal, env: env)
        }

        let phases = PrivateDNSEstate.applyPhases(plans)
        let writes = phases.joined().reduce(0) { $0 + $1.changes.filter(\.isWrite).count }
        let changed = phases.joined().filter(\.hasChanges).count
        var outcomes: [ResourceID: [PrivateDNSOutcome]] = [:]
        if writes > 0 {
            try env.confirm(
                "Apply \(writes) change(s) to the private DNS of \(changed) instance(s)?", yes: apply.yes)
            let workflow = PrivateDNSWorkflow(client: client, clock: env.clock)
            for phase in phases {
                let results = await ConnectionExecutor.boundedMap(phase.filter(\.hasChanges), limit: 8) { plan in
                    let applied = await workflow.apply(plan) { outcome in
                        guard outcome.change.isWrite else { return }
                        let detail = outcome.error.map { ": \($0)" } ?? ""
                        reporter.progressDone(
                            "\(plan.instance.name): \(outcome.result.rawValue) \(outcome.change.action.rawValue) \(outcome.change.resource.kind) \(outcome.change.resource.displayName)\(detail)"
                        )
                    }
                    return (plan.instance.id, applied)
                }
                for (id, applied) in results { outcomes[id] = applied }
            }
        }
        try finishScope(phases.flatMap { $0 }, outcomes: outcomes, writes: writes, env: env)
    }

    /// Reports every instance's outcomes in instance order and sets the exit code.
    private func finishScope(
        _ applied: [PrivateDNSPlan], outcomes: [ResourceID: [PrivateDNSOutcome]], writes: Int, env: Environment
    ) throws {
        let plans = applied.sorted { $0.instance.id.normalized < $1.instance.id.normalized }
        let all = plans.flatMap { outcomes[$0.instance.id] ?? [] }
        let failed = all.filter(\.failed)
        if env.reporter.isJSON {
            try env.reporter.json(plans.map { Report(plan: $0, outcomes: outcomes[$0.instance.id] ?? []) })
        } else {
            var lines: [String] = []
            for plan in plans {
                for outcome in outcomes[plan.instance.id] ?? [] where outcome.change.isWrite {
                    let detail = outcome.error.map { ": \($0)" } ?? ""
                    lines.append(
                        "\(plan.instance.name): \(outcome.result.rawValue.padding(7)) \(outcome.change.action.rawValue) \(outcome.change.resource.kind) \(outcome.change.resource.displayName)\(detail)"
                    )
                }
            }
            let done = all.filter { $0.result == .done }.count
            lines.append(
                writes > 0
                    ? "Applied \(done) of \(writes) change(s) on \(outcomes.count) instance(s)."
                    : "No changes: the private DNS of \(plans.count) instance(s) matches the plan.")
            env.reporter.text(lines.joined(separator: "\n"))
        }
        if let first = failed.first {
            throw PeNetError.failure(
                "\(failed.count) private DNS change(s) failed; first: \(first.error ?? first.change.resource.id.path)",
                fix: env.commandLine(), resource: first.change.resource.id.path, code: "dns.apply-failed")
        }
    }
}
