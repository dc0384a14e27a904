import ARMNetwork
import ArgumentParser
import DNSModel
import Resolver

/// The instance, its endpoints and where the zones go: shared by `dns plan`, `dns apply`,
/// `dns export`, `dns forwarder` and `dns zonefile import`
/// (`@OptionGroup var target: PrivateDNSTargetOptions`). Each command validates it in its own
/// `validate()`: ``validateSingle()`` (one instance, the only way for most), or
/// ``validateScope()`` when `dns plan` / `dns apply` are given `--scope`.
struct PrivateDNSTargetOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The managed instance: its ARM id, or its name with --resource-group and --subscription.", valueName: "mi"))
    var instance: String?

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

    /// One instance: `--instance` and at least one `--endpoint` are required.
    func validateSingle() throws {
        guard instance != nil else { throw ValidationError("Missing expected argument '--instance <mi>'") }
        guard !endpoints.isEmpty else {
            throw ValidationError("no endpoint given: add --endpoint <private endpoint id or name> (repeatable)")
        }
        try validateShared()
    }

    /// `--scope`: every instance with its own endpoints, so `--instance` and `--endpoint` are refused.
    func validateScope() throws {
        guard instance == nil, endpoints.isEmpty else {
            throw ValidationError(
                "--scope plans every instance in the subscriptions with the endpoints of its Approved connections: drop --instance and --endpoint, or drop --scope"
            )
        }
        try validateShared()
    }

    private func validateShared() throws {
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

    /// The workflow's target from the flags: instance and endpoint ids, the planner's options.
    func resolve(azure: AzureOptions, adopt: Bool, env: Environment) throws -> PrivateDNSWorkflow.Target {
        guard let instance, !endpoints.isEmpty else {
            throw PeNetError.usage("no instance given: add --instance <mi> and --endpoint <pe>")
        }
        let instanceID = try azure.resourceID(
            instance, namespace: "Microsoft.Sql", type: "managedInstances", flag: "--instance", env: env)
        let endpointIDs = try endpoints.map {
            try azure.resourceID(
                $0, namespace: "Microsoft.Network", type: "privateEndpoints", flag: "--endpoint", env: env)
        }
        let first = endpointIDs[0]
        let placement = DNSPlacement(
            subscription: dnsSubscription ?? first.subscription, resourceGroup: dnsResourceGroup ?? first.resourceGroup)
        return PrivateDNSWorkflow.Target(
            instance: instanceID, endpoints: endpointIDs,
            options: PrivateDNSOptions(zoneName: zoneName, placement: placement, ttl: ttl, adopt: adopt))
    }
}

/// The options per instance of `--scope`: the target's zone name, TTL and DNS placement (by
/// default the first endpoint's resource group and subscription, as for one instance).
extension PrivateDNSTargetOptions {
    func scopeOptions(adopt: Bool) -> @Sendable (ResourceID, [ResourceID]) -> PrivateDNSOptions {
        let (zoneName, ttl, group, subscription) = (zoneName, ttl, dnsResourceGroup, dnsSubscription)
        return { _, endpoints in
            let first = endpoints[0]
            return PrivateDNSOptions(
                zoneName: zoneName,
                placement: DNSPlacement(
                    subscription: subscription ?? first.subscription, resourceGroup: group ?? first.resourceGroup),
                ttl: ttl, adopt: adopt)
        }
    }
}

/// `--adopt`: shared by `plan` and `apply`.
struct PrivateDNSPlanOptions: ParsableArguments {
    @Flag(help: "Take over A records and links pe-net did not create, and correct them.")
    var adopt = false
}

/// The shared steps of plan, apply and export.
enum PrivateDNSSession {
    /// Under `--expect-no-changes`, drift apply cannot fix by itself (a foreign A record pointing
    /// elsewhere) is a difference: exit 3, like a change.
    static func stopIfDrifted(_ plan: PrivateDNSPlan, expectNoChanges: Bool) throws {
        guard expectNoChanges, plan.hasDrift,
            let first = plan.findings.first(where: { $0.code == PrivateDNSFindingCode.recordForeign })
        else { return }
        throw PeNetError.checkFailed(
            "the private DNS has drifted: \(first.message)", resource: first.resource, code: "plan.drift")
    }

    /// Stops (after the report was printed) when a finding blocks: bad flags exit 64, a state
    /// that must be fixed first exits 1. The findings themselves were printed with the plan.
    static func stopIfBlocked(_ plan: PrivateDNSPlan, strict: Bool) throws {
        let blocking = plan.blockingFindings(strict: strict).sorted { $0.severity > $1.severity }
        guard !blocking.isEmpty else { return }
        let message =
            "the plan has \(blocking.count) blocking finding(s) (listed with the plan\(strict ? "; --strict counts warnings" : "")): "
            + (blocking.first?.message ?? "")
        if plan.rejectsInput {
            throw PeNetError.usage(message, resource: blocking.first?.resource, code: "plan.rejected-input")
        }
        throw PeNetError.failure(message, resource: blocking.first?.resource, code: "plan.blocked")
    }
}
