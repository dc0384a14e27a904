import ARMNetwork
import ArgumentParser
import Foundation

/// `pe-net dns plan`: what private DNS the instance's endpoints need, against what exists.
struct DNSPlan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show the private DNS zone, vnet links and A record the endpoints need, and what would change.",
        discussion: """
            Reads the instance (FQDN, dnsZone, vnet), each endpoint (vnet, NIC IP, approval) and the \
            peerings of both vnets, decides the topology (same, peered or separate) and prints it with \
            the evidence. Separate vnets need zone privatelink.<dnsZone>.<suffix>; same or peered vnets \
            need any other name (--zone-name), and that one is refused. Prints create / update / \
            unchanged per resource, findings on what exists, and how clients connect. Changes nothing. \
            Exits 0, 1 when a finding blocks apply, 3 with --expect-no-changes when there are changes, \
            64 on bad input.
            """
    )

    @OptionGroup var target: PrivateDNSTargetOptions
    @OptionGroup var behaviour: PrivateDNSPlanOptions

    @Flag(help: "Exit 3 when the plan has changes (for pipelines that check for drift).")
    var expectNoChanges = false

    @OptionGroup var azure: AzureOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let (plan, _) = try await PrivateDNSSession.plan(
            target: target, azure: azure, output: output, adopt: behaviour.adopt)
        if output.format.isJSON {
            try CLIOutput.printJSON(plan)
        } else {
            print(PrivateDNSReport.text(plan, strict: behaviour.strict))
        }
        try PrivateDNSSession.stopIfBlocked(plan, strict: behaviour.strict)
        if expectNoChanges && plan.hasChanges { throw PeNetExit.checkFailed }
    }
}
