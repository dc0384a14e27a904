import ARMNetwork
import ArgumentParser

/// `pe-net endpoints list`: the private endpoint connections of one managed instance.
struct EndpointsList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the private endpoint connections of a managed instance.",
        discussion: """
            Shows each connection's name, its private endpoint (name, id, subscription, resource group), \
            its status, description and provisioning state.
            """
    )

    @OptionGroup var target: InstanceOptions

    @Option(help: "Only connections with this status: Pending, Approved, Rejected or Disconnected.")
    var status: ConnectionStatus?

    @OptionGroup var azure: AzureOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let context = try await EndpointsContext.make(target: target, azure: azure, output: output)
        let connections: [ConnectionSnapshot]
        do {
            connections = try await context.connections.list()
        } catch {
            throw context.fail(ManagedInstanceConnections.explain(error, instance: context.instance))
        }
        let selected = ConnectionSelection(.all, status: status).resolve(in: connections).matched
        if output.format.isJSON {
            print(try ConnectionReport.json(selected.map(ConnectionListRow.init)), terminator: "")
        } else if selected.isEmpty {
            let filter = status.map { " with status \($0)" } ?? ""
            print("no private endpoint connections\(filter) on instance \(context.instance.name)")
        } else {
            print(ConnectionReport.table(selected), terminator: "")
        }
    }
}

/// `--status` values: the known statuses, case-insensitive.
extension ConnectionStatus: ExpressibleByArgument {
    public init?(argument: String) { self.init(known: argument) }

    public static var allValueStrings: [String] { known.map(\.rawValue) }
}
