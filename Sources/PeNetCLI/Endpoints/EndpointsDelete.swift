import ARMNetwork
import ArgumentParser

/// `pe-net endpoints delete`: delete connections (the way to revoke an Approved one).
struct EndpointsDelete: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete private endpoint connections from a managed instance (revokes approved ones).",
        discussion: """
            Asks for confirmation when standard input is a terminal; without a terminal, pass --yes. \
            The endpoint's owner then sees the connection as Disconnected.
            """
    )

    @OptionGroup var target: InstanceOptions

    @Option(
        name: .long, parsing: .upToNextOption,
        help: ArgumentHelp("Connection names to delete.", valueName: "connection"))
    var name: [String] = []

    @Flag(name: .long, help: "Delete without asking (required when standard input is not a terminal).")
    var yes = false

    @OptionGroup var run: RunOptions
    @OptionGroup var azure: AzureOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard !name.isEmpty else { throw ValidationError("name the connections to delete with --name <connection>…") }
    }

    func run() async throws {
        let confirmation: Confirmation = yes || run.dryRun ? .granted : Confirmation.current
        if case .impossible = confirmation {
            throw EndpointsContext.failEarly(
                "standard input is not a terminal, so pe-net cannot ask before deleting; pass --yes to delete \(name.joined(separator: ", "))",
                code: PeNetExit.usage)
        }
        let context = try await EndpointsContext.make(target: target, azure: azure, output: output)
        try await context.execute(
            .delete, selection: ConnectionSelection(.names(name)), description: "", run: run, confirmation: confirmation
        )
    }
}
