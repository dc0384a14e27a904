import IPFwd
import Resolver

/// What plan, apply, remove, reconcile and install print with `-o json`. `plan` is the saved
/// plan `--plan-file` executes.
struct FwdPlanDocument: Codable {
    var plan: FwdPlan
    /// True when the steps were executed.
    var applied: Bool
    var notes: [String]
    /// Per step (same order as `plan.steps`), the exact commands with their standard input
    /// (the nft / iptables-restore text) and the files written or removed. Informational: a
    /// saved plan is executed from its steps' actions, which render to these operations.
    var operations: [[FwdOperation]]

    init(plan: FwdPlan, applied: Bool, notes: [String]) {
        self.plan = plan
        self.applied = applied
        self.notes = notes
        self.operations = plan.steps.map { FwdRenderer.operations(for: $0.action) }
    }
}

/// The plan as text: a header, one line per step (rule changes indented under their
/// transaction), findings and leftovers.
enum FwdPlanText {
    static func lines(_ plan: FwdPlan, verb: String) -> [String] {
        guard !plan.steps.isEmpty else {
            switch plan.operation {
            case .apply, .reconcile:
                return [
                    "No changes: pe-net's \(plan.backend) rules, ip_forward and files already match (inspect with: \(plan.backend.inspectCommand))."
                ]
            case .remove:
                return ["No changes: no pe-net rules, FORWARD accepts or files to remove."]
            case .install:
                return ["No changes: the units and the sysctl.d drop-in are already installed."]
            }
        }
        let root = FwdPaths.under(plan.root, "/") == "/" ? "" : ", files below \(plan.root)"
        var lines = ["\(verb) (\(plan.backend)\(root)), \(plan.steps.count) step(s):"]
        for step in plan.steps {
            lines.append("  \(step.effect.sign) \(step.message)")
            for detail in step.details { lines.append("      \(detail.sign) \(detail.message)") }
        }
        return lines
    }

    /// The leftover note plan and apply print when `--clean-leftovers` was not given.
    static func leftoverNote(_ plan: FwdPlan, cleaning: Bool) -> [String] {
        guard !plan.leftovers.isEmpty, !cleaning else { return [] }
        return [
            "found \(plan.leftovers.count) ip_fwd.sh leftover rule(s) that compete with pe-net's; re-run with --clean-leftovers to delete them:"
        ] + plan.leftovers.map { "    \($0)" }
    }
}
