import ARMNetwork
import ArgumentParser
import Foundation
import Resolver

extension DNSForwarder {
    /// The JSON document `--kind private-resolver -o json` prints.
    struct ResolverReport: Encodable {
        var zones: [String]
        var vnets: [ResourceID]
        var plan: ResolverForwardingPlan
        var outcomes: [ResolverForwardingOutcome]
    }

    /// Plans the forwarding rules and ruleset vnet links, confirms, applies.
    func runPrivateResolver(_ workflow: PrivateDNSWorkflow, servers: [DNSServer], env: Environment) async throws {
        let reporter = env.reporter
        let rulesetID = try ResourceID(parsing: ruleset ?? "")
        let plan = try await workflow.plan(target.resolve(azure: azure, adopt: false, env: env))
        if !plan.blockingFindings(strict: false).isEmpty { try PrivateDNSReport.print(plan, guidance: false, env: env) }
        try PrivateDNSSession.stopIfBlocked(plan, strict: false)
        let vnets = plan.findings.filter { $0.code == PrivateDNSFindingCode.customDNSServers }
            .compactMap { $0.resource.flatMap { try? ResourceID(parsing: $0) } }
        let resolver = ResolverForwardingWorkflow(client: workflow.client)
        let forwarding = try await resolver.plan(
            ResolverForwardingTarget(
                ruleset: rulesetID, zones: plan.zones.map(\.name),
                targets: servers.map { TargetDNSServer(ipAddress: "\($0.address)", port: Int($0.port)) },
                vnets: vnets))
        let writes = forwarding.changes.filter(\.isWrite)
        if !reporter.isJSON {
            var lines = forwarding.changes.map { "\($0.action.rawValue.padding(9)) \($0.message)" }
            if vnets.isEmpty {
                lines.append("No client vnet uses custom DNS servers: no ruleset vnet link is planned.")
            }
            lines.append(
                writes.isEmpty
                    ? "No changes: ruleset \(rulesetID.name) already forwards the zones."
                    : "Plan: \(writes.count) change(s) to ruleset \(rulesetID.name).")
            reporter.text(lines.joined(separator: "\n"))
        }
        var outcomes: [ResolverForwardingOutcome] = []
        if !writes.isEmpty && !dryRun {
            try env.confirm("Apply \(writes.count) change(s) to forwarding ruleset \(rulesetID.name)?", yes: yes)
            outcomes = await resolver.apply(forwarding) { outcome in
                guard outcome.change.isWrite else { return }
                reporter.progressDone(
                    "\(outcome.failed ? "failed" : "done") \(outcome.change.action.rawValue) \(outcome.change.resource.kind) \(outcome.change.resource.id.name)\(outcome.error.map { ": \($0)" } ?? "")"
                )
            }
        }
        if reporter.isJSON {
            try reporter.json(
                ResolverReport(zones: plan.zones.map(\.name), vnets: vnets, plan: forwarding, outcomes: outcomes))
        } else if !outcomes.isEmpty {
            reporter.text(
                "Applied \(outcomes.filter { $0.change.isWrite && !$0.failed }.count) of \(writes.count) change(s).")
        }
        if let first = outcomes.first(where: \.failed) {
            throw PeNetError.failure(
                "\(outcomes.filter(\.failed).count) forwarding ruleset change(s) failed; first: \(first.error ?? "")",
                fix: env.commandLine(), resource: first.change.resource.id.path, code: "dns.forwarder-failed")
        }
    }
}
