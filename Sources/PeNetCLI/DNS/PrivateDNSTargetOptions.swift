import ARMNetwork
import ArgumentParser
import DNSModel
import Foundation
import Resolver

/// The instance, its endpoints and where the zones go: shared by `dns plan`, `dns apply` and
/// `dns export` (`@OptionGroup var target: PrivateDNSTargetOptions`).
struct PrivateDNSTargetOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The managed instance: its ARM id, or its name with --resource-group and --subscription.", valueName: "mi"))
    var instance: String

    @Option(
        name: .customLong("endpoint"),
        help: ArgumentHelp("A private endpoint to the instance (repeatable): its ARM id, or its name.", valueName: "pe")
    )
    var endpoints: [String] = []

    @Option(
        help: ArgumentHelp(
            "Zone for same or peered vnets (default \(PrivateDNSOptions.defaultSameVNetZoneName)); separate vnets always use privatelink.<dnsZone>.<suffix>.",
            valueName: "zone"))
    var zoneName: String?

    @Option(
        help: ArgumentHelp("Resource group of the private DNS zones (default: the first endpoint's).", valueName: "rg"))
    var dnsResourceGroup: String?

    @Option(
        help: ArgumentHelp("Subscription of the private DNS zones (default: the first endpoint's).", valueName: "sub"))
    var dnsSubscription: String?

    @Option(help: ArgumentHelp("TTL of the instance's A record, in seconds.", valueName: "seconds"))
    var ttl: Int = PrivateDNSOptions.defaultTTL

    func validate() throws {
        guard !endpoints.isEmpty else {
            throw ValidationError("no endpoint given: add --endpoint <private endpoint id or name> (repeatable)")
        }
        guard (1...2_147_483_647).contains(ttl) else {
            throw ValidationError("--ttl must be between 1 and 2147483647 seconds")
        }
        if let zoneName {
            do {
                let name = try DomainName(zoneName)
                guard name.labelCount >= 2 else {
                    throw ValidationError("--zone-name \(zoneName) needs at least two labels, e.g. privatelink.site")
                }
            } catch let error as DNSModelError {
                throw ValidationError("--zone-name: \(error)")
            }
        }
    }

    /// The instance and endpoint ids and the planner's options, from the flags.
    func resolve(azure: AzureOptions, adopt: Bool) throws -> (ResourceID, [ResourceID], PrivateDNSOptions) {
        let instanceID = try azure.resourceID(
            instance, namespace: "Microsoft.Sql", type: "managedInstances", flag: "--instance")
        let endpointIDs = try endpoints.map {
            try azure.resourceID($0, namespace: "Microsoft.Network", type: "privateEndpoints", flag: "--endpoint")
        }
        let first = endpointIDs[0]
        let placement = DNSPlacement(
            subscription: dnsSubscription ?? first.subscription, resourceGroup: dnsResourceGroup ?? first.resourceGroup)
        return (
            instanceID, endpointIDs, PrivateDNSOptions(zoneName: zoneName, placement: placement, ttl: ttl, adopt: adopt)
        )
    }
}

/// Flags of `plan` and `apply` that shape what counts as a problem.
struct PrivateDNSPlanOptions: ParsableArguments {
    @Flag(help: "Take over A records and links pe-net did not create, and correct them.")
    var adopt = false

    @Flag(help: "Treat warnings (pending endpoint, records left alone, …) as errors.")
    var strict = false
}

/// The shared path of plan, apply and export: discover, plan, report.
enum PrivateDNSSession {
    /// Discovers and plans. Bad flags exit 64 before any ARM call.
    static func plan(
        target: PrivateDNSTargetOptions, azure: AzureOptions, output: OutputOptions, adopt: Bool, readDNS: Bool = true
    ) async throws -> (PrivateDNSPlan, ARMClient) {
        let (instanceID, endpointIDs, options) = try target.resolve(azure: azure, adopt: adopt)
        let client = try azure.makeClient(verbose: output.verbose)
        let facts = try await PrivateDNSDiscovery(client: client).discover(
            instance: instanceID, endpoints: endpointIDs, options: options, readDNS: readDNS)
        return (PrivateDNSPlanner.plan(facts: facts, options: options), client)
    }

    /// Stops (after the report was printed) when a finding blocks: bad flags exit 64, a state
    /// that must be fixed first exits 1.
    static func stopIfBlocked(_ plan: PrivateDNSPlan, strict: Bool) throws {
        let blocking = plan.blockingFindings(strict: strict)
        guard !blocking.isEmpty else { return }
        for line in CLIOutput.lines(for: blocking) { CLIOutput.printError(line) }
        throw plan.rejectsInput ? PeNetExit.usage : PeNetExit.failure
    }

    /// What `--verify-with` checks: the name clients use for each zone, to the endpoint IPs.
    /// Separate vnets: the instance FQDN (through its public CNAME); same / peered: `<instance>.<zone>`.
    static func expectations(for plan: PrivateDNSPlan) throws -> [ResolutionExpectation] {
        var result: [ResolutionExpectation] = []
        for guidance in plan.guidance {
            for record in plan.records where record.zoneName == guidance.zoneName {
                for ip in record.ips {
                    result.append(try ResolutionExpectation(parsing: "\(guidance.host)=\(ip)"))
                }
            }
        }
        return ResolutionExpectation.merged(result)
    }
}
