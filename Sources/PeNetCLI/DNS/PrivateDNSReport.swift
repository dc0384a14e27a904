import ARMNetwork
import Resolver

/// Renders a private DNS plan for people: instance, topology with evidence, zone names and why,
/// findings, the changes (create / update / unchanged) and connection guidance. Pure.
enum PrivateDNSReport {
    /// Prints the plan in the command's format: text, an aligned table of the changes, or JSON.
    static func print(_ plan: PrivateDNSPlan, strict: Bool = false, guidance: Bool = true, env: Environment) throws {
        switch env.reporter.format {
        case .json:
            try env.reporter.json(plan)
        case .table:
            env.reporter.table(
                ["ACTION", "KIND", "RESOURCE", "DETAIL"],
                plan.changes.map { [$0.action.rawValue, $0.resource.kind, $0.resource.displayName, $0.message] })
            env.reporter.findings(plan.findings)
            env.reporter.text(summary(plan))
        case .text:
            env.reporter.text(text(plan, guidance: guidance, strict: strict))
        }
    }

    static func text(_ plan: PrivateDNSPlan, guidance: Bool = true, strict: Bool = false) -> String {
        var lines: [String] = []
        let instance = plan.instance
        lines.append(
            "Instance  \(instance.name) (\(instance.fqdn.lowercased())) in vnet \(instance.vnetID.name)")
        for placement in plan.placements {
            let endpoint = placement.endpoint
            lines.append(
                "Endpoint  \(endpoint.name) \(endpoint.ip?.description ?? "(no IPv4 address)") in vnet \(endpoint.vnetID.name): \(placement.topology.rawValue)"
            )
            lines += placement.evidence.map { "            - \($0)" }
        }
        for zone in plan.zones {
            lines.append("Zone      \(zone.name): \(zone.reason)")
        }
        if !plan.findings.isEmpty {
            lines.append("")
            lines.append("Findings")
            for finding in plan.findings.sorted(by: { $0.severity > $1.severity }) {
                lines.append("  \(finding.severity.rawValue.padding(7)) \(finding.message)")
            }
        }
        lines.append("")
        lines.append("Changes")
        for change in plan.changes {
            lines.append(
                "  \(symbol(change.action)) \(change.action.rawValue.padding(9)) \(change.resource.kind.padding(9)) \(change.message)"
            )
        }
        lines.append(summary(plan))
        let blocking = plan.blockingFindings(strict: strict).count
        if blocking > 0 {
            lines.append("Apply refuses this plan until the \(blocking) finding(s) marked above are resolved.")
        }
        if guidance {
            for item in plan.guidance {
                lines.append("")
                lines.append(item.text)
            }
        }
        return lines.joined(separator: "\n")
    }

    static func summary(_ plan: PrivateDNSPlan) -> String {
        let count = { (action: PrivateDNSChange.Action) in plan.changes.filter { $0.action == action }.count }
        if plan.changes.isEmpty, !plan.blockingFindings(strict: false).isEmpty {
            return "Nothing could be planned: resolve the findings above first."
        }
        if !plan.hasChanges { return "No changes: the private DNS matches the plan (\(count(.unchanged)) unchanged)." }
        let deletes = count(.delete) > 0 ? ", \(count(.delete)) to delete" : ""
        return
            "Plan: \(count(.create)) to create, \(count(.update)) to update\(deletes), \(count(.unchanged)) unchanged."
    }

    static func symbol(_ action: PrivateDNSChange.Action) -> String {
        switch action {
        case .create: "+"
        case .update: "~"
        case .unchanged: "="
        case .delete: "-"
        }
    }
}
