import ArgumentParser
import IPFwd

/// `pe-net fwd plan`: every step apply would take; changes nothing.
struct FwdPlanCommand: PeNetCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show every step apply would take (rules, ip_forward, files); changes nothing.",
        discussion: """
            Reads the forwarder (needs root) and lists each write apply makes, in order: the ruleset \
            transaction, ip_forward and its sysctl.d drop-in, FORWARD accepts, conntrack flushes, \
            leftovers, the state file. State that cannot be read is an error (exit 1), never "no \
            rules". Save `-o json` to a file and run `fwd apply --plan-file` to execute exactly it.
            """)

    @OptionGroup var mappings: FwdMappingOptions
    @OptionGroup var system: FwdSystemOptions
    @OptionGroup var change: FwdChangeOptions
    @OptionGroup var fastPath: FwdFastPathOptions
    @OptionGroup var check: PlanCheckOptions
    @OptionGroup var output: OutputOptions

    func run(_ env: Environment) async throws {
        let context = try FwdContext(env, system: system, command: "plan")
        let plan = try await context.workflow.plan(FwdRequest(mappings, system, change, fastPath: fastPath))
        context.show(plan, verb: "Plan", cleaning: change.cleanLeftovers)
        if env.reporter.isJSON { try env.reporter.json(FwdPlanDocument(plan: plan, applied: false, notes: [])) }
        try context.stopIfBlocked(plan, strict: check.strict)
        if check.expectNoChanges, !plan.isEmpty {
            throw PeNetError.checkFailed(
                "the plan has \(plan.steps.count) step(s) (--expect-no-changes)", code: "plan.has-changes")
        }
    }
}
