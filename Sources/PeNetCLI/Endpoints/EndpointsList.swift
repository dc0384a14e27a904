import ARMNetwork
import ArgumentParser

/// `pe-net endpoints list`: the private endpoint connections of one managed instance.
struct EndpointsList: PeNetCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the private endpoint connections of a managed instance.",
        discussion: """
            Shows each connection's name, its private endpoint (name, id, subscription, resource group), \
            its status, description and provisioning state.
            """
    )

    static var hasTableOutput: Bool { true }

    @OptionGroup var target: InstanceOptions

    @Option(help: "Only connections with this status: Pending, Approved, Rejected or Disconnected.")
    var status: ConnectionStatusArgument?

    @OptionGroup var azure: AzureOptions
    @OptionGroup var output: OutputOptions

    func run(_ env: Environment) async throws {
        let instance = try target.resolve(azure, env: env)
        let workflow = EndpointsWorkflow(client: try azure.client(env), instance: instance)
        let connections: [ConnectionSnapshot]
        do {
            connections = try await workflow.list()
        } catch {
            throw EndpointsRun.error(error, instance: instance)
        }
        let selected = ConnectionSelection(.all, status: status?.status).resolve(in: connections).matched
        if env.reporter.isJSON {
            try env.reporter.json(selected.map(ConnectionListRow.init))
        } else if selected.isEmpty {
            let filter = status.map { " with status \($0.status)" } ?? ""
            env.reporter.text("no private endpoint connections\(filter) on instance \(instance.name)")
        } else {
            env.reporter.raw(ConnectionReport.table(selected))
        }
    }
}

/// `--status` values, case-insensitive.
struct ConnectionStatusArgument: ExpressibleByArgument {
    var status: ConnectionSnapshot.Status

    init?(argument: String) {
        let status = ConnectionSnapshot.Status(argument)
        if case .other = status { return nil }
        self.status = status
    }

    static var allValueStrings: [String] { ["Pending", "Approved", "Rejected", "Disconnected"] }
}
