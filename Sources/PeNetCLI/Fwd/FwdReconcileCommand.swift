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

    @Flag(name: .customLong("allow-stale"), help: "Exit 0 when a name fails but its last known good address is in place.")
    var allowStale = false

    func run() async throws {
        var failed = false
        try await FwdSupport.run {
            let environment = try FwdEnvironment.live(system: system)
            let state = try environment.files.loadState()
            let backend = system.backend == .auto ? nil
                : try await FwdSupport.backend(system.backend, state: state, runner: environment.runner)
            let result = try await FwdReconciler(environment: environment).reconcile(backend: backend)
            let (plan, resolution, report) = (result.plan, result.resolution, result)
            failed = !resolution.failures.isEmpty && !allowStale
            if output.format.isJSON {
                print(FwdSupport.json(FwdPlanOutput(
                    backend: plan.backend, changes: plan.changes, applied: !plan.isEmpty, findings: resolution.findings,
                    leftovers: [], notes: report.notes)))
            } else {
                FwdSupport.printWarnings(resolution.findings)
                print(FwdSupport.text(plan, verb: "Reconciled"))
                for note in report.notes { print(note) }
            }
        }
        if failed { throw PeNetExit.failure }
    }
}
