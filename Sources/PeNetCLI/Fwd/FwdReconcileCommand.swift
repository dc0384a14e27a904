import ArgumentParser
import IPFwd

/// `pe-net fwd reconcile`: re-resolves the targets from the state file and repairs drift.
struct FwdReconcileCommand: PeNetCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract:
            "Re-resolve the targets, swap changed addresses (deleting stale conntrack entries) and repair drift.",
        discussion: """
            Needs no arguments: mappings and last known good addresses come from the state file. \
            Plans like apply and executes the plan without asking (the timer runs it). When a name \
            does not resolve, the last known good address stays in the rules and the command says so \
            and exits 1 (0 with --allow-stale, as the boot service runs it).
            """)

    @OptionGroup var system: FwdSystemOptions
    @OptionGroup var fastPath: FwdFastPathOptions
    @OptionGroup var output: OutputOptions

    @Flag(
        name: .customLong("allow-stale"), help: "Exit 0 when a name fails but its last known good address is in place.")
    var allowStale = false

    func run(_ env: Environment) async throws {
        let context = try FwdContext(env, system: system, command: "reconcile")
        let plan = try await context.workflow.planReconcile(backend: system.backend, fastPath: fastPath.fastPath)
        context.show(plan, verb: "Plan")
        try context.stopIfBlocked(plan, strict: false)
        let outcome = try await context.execute(plan, strict: false, saved: false)
        if env.reporter.isJSON {
            try env.reporter.json(FwdPlanDocument(plan: plan, applied: !plan.isEmpty, notes: outcome.notes))
        } else if !plan.isEmpty || !outcome.notes.isEmpty {
            env.reporter.text(
                (["Applied \(outcome.executed.count) of \(plan.steps.count) step(s)."] + outcome.notes)
                    .joined(separator: "\n"))
        }
        if let failure = plan.resolutionFailures.first, !allowStale {
            throw PeNetError.failure(
                "\(plan.resolutionFailures.count) target(s) did not resolve (first: \(failure)); their last known good addresses stay in place; check DNS, or accept the kept addresses with --allow-stale",
                fix: env.commandLine(adding: ["--allow-stale"]),
                resource: failure.host, code: "fwd.stale-address")
        }
    }
}
