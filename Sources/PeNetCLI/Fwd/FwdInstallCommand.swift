import ArgumentParser
import IPFwd

/// `pe-net fwd install`: persistence (boot restore service, reconcile timer, sysctl.d).
struct FwdInstallCommand: PeNetCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install the boot-time restore service, the reconcile timer and the sysctl.d drop-in.",
        discussion: """
            Run after apply (the units read the state file it writes). Prints the steps (files whose \
            content differs, systemctl daemon-reload and enable) and executes them. With --root other \
            than / the files are only written (image builds, no root needed); otherwise systemd is \
            reloaded and the units enabled.
            """)

    @OptionGroup var system: FwdSystemOptions
    @OptionGroup var output: OutputOptions

    @OptionGroup var unit: FwdUnitOptions
    @OptionGroup var fastPath: FwdFastPathOptions

    @Flag(name: .customLong("dry-run"), help: "Print the steps and change nothing.")
    var dryRun = false

    func run(_ env: Environment) async throws {
        let systemRoot = FwdPaths.under(system.root(env), "/") == "/"
        let context = try FwdContext(env, system: system, command: "install", needsRoot: systemRoot)
        let plan = try await context.workflow.planInstall(
            binary: unit.binary, interval: unit.interval, dnsServer: system.dnsServer, fastPath: fastPath.fastPath)
        context.show(plan, verb: "Plan")
        guard !dryRun, !plan.isEmpty, plan.blockingFindings().isEmpty else {
            if env.reporter.isJSON { try env.reporter.json(FwdPlanDocument(plan: plan, applied: false, notes: [])) }
            try context.stopIfBlocked(plan, strict: false)
            return
        }
        let outcome = try await context.execute(plan, strict: false, saved: false)
        if env.reporter.isJSON {
            try env.reporter.json(FwdPlanDocument(plan: plan, applied: true, notes: outcome.notes))
        } else {
            env.reporter.text("Applied \(outcome.executed.count) of \(plan.steps.count) step(s).")
        }
    }
}
