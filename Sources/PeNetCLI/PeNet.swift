import ArgumentParser
import Foundation

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
            LinkCommand.self,
            DesiredStatePlan.self,
            DesiredStateApply.self,
            RenderCommand.self,
            ImportCommand.self,
            SnapshotCommand.self,
        ]
    )

    public init() {}

    /// The process entry point: parses, runs with the live Environment, exits with the documented code.
    public static func start() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        // `--version` alone is answered before the command tree is built: parsing builds every
        // command's argument set and looks up protocol conformances across the whole binary,
        // which is most of the start-up time of a one-line answer.
        if arguments == ["--version"] {
            print(PeNetVersion.current)
            Foundation.exit(0)
        }
        let status = await PeNetMain.run(arguments) { output, invocation in
            Environment.live(output: output, invocation: invocation)
        }
        Foundation.exit(status)
    }
}
