import ArgumentParser
import IPFwd

/// `pe-net fwd reconcile`: re-resolves the targets from the state file and repairs drift.
struct FwdReconcileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Re-resolve the targets, swap changed addresses (deleting stale conntrack entries) and repair drift.",
        discussion: """
            Needs no arguments: mappings and last known good addresses come from the state file. \
            When a name does not resolve, the last known good address stays in the rules and the \
            command says so and exits 1 (0 with --allow-stale, as the boot service runs it).
            """)

    @OptionGroup var system: FwdSystemOptions
    @OptionGroup var output: OutputOptions

    @Flag(
        name: .customLong("allow-stale"), help: "Exit 0 when a name fails but its last known good address is in place.")
    var allowStale = false

    func run() async throws {
        var failed = false
        try await FwdSupport.run {
            let workflow = FwdWorkflow(environment: try FwdEnvironment.live(system: system))
            let plan = try await workflow.planReconcile(backend: system.backend)
            let outcome = try await workflow.apply(plan)
            failed = !plan.resolutionFailures.isEmpty && !allowStale
            if output.format.isJSON {
                print(FwdSupport.json(FwdPlanDocument(plan: plan, applied: !plan.isEmpty, notes: outcome.notes)))
            } else {
                FwdSupport.printWarnings(plan.findings)
                print(FwdPlanText.lines(plan, verb: "Reconciled").joined(separator: "\n"))
                for note in outcome.notes { print(note) }
            }
        }
        if failed { throw PeNetExit.failure }
    }
}
