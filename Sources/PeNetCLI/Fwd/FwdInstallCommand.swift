import ArgumentParser
import Foundation
import IPFwd

/// `pe-net fwd install`: persistence (boot restore service, reconcile timer, sysctl.d).
struct FwdInstallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install the boot-time restore service, the reconcile timer and the sysctl.d drop-in.",
        discussion: """
            Run after apply (the units read the state file it writes). With --root other than / the \
            files are only written (image builds); otherwise systemd is reloaded and the units enabled.
            """)

    @OptionGroup var system: FwdSystemOptions
    @OptionGroup var output: OutputOptions

    @Option(help: ArgumentHelp("Path of the pe-net binary the units run.", valueName: "path"))
    var binary: String = FwdPaths.defaultBinary

    @Option(help: ArgumentHelp("How often the timer re-resolves the targets (systemd time span).", valueName: "span"))
    var interval: String = "60s"

    @Flag(name: .customLong("dry-run"), help: "List the files that would be written and change nothing.")
    var dryRun = false

    func run() async throws {
        try await FwdSupport.run {
            let workflow = FwdWorkflow(environment: try FwdEnvironment.live(system: system))
            let plan = try await workflow.planInstall(binary: binary, interval: interval, dnsServer: system.dnsServer)
            if !dryRun { _ = try await workflow.apply(plan) }
            if output.format.isJSON {
                print(FwdSupport.json(FwdPlanDocument(plan: plan, applied: !dryRun && !plan.isEmpty, notes: [])))
            } else {
                print(FwdPlanText.lines(plan, verb: dryRun ? "Would install" : "Installed").joined(separator: "\n"))
            }
        }
    }
}
