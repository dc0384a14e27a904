import ArgumentParser
import IPFwd

/// `pe-net fwd remove`: deletes pe-net's rules and files, and only pe-net's.
struct FwdRemoveCommand: PeNetCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove pe-net's table/chains, its FORWARD accepts and its files; nobody else's rules are touched.",
        discussion: """
            Prints the steps, asks for confirmation (--yes skips it; without a terminal --yes is \
            required; declining exits 2), then executes exactly those steps. --keep-state keeps the \
            state file and the sysctl.d drop-in (the boot service's stop action).
            """)

    @OptionGroup var system: FwdSystemOptions
    @OptionGroup var change: FwdChangeOptions
    @OptionGroup var apply: ApplyOptions
    @OptionGroup var output: OutputOptions

    @Flag(name: .customLong("keep-state"), help: "Keep the state file and the sysctl.d drop-in.")
    var keepState = false

    func run(_ env: Environment) async throws {
        let context = try FwdContext(env, system: system, command: "remove")
        let plan: FwdPlan
        if let planFile = apply.planFile {
            plan = try context.loadPlan(planFile, operation: .remove)
        } else {
            plan = try await context.workflow.planRemoval(
                backend: system.backend, keepState: keepState, cleanLeftovers: change.cleanLeftovers)
        }
        try await context.run(
            plan, apply: apply, question: "Remove pe-net's forwarding (\(plan.steps.count) step(s))?",
            cleaning: change.cleanLeftovers, saved: apply.planFile != nil)
    }
}
