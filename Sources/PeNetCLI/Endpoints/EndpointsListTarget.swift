import ARMNetwork
import ArgumentParser

/// What `endpoints list` lists: one owner (`--instance` / `--service`, as the other endpoint
/// commands take them) or every managed instance in `--scope <subscription…|all>`.
struct EndpointsListTarget: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The managed instance: its ARM id, or its name together with --resource-group.", valueName: "id-or-name"))
    var instance: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A Private Link Service instead of an instance (e.g. the Data Factory path's): its ARM id, or its name together with --resource-group.",
            valueName: "id-or-name"))
    var service: String?

    @Option(
        parsing: .upToNextOption,
        help: ArgumentHelp(
            "Every managed instance in these subscriptions (ids), or in all the token can see (all).",
            valueName: "subscription…|all"))
    var scope: [String] = []

    @Option(
        help: ArgumentHelp(
            "With --scope: graph (a few paged Resource Graph queries, ARM reads only where the graph lacks the connections) or arm (list each subscription's instances, then read each instance).",
            valueName: "graph|arm"))
    var discovery: EstateDiscovery = .graph

    func validate() throws {
        let given = [instance != nil, service != nil, !scope.isEmpty].filter { $0 }.count
        guard given == 1 else {
            throw ValidationError(
                "name what to list with exactly one of --instance <managed instance>, --service <Private Link Service> or --scope <subscription…|all>"
            )
        }
        try EstateDiscovery.check(scope: scope)
    }

    /// The single owner, as the other endpoint commands resolve it.
    func owner() throws -> InstanceOptions {
        if let service { return try InstanceOptions.parse(["--service", service]) }
        return try InstanceOptions.parse(["--instance", instance ?? ""])
    }
}

/// How `--scope` discovers the estate.
enum EstateDiscovery: String, ExpressibleByArgument, CaseIterable {
    case graph, arm

    /// `--scope` is `all` alone or subscription ids.
    static func check(scope: [String]) throws {
        if scope.count > 1, scope.contains(where: { $0.lowercased() == "all" }) {
            throw ValidationError("--scope all stands alone; drop the subscriptions or 'all'")
        }
        if let bad = scope.first(where: { $0.isEmpty || $0.contains("/") || $0.contains(" ") }) {
            throw ValidationError(
                "--scope \(bad) is not a subscription id; pass ids such as 00000000-1111-2222-3333-444444444444, or all"
            )
        }
    }

    /// The subscriptions `--scope` names (`all`: every one the token can see).
    static func subscriptions(_ scope: [String], client: ARMClient) async throws -> [String] {
        scope.map { $0.lowercased() } == ["all"]
            ? try await EstateConnections(client: client).allSubscriptions() : scope
    }
}
