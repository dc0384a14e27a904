import ARMNetwork
import ArgumentParser
import Foundation

/// `pe-net plan -f <file>`: what the desired-state file needs in Azure, against what exists.
struct DesiredStatePlan: PeNetCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what the desired-state file (pe-net.yaml) needs in Azure and what would change.",
        discussion: """
            For each instance: the pending private endpoint connections its approval policy approves \
            or rejects, those it leaves pending (with who asked), its private DNS (zones, links, \
            A records) and its links (SQL Server's certificate as a server trust certificate, the \
            distributed availability group). Then the records and links pe-net created in the file's DNS \
            resource groups for instances the file no longer wants (deletes). For each Data Factory path: the instances' connection type (Proxy), the three subnets and \
            the Private Link Service subnet's policy, the Standard internal load balancer (frontend, \
            pool, one rule and probe per instance), the forwarders in its pool, the Private Link \
            Service, the Data Factory managed private endpoint and its approval; each as create or \
            update with the fields that differ, then findings and the host each ADF linked service \
            uses. Ends with the host each client connects to and the links' next steps on SQL Server. \
            --target narrows it to instances or paths. Changes nothing. `-o json` prints the plan that `apply --plan-file` executes. Exits 0, \
            1 when a finding blocks apply, 3 with --expect-no-changes when there are changes, 64 on a \
            bad file (one line: file:line:column: message).
            """
    )

    @OptionGroup var source: DesiredStateFileOptions
    @OptionGroup var check: PlanCheckOptions
    @OptionGroup var azure: AzureOptions
    @OptionGroup var output: OutputOptions

    func run(_ env: Environment) async throws {
        let file = try source.load()
        let run = try DesiredStateRun(file: source, azure: azure, env: env)
        let parts = try await run.plan(file, scanDeletes: source.targets.isEmpty)
        if env.reporter.isJSON {
            try env.reporter.json(
                DesiredStateReport(
                    file: source.file, dryRun: true, instances: parts.estate, instanceOutcomes: nil,
                    deletes: parts.deletes, links: parts.links, plan: parts.paths, outcomes: []))
        } else {
            env.reporter.text(DesiredStateText.plan(parts))
        }
        try DesiredStateRun.stopIfBlocked(parts, strict: check.strict)
        if check.expectNoChanges && parts.hasChanges {
            throw PeNetError.checkFailed(parts.summary, resource: source.file, code: "plan.has-changes")
        }
    }
}

/// The whole plan as text: instances (with their links), then Data Factory paths, then one
/// summary line, then how clients connect and what the links need next.
enum DesiredStateText {
    static func plan(_ parts: DesiredStatePlanParts) -> String {
        var lines = EstateText.plan(parts.estate, links: parts.links) + EstateText.deleteLines(parts.deletes)
        if !parts.paths.paths.isEmpty {
            var pathLines = DataFactoryPathText.plan(parts.paths).components(separatedBy: "\n")
            pathLines.removeLast()
            lines += pathLines
        }
        lines.append(parts.summary)
        lines += connections(parts)
        return lines.joined(separator: "\n")
    }

    /// The host each client puts in its connection string (per instance: the name its private
    /// DNS serves; per Data Factory path: the linked service's host,port), and each link's next
    /// steps on SQL Server.
    static func connections(_ parts: DesiredStatePlanParts) -> [String] {
        var lines: [String] = []
        for part in parts.estate.instances {
            for guide in part.dns?.guidance ?? [] {
                let tls =
                    guide.encrypt
                    ? "Encrypt=true" : "Encrypt=false;TrustServerCertificate=\(guide.trustServerCertificate)"
                lines.append("  instance \(part.instance.name): \(guide.host),\(guide.port) (\(tls))")
            }
        }
        for path in parts.paths.paths {
            for host in path.linkedServices {
                lines.append("  Data Factory path \(path.name) → \(host.instance.name): \(host.server)")
            }
        }
        var next: [String] = []
        for link in parts.links.links where link.error == nil {
            next.append("  link \(link.name) on \(link.instance.name):")
            next += link.nextSteps.enumerated().map { "    \($0.offset + 1). \($0.element)" }
        }
        var out: [String] = []
        if !lines.isEmpty {
            out += ["", "Connect (the host in each client's connection string, never an IP):"] + lines
        }
        if !next.isEmpty { out += ["", "Next for the links, on SQL Server:"] + next }
        return out
    }
}
