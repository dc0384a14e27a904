import ARMNetwork
import ArgumentParser

/// How an endpoint command names the owner of the connections: a managed instance (`--instance`)
/// or a Private Link Service (`--service`), each as a full ARM id or as a name with
/// `--resource-group` (and `--subscription`) from the Azure options, as `az` does.
struct InstanceOptions: ParsableArguments {
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

    func validate() throws {
        guard (instance == nil) != (service == nil) else {
            throw ValidationError(
                "name the connections' owner with exactly one of --instance <managed instance> or --service <Private Link Service>"
            )
        }
    }

    /// The flag in use, for messages and fixes.
    var flag: String { service == nil ? "--instance" : "--service" }

    /// The owner's id, checked to be a `Microsoft.Sql/managedInstances` (or, with `--service`, a
    /// `Microsoft.Network/privateLinkServices`) resource.
    func resolve(_ azure: AzureOptions, env: Environment) throws -> ResourceID {
        if let service {
            let id = try azure.resourceID(
                service, namespace: "Microsoft.Network", type: "privateLinkServices", flag: "--service", env: env)
            guard id.segments.count == 1, ManagedInstanceConnections.isPrivateLinkService(id) else {
                throw PeNetError.usage(
                    "--service \(service) is a \(id.resourceType), not a Private Link Service; expected \(Self.serviceShape)",
                    resource: service)
            }
            return id
        }
        let text = instance ?? ""
        let id = try azure.resourceID(
            text, namespace: "Microsoft.Sql", type: "managedInstances", flag: "--instance", env: env)
        guard id.segments.count == 1, id.resourceType.lowercased() == "microsoft.sql/managedinstances" else {
            throw PeNetError.usage(
                "--instance \(text) is a \(id.resourceType), not a managed instance; expected \(Self.shape)",
                resource: text)
        }
        return id
    }

    static let shape = "/subscriptions/<sub>/resourceGroups/<group>/providers/Microsoft.Sql/managedInstances/<name>"
    static let serviceShape =
        "/subscriptions/<sub>/resourceGroups/<group>/providers/Microsoft.Network/privateLinkServices/<name>"
}
