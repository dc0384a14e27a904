import ARMNetwork
import ArgumentParser

/// `pe-net endpoints list`: the private endpoint connections of one managed instance.
struct EndpointsList: PeNetCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the private endpoint connections of a managed instance or Private Link Service.",
        discussion: """
            Shows each connection's name, who asked (its private endpoint's name, id, subscription and \
            resource group, and the request message while Pending), its status, description and \
            provisioning state. --service lists a Private Link Service's connections instead of an \
            instance's (the Data Factory path's managed private endpoint shows there).
            """
    )

    static var hasTableOutput: Bool { true }

    @OptionGroup var target: InstanceOptions

    @Option(help: "Only connections with this status: Pending, Approved, Rejected or Disconnected.")
    var status: ConnectionStatus?

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
        let selected = ConnectionSelection(.all, status: status).resolve(in: connections).matched
        if env.reporter.isJSON {
            try env.reporter.json(selected.map(ConnectionListRow.init))
        } else if selected.isEmpty {
            let filter = status.map { " with status \($0)" } ?? ""
            let owner = ManagedInstanceConnections.isPrivateLinkService(instance) ? "Private Link Service" : "instance"
            env.reporter.text("no private endpoint connections\(filter) on \(owner) \(instance.name)")
        } else {
            env.reporter.raw(ConnectionReport.table(selected))
        }
    }
}

/// `--status` values: the known statuses, case-insensitive.
extension ConnectionStatus: ExpressibleByArgument {
    public init?(argument: String) { self.init(known: argument) }

    public static var allValueStrings: [String] { known.map(\.rawValue) }
}
