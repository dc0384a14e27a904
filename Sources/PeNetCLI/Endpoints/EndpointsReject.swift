import ARMNetwork
import ArgumentParser

/// `pe-net endpoints reject`: reject Pending private endpoint connections.
struct EndpointsReject: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject",
        abstract: "Reject Pending private endpoint connections on a managed instance.",
        discussion: """
            Reads the connections first and prints what it will do. A Rejected connection is left as \
            it is; an Approved one cannot be rejected: revoke it with `pe-net endpoints delete`. Exits 1 \
            if any selected connection failed.
            """
    )

    @OptionGroup var target: InstanceOptions
    @OptionGroup var decision: DecisionOptions
    @OptionGroup var azure: AzureOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let context = try await EndpointsContext.make(target: target, azure: azure, output: output)
        try await context.decide(.reject, options: decision)
    }
}
