import ARMNetwork
import ArgumentParser
import MILink

/// `pe-net link delete`: break the link (the database on the instance becomes writable).
struct LinkDeleteCommand: PeNetCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete the link: replication stops and the instance's database becomes writable.",
        discussion: """
            Deletes the distributed availability group and waits. Compare the LSNs first (13-sync-switch.sql) \
            to lose nothing, and run 15-cleanup.sql on SQL Server afterwards. A link that does not exist is \
            reported and nothing changes. Asks for confirmation when standard input is a terminal; without \
            one, pass --yes.
            """
    )

    @OptionGroup var target: LinkTargetOptions

    @Flag(help: "Print the call, change nothing.")
    var dryRun = false

    @Flag(help: "Do not ask for confirmation (required when standard input is not a terminal).")
    var yes = false

    @OptionGroup var azure: AzureOptions
    @OptionGroup var output: OutputOptions

    func run(_ env: Environment) async throws {
        let workflow = try target.workflow(azure, env: env)
        let id = try workflow.linkID(target.dag)
        var call = LinkARMWorkflow.Call(
            phase: "per-database", method: "DELETE", path: LinkARMWorkflow.display(id), body: nil,
            status: dryRun ? "would run" : "pending", message: "delete link \(target.dag)")
        if try await workflow.link(target.dag) == nil {
            call.status = "unchanged"
            call.message = "link \(target.dag) does not exist; nothing to delete"
        } else if !dryRun {
            try env.confirm(
                "Delete link \(target.dag) on \(workflow.instance.name)? Replication stops for good. [y/N] ", yes: yes)
            try await workflow.delete(target.dag)
            call.status = "done"
        }
        env.reporter.clearStatus()
        if env.reporter.isJSON {
            try env.reporter.json(call)
            return
        }
        env.reporter.text("\(call.status)  \(call.method) \(call.path)\n    \(call.message)")
    }
}
