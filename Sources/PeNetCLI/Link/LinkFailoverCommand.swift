import ARMNetwork
import ArgumentParser
import MILink

extension LinkARMWorkflow.FailoverType: ExpressibleByArgument {}

/// `pe-net link failover`: planned or forced failover of the link.
struct LinkFailoverCommand: PeNetCommand {
    static let configuration = CommandConfiguration(
        commandName: "failover",
        abstract: "Fail the link over: planned (no data loss, two-way links) or forced (data loss possible).",
        discussion: """
            Posts failover to the distributed availability group and waits for it. Before a planned \
            failover, switch both sides to synchronous commit (13-sync-switch.sql and the PATCH of link \
            plan) and compare the LSNs. Asks for confirmation when standard input is a terminal; without \
            one, pass --yes.
            """
    )

    @OptionGroup var target: LinkTargetOptions

    @Option(name: .customLong("type"), help: "planned or forced.")
    var failoverType: LinkARMWorkflow.FailoverType

    @Flag(help: "Print the call, change nothing.")
    var dryRun = false

    @Flag(help: "Do not ask for confirmation (required when standard input is not a terminal).")
    var yes = false

    @OptionGroup var azure: AzureOptions
    @OptionGroup var output: OutputOptions

    struct Document: Encodable {
        var call: LinkARMWorkflow.Call
        var status: LinkStatus?
    }

    func run(_ env: Environment) async throws {
        let workflow = try target.workflow(azure, env: env)
        let id = try workflow.linkID(target.dag)
        var call = LinkARMWorkflow.Call(
            phase: "per-database", method: "POST", path: LinkARMWorkflow.display(id, action: "failover"),
            body: LinkARMWorkflow.json(LinkARMWorkflow.failoverBody(failoverType)),
            status: dryRun ? "would run" : "pending", message: "\(failoverType.rawValue) failover of \(target.dag)")
        guard try await workflow.link(target.dag) != nil else {
            throw PeNetError.failure(
                "link \(target.dag) does not exist on instance \(workflow.instance.name); nothing was changed",
                resource: id.path, code: "link.not-found")
        }
        if !dryRun {
            let risk = failoverType == .forced ? " Data not yet replicated is lost." : ""
            try env.confirm(
                "\(failoverType.rawValue.capitalized) failover of link \(target.dag)?\(risk) [y/N] ", yes: yes)
        }
        var status: LinkStatus?
        if !dryRun {
            let after = try await workflow.failover(target.dag, type: failoverType)
            call.status = "done"
            status = after.map { LinkStatus($0, now: env.clock.now()) }
        }
        env.reporter.clearStatus()
        if env.reporter.isJSON {
            try env.reporter.json(Document(call: call, status: status))
            return
        }
        env.reporter.text("\(call.status)  \(call.method) \(call.path)\n    body: \(call.body ?? "")")
        if let status { LinkStatusCommand.render(status, env: env) }
    }
}
