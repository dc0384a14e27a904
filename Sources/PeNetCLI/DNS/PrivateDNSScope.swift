import ARMNetwork
import ArgumentParser
import Resolver

/// `--scope <subscription…|all>` and `--discovery graph|arm` of `dns plan` and `dns apply`.
struct PrivateDNSScopeOptions: ParsableArguments {
    @Option(
        parsing: .upToNextOption,
        help: ArgumentHelp(
            "Every managed instance in these subscriptions (ids), or in all the token can see (all), each with the endpoints of its Approved connections; instead of --instance and --endpoint.",
            valueName: "subscription…|all"))
    var scope: [String] = []

    @Option(
        help: ArgumentHelp(
            "With --scope: graph (a few paged Resource Graph queries, ARM reads only where the rows lack a property and for zones that exist) or arm (list each subscription's instances, then discover each one).",
            valueName: "graph|arm"))
    var discovery: EstateDiscovery = .graph

    var isEstate: Bool { !scope.isEmpty }

    /// Validates the target for one instance, or for `--scope`.
    func validate(_ target: PrivateDNSTargetOptions) throws {
        guard isEstate else { return try target.validateSingle() }
        try EstateDiscovery.check(scope: scope)
        try target.validateScope()
    }
}

/// The shared steps of `dns plan --scope` and `dns apply --scope`: discovery with the Resource
/// Graph fallback, the report (one section per instance, then a summary line) and the exit code.
enum PrivateDNSScopeRun {
    /// Every instance of the scope, planned.
    static func plans(
        _ scope: PrivateDNSScopeOptions, target: PrivateDNSTargetOptions, adopt: Bool, client: ARMClient,
        env: Environment
    ) async throws -> [PrivateDNSEstate.InstancePlan] {
        let estate = PrivateDNSEstate(client: client)
        let options = target.scopeOptions(adopt: adopt)
        let named = scope.scope.joined(separator: " ")
        do {
            let subscriptions = try await EstateDiscovery.subscriptions(scope.scope, client: client)
            switch scope.discovery {
            case .graph:
                do {
                    return try await estate.plan(subscriptions: subscriptions, discovery: .graph, options: options)
                } catch ARMError.requestFailed(_, let status, _, _, _) where status == 403 {
                    env.reporter.warning(
                        "Resource Graph refused the query (no access); discovering each subscription's instances from ARM instead"
                    )
                    return try await estate.plan(subscriptions: subscriptions, discovery: .arm, options: options)
                }
            case .arm:
                return try await estate.plan(subscriptions: subscriptions, discovery: .arm, options: options)
            }
        } catch let error as ARMError {
            throw PeNetError.failure(
                "cannot discover the instances in --scope \(named): \(error)", resource: named,
                code: "dns.scope-failed")
        }
    }

    /// `=== <instance> (resource group <rg>, subscription <sub>) ===`
    static func header(_ item: PrivateDNSEstate.InstancePlan) -> String {
        "=== \(item.instance.name) (resource group \(item.instance.resourceGroup), subscription \(item.instance.subscription)) ==="
    }

    /// The text of an instance without a plan.
    static func unplanned(_ item: PrivateDNSEstate.InstancePlan) -> String? {
        switch item.outcome {
        case .planned: nil
        case .noEndpoint: "no endpoint: nothing to plan (no private endpoint connection is Approved)"
        case .failed(let message): "cannot plan: \(message)"
        }
    }

    /// Prints one section per instance and the summary (text), one table of every change
    /// (table), or the array of plans (JSON; instances without a plan are noted on standard error).
    static func print(_ items: [PrivateDNSEstate.InstancePlan], strict: Bool, env: Environment) throws {
        let reporter = env.reporter
        switch reporter.format {
        case .json:
            for item in items { if let text = unplanned(item) { reporter.note("\(item.instance.name): \(text)") } }
            try reporter.json(items.compactMap(\.plan))
        case .table:
            var rows: [[String]] = []
            for item in items {
                guard let plan = item.plan else {
                    rows.append([item.instance.name, "-", "-", "-", unplanned(item) ?? ""])
                    continue
                }
                rows += plan.changes.map {
                    [item.instance.name, $0.action.rawValue, $0.resource.kind, $0.resource.displayName, $0.message]
                }
            }
            reporter.table(["INSTANCE", "ACTION", "KIND", "RESOURCE", "DETAIL"], rows)
            reporter.findings(items.compactMap(\.plan).flatMap(\.findings))
            reporter.text(summary(items, strict: strict))
        case .text:
            var sections: [String] = []
            for item in items {
                let body = item.plan.map { PrivateDNSReport.text($0, guidance: false, strict: strict) }
                sections.append(header(item) + "\n" + (body ?? unplanned(item) ?? ""))
            }
            sections.append(summary(items, strict: strict))
            reporter.text(sections.joined(separator: "\n\n"))
        }
    }

    /// `Scope: 4 instance(s): 3 planned, 1 without endpoint, 0 failed; 5 change(s) on 2 instance(s); 3 finding(s), 1 blocking.`
    static func summary(_ items: [PrivateDNSEstate.InstancePlan], strict: Bool) -> String {
        let plans = items.compactMap(\.plan)
        let noEndpoint = items.filter { if case .noEndpoint = $0.outcome { true } else { false } }.count
        let failed = items.count - plans.count - noEndpoint
        let changes = plans.reduce(0) { $0 + $1.changes.filter(\.isWrite).count }
        let changed = plans.filter(\.hasChanges).count
        let findings = plans.reduce(0) { $0 + $1.findings.count }
        let blocking = plans.reduce(0) { $0 + $1.blockingFindings(strict: strict).count }
        return
            "Scope: \(items.count) instance(s): \(plans.count) planned, \(noEndpoint) without endpoint, \(failed) failed; \(changes) change(s) on \(changed) instance(s); \(findings) finding(s), \(blocking) blocking."
    }

    /// The exit code, as `dns plan` sets it for one instance: 1 when an instance could not be
    /// planned; with --expect-no-changes 3 on drift; 1 (64 for rejected input) when a finding
    /// blocks; with --expect-no-changes 3 on changes.
    static func stop(_ items: [PrivateDNSEstate.InstancePlan], strict: Bool, expectNoChanges: Bool) throws {
        let failed = items.filter { if case .failed = $0.outcome { true } else { false } }
        if let first = failed.first {
            throw PeNetError.failure(
                "\(failed.count) instance(s) could not be planned; first: \(first.instance.name): \(unplanned(first) ?? "")",
                resource: first.instance.path, code: "dns.scope-failed")
        }
        let plans = items.compactMap(\.plan)
        for plan in plans { try PrivateDNSSession.stopIfDrifted(plan, expectNoChanges: expectNoChanges) }
        for plan in plans { try PrivateDNSSession.stopIfBlocked(plan, strict: strict) }
        let changed = plans.filter(\.hasChanges)
        if expectNoChanges, let first = changed.first {
            throw PeNetError.checkFailed(
                "\(changed.count) of \(plans.count) instance(s) have changes; first: \(first.instance.name): \(PrivateDNSReport.summary(first))",
                resource: first.instance.id.path, code: "plan.has-changes")
        }
    }
}
