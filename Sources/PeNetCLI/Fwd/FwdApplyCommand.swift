import ArgumentParser
import IPFwd

/// `pe-net fwd apply`: makes the rules match the mappings in one transaction.
struct FwdApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Apply the mappings atomically (a re-apply with nothing changed does nothing).",
        discussion: """
            Validates every mapping and resolves every name before the first change. Rules are \
            replaced in one nft -f (or iptables-restore --noflush) transaction: a failure leaves \
            the previous rules in place. Records the state file and the sysctl.d drop-in.
            """)

    @OptionGroup var mappings: FwdMappingOptions
    @OptionGroup var system: FwdSystemOptions
    @OptionGroup var change: FwdChangeOptions
    @OptionGroup var output: OutputOptions

    @Flag(name: .customLong("dry-run"), help: "Print the plan and change nothing (same as plan).")
    var dryRun = false

    func run() async throws {
        try await FwdSupport.run {
            try await Self.planAndMaybeApply(
                mappings: mappings, system: system, change: change, output: output, apply: !dryRun)
        }
    }

    /// The one path plan and apply share: the workflow's plan, applied when asked.
    static func planAndMaybeApply(
        mappings: FwdMappingOptions, system: FwdSystemOptions, change: FwdChangeOptions,
        output: OutputOptions, apply: Bool
    ) async throws {
        let workflow = FwdWorkflow(environment: try FwdEnvironment.live(system: system))
        let plan = try await workflow.plan(FwdEnvironment.request(mappings, system, change))
        var notes = FwdPlanText.leftoverNote(plan, cleaning: change.cleanLeftovers)
        if apply {
            notes += try await workflow.apply(plan).notes
        }
        if output.format.isJSON {
            print(FwdSupport.json(FwdPlanDocument(plan: plan, applied: apply && !plan.isEmpty, notes: notes)))
        } else {
            FwdSupport.printWarnings(plan.findings)
            print(FwdPlanText.lines(plan, verb: apply ? "Applied" : "Plan").joined(separator: "\n"))
            for note in notes { print(note) }
        }
    }
}
