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

    /// Answers `pe-net --version` and exits; returns for anything else. Called before the
    /// concurrency runtime starts: parsing builds every command's argument set and looks up
    /// protocol conformances across the whole binary, and the async entry point starts the
    /// runtime's threads, which together are most of the start-up time of a one-line answer.
    public static func answerVersionIfAsked() {
        if CommandLine.arguments.dropFirst().elementsEqual(["--version"]) {
            print(PeNetVersion.current)
            Foundation.exit(0)
        }
    }

    /// The process entry point: parses, runs with the live Environment, exits with the documented code.
    public static func start() async {
        answerVersionIfAsked()
        let arguments = Array(CommandLine.arguments.dropFirst())
        let status = await PeNetMain.run(arguments) { output, invocation in
            Environment.live(output: output, invocation: invocation)
        }
        Foundation.exit(status)
    }
}
