import ArgumentParser
import IPFwd

/// `pe-net fwd apply`: executes exactly the plan `fwd plan` prints.
struct FwdApplyCommand: PeNetCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Apply the mappings: execute exactly the steps fwd plan lists (nothing when nothing changed).",
        discussion: """
            Validates every mapping and resolves every name before the first change, prints the plan \
            and asks for confirmation (--yes skips it; without a terminal --yes is required; declining \
            exits 2). Rules are replaced in one nft -f (or iptables-restore --noflush) transaction, \
            first: a failure leaves the previous rules in place. The other steps (ip_forward, the \
            sysctl.d drop-in, FORWARD accepts, the state file, ...) are in the plan too, and each one \
            is shown on standard error as it runs. --plan-file executes a plan saved with \
            `fwd plan -o json`, refused when the forwarder changed since.
            """)

    @OptionGroup var mappings: FwdMappingOptions
    @OptionGroup var system: FwdSystemOptions
    @OptionGroup var change: FwdChangeOptions
    @OptionGroup var fastPath: FwdFastPathOptions
    @OptionGroup var apply: ApplyOptions
    @OptionGroup var output: OutputOptions

    func run(_ env: Environment) async throws {
        let context = try FwdContext(env, system: system, command: "apply")
        let plan: FwdPlan
        if let planFile = apply.planFile {
            guard mappings.maps.isEmpty, mappings.interfaces.isEmpty, mappings.sources.isEmpty, fastPath.fastPath == nil
            else {
                throw PeNetError.usage(
                    "--plan-file executes a saved plan as it is; give --map, --interface, --allow-source and --fast-path to `fwd plan` instead"
                )
            }
            plan = try context.loadPlan(planFile, operation: .apply)
        } else {
            plan = try await context.workflow.plan(FwdRequest(mappings, system, change, fastPath: fastPath))
        }
        try await context.run(
            plan, apply: apply, question: "Apply these \(plan.steps.count) step(s) to this forwarder?",
            cleaning: change.cleanLeftovers, saved: apply.planFile != nil)
    }
}
