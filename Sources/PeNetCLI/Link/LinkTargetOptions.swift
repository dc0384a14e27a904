import ARMNetwork
import ArgumentParser
import MILink

/// The link an operation addresses: the instance and the distributed availability group's name.
struct LinkTargetOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The Managed Instance: its ARM id, or its name together with --resource-group.", valueName: "id-or-name"))
    var instance: String

    @Option(help: ArgumentHelp("The link's name (the distributed availability group).", valueName: "name"))
    var dag: String

    func validate() throws {
        let allowed = dag.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F && $0 != "/" }
        guard !dag.isEmpty, dag.count <= 128, allowed else {
            throw ValidationError(
                "--dag \(dag.escapingControlCharacters) is not a link name; pass the distributed availability group's name (no /, at most 128 characters)"
            )
        }
    }

    /// The workflow against the instance.
    func workflow(_ azure: AzureOptions, env: Environment) throws -> LinkARMWorkflow {
        let instance = try InstanceOptions.resolve(instance, azure: azure, env: env)
        return LinkARMWorkflow(client: try azure.client(env), instance: instance)
    }
}
