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
            let environment = try FwdEnvironment.live(system: system)
            let state = try environment.files.loadState()
            let backend = try await FwdSupport.backend(system.backend, state: state, runner: environment.runner)
            let ports = Set(state?.config.mappings.map(\.listenPort) ?? [])
            let observation = try await FwdInspector(runner: environment.runner).observe(backend: backend, ports: ports)
            let plan = FwdPlanner.removal(observation: observation, cleanLeftovers: change.cleanLeftovers)
            if !dryRun {
                _ = try await FwdApplier(runner: environment.runner).apply(plan)
                if !keepState {
                    try environment.files.removeState()
                    try environment.files.removeFile(FwdPaths.sysctlFile)
                }
            }
            if output.format.isJSON {
                print(FwdSupport.json(FwdPlanOutput(
                    backend: backend, changes: plan.changes, applied: !dryRun && !plan.isEmpty, findings: [],
                    leftovers: observation.leftovers, notes: [])))
            } else if plan.isEmpty {
                print("Nothing to remove: no pe-net rules found.")
            } else {
                print(FwdSupport.text(plan, verb: dryRun ? "Would remove" : "Removed"))
            }
        }
    }
}
