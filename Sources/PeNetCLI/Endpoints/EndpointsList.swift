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
            instance's (the Data Factory path's managed private endpoint shows there). --scope lists \
            every managed instance in the given subscriptions (or all the token can see) with its \
            connections, found with one paged Resource Graph query (the instances' connection \
            summaries), reading from ARM only the instances whose row lacks it; --discovery arm reads \
            each subscription's instances and then each instance instead (also when Resource Graph \
            refuses the query for lack of access, with a warning).
            """
    )

    static var hasTableOutput: Bool { true }

    @OptionGroup var target: EndpointsListTarget

    @Option(help: "Only connections with this status: Pending, Approved, Rejected or Disconnected.")
    var status: ConnectionStatus?

    @OptionGroup var azure: AzureOptions
    @OptionGroup var output: OutputOptions

    func run(_ env: Environment) async throws {
        if !target.scope.isEmpty { return try await listEstate(env) }
        let instance = try target.owner().resolve(azure, env: env)
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

extension EndpointsList {
    /// One instance of `--scope`, as `-o json` prints it.
    struct EstateRow: Encodable {
        var instance: ResourceID
        var source: InstanceConnections.Source
        var connections: [ConnectionListRow]
    }

    /// `--scope`: every instance in the subscriptions, with its (selected) connections.
    func listEstate(_ env: Environment) async throws {
        let estate = EstateConnections(client: try azure.client(env))
        let found: [InstanceConnections]
        do {
            let all = target.scope.map { $0.lowercased() } == ["all"]
            let subscriptions = all ? try await estate.allSubscriptions() : target.scope
            switch target.discovery {
            case .graph:
                do {
                    found = try await estate.discoverByGraph(subscriptions: subscriptions)
                } catch ARMError.requestFailed(_, let status, _, _, _) where status == 403 {
                    env.reporter.warning(
                        "Resource Graph refused the query (no access); reading each subscription's instances from ARM instead"
                    )
                    found = try await estate.discoverByARM(subscriptions: subscriptions)
                }
            case .arm: found = try await estate.discoverByARM(subscriptions: subscriptions)
            }
        } catch let error as ARMError {
            throw PeNetError.failure(
                "cannot discover the instances in --scope \(target.scope.joined(separator: " ")): \(error)",
                resource: target.scope.joined(separator: " "), code: "endpoints.scope-failed")
        }
        let rows = found.map { item in
            EstateRow(
                instance: item.instance, source: item.source,
                connections: ConnectionSelection(.all, status: status).resolve(in: item.connections).matched.map(
                    ConnectionListRow.init))
        }
        if env.reporter.isJSON {
            try env.reporter.json(rows)
            return
        }
        var blocks: [String] = []
        for item in found {
            let header =
                "instance \(item.instance.name) (\(item.instance.resourceGroup), \(item.instance.subscription))"
            let selected = ConnectionSelection(.all, status: status).resolve(in: item.connections).matched
            blocks.append(
                selected.isEmpty
                    ? "\(header): no private endpoint connections\(status.map { " with status \($0)" } ?? "")\n"
                    : "\(header):\n\(ConnectionReport.table(selected))")
        }
        let total = rows.reduce(0) { $0 + $1.connections.count }
        blocks.append("\(found.count) instance(s), \(total) connection(s)\n")
        env.reporter.raw(blocks.joined(separator: "\n"))
    }
}

/// `--status` values: the known statuses, case-insensitive.
extension ConnectionStatus: ExpressibleByArgument {
    public init?(argument: String) { self.init(known: argument) }

    public static var allValueStrings: [String] { known.map(\.rawValue) }
}
