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
        usage: "pe-net dns forwarder --kind <kind> --instance <mi> --endpoint <pe> [<options>]",
        discussion: """
            A vnet with custom DNS servers (dhcpOptions.dnsServers) never consults a private zone linked \
            to it: its servers answer. They must forward the zones pe-net plans (the same ones as `dns \
            plan`) to Azure DNS, 168.63.129.16, from a vnet linked to those zones, or to a DNS Private \
            Resolver inbound endpoint in one (--target). Discovers the instance and endpoints like `dns \
            export` and prints, for --kind unbound, forward-zone clauses to include from unbound.conf; \
            for bind, zone statements of type forward to include from named.conf; for windows, \
            PowerShell that adds (or corrects) a conditional forwarder zone per zone; these change \
            nothing in Azure. For private-resolver, in the existing forwarding ruleset --ruleset (its \
            outbound endpoint created beforehand), it plans a forwarding rule per zone to --target (a \
            resolver inbound endpoint) and a ruleset vnet link per client vnet with custom DNS servers, \
            prints the plan, asks for confirmation (--yes skips it; --dry-run changes nothing) and \
            applies it with If-None-Match: * on creates and If-Match on updates. Exits 0, 1 when a \
            finding blocks or a write fails, 2 when declined, 64 on bad input.
            """
    )

    @OptionGroup var target: PrivateDNSTargetOptions

    @Option(
        help: ArgumentHelp(
            "The custom DNS server software: unbound, bind, windows or private-resolver.", valueName: "kind"))
    var kind: ForwarderKind

    @Option(
        name: .customLong("target"),
        help: ArgumentHelp(
            "Where to forward (ip or ip:port; repeatable): default Azure DNS 168.63.129.16, or a DNS Private Resolver inbound endpoint.",
            valueName: "server"))
    var targets: [String] = []

    @Option(
        help: ArgumentHelp(
            "With --kind private-resolver: the forwarding ruleset (Microsoft.Network/dnsForwardingRulesets id) to add the rules and vnet links to.",
            valueName: "id"))
    var ruleset: String?

    @Flag(help: "With --kind private-resolver: print the plan and change nothing.")
    var dryRun = false

    @Flag(help: "With --kind private-resolver: do not ask for confirmation (required without a terminal).")
    var yes = false

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
        try target.validateSingle()
        for text in targets {
            do { _ = try DNSServer(parsing: text) } catch { throw ValidationError("--target: \(error)") }
        }
        if kind == .privateResolver {
            guard let ruleset else {
                throw ValidationError(
                    "--kind private-resolver needs --ruleset <dnsForwardingRulesets id> (the ruleset the administrator created)"
                )
            }
            guard let id = try? ResourceID(parsing: ruleset), ResolverForwardingTarget.isRuleset(id) else {
                throw ValidationError(
                    "--ruleset \(ruleset) is not a forwarding ruleset id: pass /subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.Network/dnsForwardingRulesets/<name>"
                )
            }
            guard !targets.isEmpty else {
                throw ValidationError(
                    "--kind private-resolver needs --target <ip[:port]>: the DNS Private Resolver inbound endpoint that answers from the private zones"
                )
            }
        } else if ruleset != nil || dryRun || yes {
            throw ValidationError("--ruleset, --dry-run and --yes apply to --kind private-resolver only")
        }
    }

    func run(_ env: Environment) async throws {
        let servers = try targets.map { try DNSServer(parsing: $0) }
        let workflow = PrivateDNSWorkflow(client: try azure.client(env), clock: env.clock)
        if kind == .privateResolver {
            try await runPrivateResolver(workflow, servers: servers, env: env)
            return
        }
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
