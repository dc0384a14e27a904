import ArgumentParser

/// The `pe-net` root command: it only lists the command groups.
public struct PeNet: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "pe-net",
        abstract: "Private connectivity to Azure SQL Managed Instance: endpoints, private DNS, forwarding VMs.",
        version: PeNetVersion.current,
        subcommands: [
            ARMCommand.self,
            CheckCommand.self,
            DNSCommand.self,
            Endpoints.self,
            FwdCommand.self,
        ]
    )

    public init() {}
}
