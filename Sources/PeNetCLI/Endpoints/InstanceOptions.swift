import ARMNetwork
import ArgumentParser

/// How an endpoint command names its managed instance: a full ARM id, or a name with
/// `--resource-group` (and `--subscription`) from the Azure options, as `az` does.
struct InstanceOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The managed instance: its ARM id, or its name together with --resource-group.", valueName: "id-or-name"))
    var instance: String

    /// The instance id, checked to be a `Microsoft.Sql/managedInstances` resource.
    func resolve(_ azure: AzureOptions, env: Environment) throws -> ResourceID {
        let id = try azure.resourceID(
            instance, namespace: "Microsoft.Sql", type: "managedInstances", flag: "--instance", env: env)
        guard id.segments.count == 1, id.resourceType.lowercased() == "microsoft.sql/managedinstances" else {
            throw PeNetError.usage(
                "--instance \(instance) is a \(id.resourceType), not a managed instance; expected \(Self.shape)",
                resource: instance)
        }
        return id
    }

    static let shape = "/subscriptions/<sub>/resourceGroups/<group>/providers/Microsoft.Sql/managedInstances/<name>"
}
