import ARMNetwork
import ArgumentParser

/// `pe-net endpoints approve`: approve Pending private endpoint connections.
struct EndpointsApprove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Approve Pending private endpoint connections on a managed instance.",
        discussion: """
            Reads the connections first and prints what it will do. An Approved connection is left as \
            it is; a Rejected one cannot be approved (the endpoint's owner must recreate the endpoint or \
            set it back to Pending). Exits 1 if any selected connection failed.
            """
    )

    @OptionGroup var target: InstanceOptions
    @OptionGroup var decision: DecisionOptions
    @OptionGroup var azure: AzureOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let context = try await EndpointsContext.make(target: target, azure: azure, output: output)
        try await context.decide(.approve, options: decision)
    }
}
