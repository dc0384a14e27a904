import ArgumentParser

/// `pe-net endpoints`: the private endpoint connections of a SQL Managed Instance.
struct Endpoints: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "endpoints",
        abstract:
            "List, approve, reject and delete private endpoint connections on a SQL Managed Instance or Private Link Service.",
        subcommands: [EndpointsList.self, EndpointsApprove.self, EndpointsReject.self, EndpointsDelete.self]
    )
}
