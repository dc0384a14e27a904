import ArgumentParser

/// `pe-net dns`: private DNS for Managed Instance endpoints; it only lists its subcommands.
struct DNSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dns",
        abstract:
            "Private DNS for Managed Instance endpoints: plan, apply and export the zones; render custom DNS servers' forwarders; verify resolution; check and render zone files.",
        subcommands: [
            DNSVerify.self,
            DNSZonefile.self,
            DNSPlan.self,
            DNSApply.self,
            DNSExport.self,
            DNSForwarder.self,
        ]
    )
}
