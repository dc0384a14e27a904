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

    /// The one path plan and apply share: validate, resolve, observe, plan, and apply when asked.
    static func planAndMaybeApply(mappings: FwdMappingOptions, system: FwdSystemOptions, change: FwdChangeOptions,
                                  output: OutputOptions, apply: Bool) async throws {
        let environment = try FwdEnvironment.live(system: system)
        let engine = FwdEngine(environment: environment)
        let state = try environment.files.loadState()
        // One procfs read and one nft ruleset dump serve validation, detection and planning.
        let snapshot = await FwdInspector(runner: environment.runner).snapshot()
        let (config, warnings) = try await FwdSupport.desiredConfig(
            mappings, environment: environment, state: state, interfaces: snapshot.interfaces)
        let fromState = mappings.maps.isEmpty
        let resolution = try await engine.resolve(config, lastKnown: state, useLastKnown: fromState)
        let backend = try await FwdSupport.backend(
            system.backend, state: state, runner: environment.runner, nftWorks: snapshot.nftRuleset != nil)
        let (plan, observation) = try await engine.plan(
            resolution.ruleSet, backend: backend, cleanLeftovers: change.cleanLeftovers, snapshot: snapshot)
        let findings = warnings + resolution.findings
        var notes: [String] = []
        if !observation.leftovers.isEmpty, !change.cleanLeftovers {
            notes.append("found \(observation.leftovers.count) ip_fwd.sh leftover rule(s) that compete with pe-net's; re-run with --clean-leftovers to delete them:")
            notes += observation.leftovers.map { "    \($0)" }
        }
        if apply {
            let report = try await engine.apply(plan, config: config, resolution: resolution, previous: state)
            notes += report.notes
        }
        if output.format.isJSON {
            print(FwdSupport.json(FwdPlanOutput(
                backend: plan.backend, changes: plan.changes, applied: apply && !plan.isEmpty,
                findings: findings, leftovers: observation.leftovers, notes: notes)))
        } else {
            FwdSupport.printWarnings(findings)
            print(FwdSupport.text(plan, verb: apply ? "Applied" : "Plan"))
            for note in notes { print(note) }
        }
    }
}
