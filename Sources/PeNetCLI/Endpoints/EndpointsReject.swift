import ARMNetwork
import ArgumentParser

/// `pe-net endpoints reject`: reject Pending private endpoint connections.
struct EndpointsReject: PeNetCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject",
        abstract: "Reject Pending private endpoint connections on a managed instance.",
        discussion: """
            Reads the connections first and prints what it will do. A Rejected connection is left as \
            it is; an Approved one cannot be rejected: revoke it with `pe-net endpoints delete`. \
            Rejecting cannot be undone, so it asks for confirmation on a terminal and needs --yes without \
            one. Exits 1 if any selected connection failed, 2 when the confirmation is declined, 64 when \
            --name/--endpoint matches nothing.
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
        let plan = try await run.plan(.reject, selection: decision.selection, apply: apply)
        try await run.execute(
            plan, description: decision.description ?? "Rejected by pe-net", bulk: bulk, apply: apply, confirm: true)
    }
}
