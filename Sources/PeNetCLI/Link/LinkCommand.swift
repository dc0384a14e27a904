import ArgumentParser

/// `pe-net link`: the Managed Instance link from SQL Server; it only lists its subcommands.
struct LinkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link",
        abstract:
            "The Managed Instance link from SQL Server: validated T-SQL scripts, the ARM calls, status and network checks.",
        subcommands: [
            LinkPlanCommand.self, LinkCreateCommand.self, LinkStatusCommand.self, LinkFailoverCommand.self,
            LinkDeleteCommand.self, LinkCheckNetCommand.self,
        ]
    )
}
