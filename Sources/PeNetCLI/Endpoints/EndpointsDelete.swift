import ARMNetwork
import ArgumentParser

/// `pe-net endpoints delete`: delete connections (the way to revoke an Approved one).
struct EndpointsDelete: PeNetCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete private endpoint connections from a managed instance (revokes approved ones).",
        discussion: """
            Asks for confirmation when standard input is a terminal; without a terminal, pass --yes. \
            The endpoint's owner then sees the connection as Disconnected. Exits 2 when the \
            confirmation is declined.
            """
    )

    @OptionGroup var target: InstanceOptions

    @Option(
        name: .long, parsing: .upToNextOption,
        help: ArgumentHelp("Connection names to delete.", valueName: "connection"))
    var name: [String] = []

    @OptionGroup var bulk: BulkOptions
    @OptionGroup var apply: ApplyOptions
    @OptionGroup var azure: AzureOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard !name.isEmpty else { throw ValidationError("name the connections to delete with --name <connection>...") }
    }

    func run(_ env: Environment) async throws {
        if !apply.yes, !apply.previewOnly, !env.terminal.isInteractive {
            throw PeNetError.usage(
                "standard input is not a terminal, so pe-net cannot ask before deleting \(name.joined(separator: ", ")); nothing was changed",
                fix: env.commandLine(adding: ["--yes"]), code: "input.needs-yes")
        }
        let run = try EndpointsRun(target: target, azure: azure, env: env)
        let plan = try await run.plan(.delete, selection: ConnectionSelection(.names(name)), apply: apply)
        try await run.execute(plan, description: "", bulk: bulk, apply: apply, confirm: true)
    }
}
