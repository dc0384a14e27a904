import ARMNetwork
import ArgumentParser

/// `pe-net endpoints approve`: approve Pending private endpoint connections.
struct EndpointsApprove: PeNetCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Approve Pending private endpoint connections on a managed instance.",
        discussion: """
            Reads the connections first and prints what it will do. An Approved connection is left as \
            it is; a Rejected one cannot be approved (the endpoint's owner must recreate the endpoint or \
            set it back to Pending). --all-pending asks for confirmation on a terminal and needs --yes \
            without one. Exits 1 if any selected connection failed, 2 when the confirmation is declined, \
            64 when --name/--endpoint matches nothing (then nothing is changed).
            """
    )

    @OptionGroup var target: InstanceOptions
    @OptionGroup var decision: DecisionOptions
    @OptionGroup var bulk: BulkOptions
    @OptionGroup var apply: ApplyOptions
    @OptionGroup var azure: AzureOptions
    @OptionGroup var output: OutputOptions

    func run(_ env: Environment) async throws {
        let run = try EndpointsRun(target: target, azure: azure, env: env)
        let plan = try await run.plan(.approve, selection: decision.selection, apply: apply)
        try await run.execute(
            plan, description: decision.description ?? "Approved by pe-net", bulk: bulk, apply: apply,
            confirm: decision.allPending)
    }
}
