import ArgumentParser
import IPFwd

/// `pe-net fwd remove`: deletes pe-net's rules, and only pe-net's.
struct FwdRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove pe-net's table/chains and its FORWARD accepts; nobody else's rules are touched.")

    @OptionGroup var system: FwdSystemOptions
    @OptionGroup var change: FwdChangeOptions
    @OptionGroup var output: OutputOptions

    @Flag(name: .customLong("keep-state"), help: "Keep the state file (the boot service's stop action uses this).")
    var keepState = false

    @Flag(name: .customLong("dry-run"), help: "Print what would be removed and change nothing.")
    var dryRun = false

    func run() async throws {
        try await FwdSupport.run {
            let workflow = FwdWorkflow(environment: try FwdEnvironment.live(system: system))
            let plan = try await workflow.planRemoval(
                backend: system.backend, keepState: keepState, cleanLeftovers: change.cleanLeftovers)
            if !dryRun { _ = try await workflow.apply(plan) }
            if output.format.isJSON {
                print(FwdSupport.json(FwdPlanDocument(plan: plan, applied: !dryRun && !plan.isEmpty, notes: [])))
            } else if plan.isEmpty {
                print("Nothing to remove: no pe-net rules found.")
            } else {
                print(FwdPlanText.lines(plan, verb: dryRun ? "Would remove" : "Removed").joined(separator: "\n"))
            }
        }
    }
}
