import ARMNetwork
import ArgumentParser
import DNSModel
import Foundation
import Resolver

/// `pe-net dns forwarder`: what a vnet's custom DNS servers need to answer from the private zones.
struct DNSForwarder: PeNetCommand {
    static let configuration = CommandConfiguration(
        commandName: "forwarder",
        abstract: "Render the conditional forwarding custom DNS servers need for the endpoints' private zones.",
        discussion: """
            A vnet with custom DNS servers (dhcpOptions.dnsServers) never consults a private zone linked \
            to it: its servers answer. They must forward the zones pe-net plans (the same ones as `dns \
            plan`) to Azure DNS, 168.63.129.16, from a vnet linked to those zones, or to a DNS Private \
            Resolver inbound endpoint in one (--target). Discovers the instance and endpoints like `dns \
            export` and prints, for --kind unbound, forward-zone clauses to include from unbound.conf; \
            for bind, zone statements of type forward to include from named.conf; for windows, \
            PowerShell that adds (or corrects) a conditional forwarder zone per zone. Changes nothing \
            in Azure. Exits 0, 1 when a finding blocks, 64 on bad input.
            """
    )

    @OptionGroup var target: PrivateDNSTargetOptions

    @Option(help: ArgumentHelp("The custom DNS server software: unbound, bind or windows.", valueName: "kind"))
    var kind: ForwarderKind

    @Option(
        name: .customLong("target"),
        help: ArgumentHelp(
            "Where to forward (ip or ip:port; repeatable): default Azure DNS 168.63.129.16, or a DNS Private Resolver inbound endpoint.",
            valueName: "server"))
    var targets: [String] = []

    @OptionGroup var azure: AzureOptions
    @OptionGroup var output: OutputOptions

    /// The JSON document `-o json` prints.
    struct Rendered: Encodable {
        var kind: ForwarderKind
        var zones: [String]
        var targets: [String]
        var text: String
    }

    func validate() throws {
        for text in targets {
            do { _ = try DNSServer(parsing: text) } catch { throw ValidationError("--target: \(error)") }
        }
    }

    func run(_ env: Environment) async throws {
        let servers = try targets.map { try DNSServer(parsing: $0) }
        let workflow = PrivateDNSWorkflow(client: try azure.client(env), clock: env.clock)
        let plan = try await workflow.plan(target.resolve(azure: azure, adopt: false, env: env), readDNS: false)
        if !plan.blockingFindings(strict: false).isEmpty { try PrivateDNSReport.print(plan, guidance: false, env: env) }
        try PrivateDNSSession.stopIfBlocked(plan, strict: false)
        let forwarder = ConditionalForwarder(
            zones: try plan.zones.map { try DomainName($0.name) },
            targets: servers.isEmpty ? [ConditionalForwarder.azureDNS] : servers,
            comment: "pe-net: private DNS zones of instance \(plan.instance.name) (\(plan.instance.fqdn.lowercased()))")
        let text: String
        do {
            text = try forwarder.render(kind)
        } catch {
            throw PeNetError.usage("\(error)", fix: env.commandLine(removing: Set(targets + ["--target"])))
        }
        if env.reporter.isJSON {
            try env.reporter.json(
                Rendered(
                    kind: kind, zones: plan.zones.map(\.name), targets: forwarder.targets.map(\.description),
                    text: text))
        } else {
            env.reporter.raw(text)
        }
    }
}

extension ForwarderKind: ExpressibleByArgument {}
