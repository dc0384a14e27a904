import ARMNetwork
import ArgumentParser
import DNSModel
import Foundation
import Resolver

/// `pe-net dns zonefile import --file <zone file>`: the file's record sets into the instance's
/// private zone, marked as pe-net's; what the zone already holds differently is listed, never
/// overwritten.
struct DNSZonefileImport: PeNetCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a zone file's records into the private DNS zone of the instance's endpoints.",
        usage: "pe-net dns zonefile import --file <zone-file> --instance <mi> --endpoint <pe> [<options>]",
        discussion: """
            Lints and parses --file with ldns (bad syntax exits 64 before Azure is read), finds the \
            zone the way `dns plan` does (the same --instance, --endpoint, --zone-name, \
            --dns-resource-group and --dns-subscription; the file's $ORIGIN picks the zone when the \
            plan has several), reads the zone's record sets and prints the plan: create for sets the \
            zone lacks, unchanged for sets it holds with the same records and TTL, conflict for sets \
            it holds with other records or another TTL (listed, never overwritten), ignored for the \
            apex SOA and NS (Azure keeps its own) and for types a private zone cannot hold. --yes \
            applies the creates (If-None-Match: *, metadata managedBy=pe-net and \
            peNetSource=zonefile:<file>). The zone must exist: `dns apply` creates it. Exits 0; 3 \
            when there are conflicts (after creating the rest, and under --dry-run too); 1 when the \
            zone is missing or a create failed; 2 when confirmation is declined; 64 on bad input.
            """
    )

    static var hasTableOutput: Bool { true }

    @Option(help: ArgumentHelp("The RFC 1035 zone file to import.", valueName: "zone-file"))
    var file: String

    @OptionGroup var target: PrivateDNSTargetOptions

    @Flag(help: "Print the plan and change nothing.")
    var dryRun = false

    @Flag(help: "Do not ask for confirmation (required when standard input is not a terminal).")
    var yes = false

    @OptionGroup var azure: AzureOptions
    @OptionGroup var output: OutputOptions

    /// The JSON document `-o json` prints.
    struct Report: Encodable {
        var plan: ZoneImportPlan
        var outcomes: [ZoneImportOutcome]
    }

    /// Stands in for the origin while linting, before the zone is known.
    static let lintOrigin: DomainName = "import.invalid."
    static let otherLintOrigin: DomainName = "other.import.invalid."

    func validate() throws { try target.validateSingle() }

    func run(_ env: Environment) async throws {
        let fileOrigin = try originOfFile()
        let client = try azure.client(env)
        let dnsPlan = try await PrivateDNSWorkflow(client: client, clock: env.clock).plan(
            target.resolve(azure: azure, adopt: false, env: env))
        guard let first = dnsPlan.zones.first else {
            throw PeNetError.failure(
                "the plan for \(dnsPlan.instance.name) has no private zone to import into; see `pe-net dns plan`",
                resource: dnsPlan.instance.id.path, code: "zonefile.no-zone")
        }
        let zone = try parse(origin: try fileOrigin ?? DomainName(first.name + "."))
        guard let desired = ZoneImportPlanner.zone(named: zone.origin.text, in: dnsPlan) else {
            throw PeNetError.usage(
                "--file \(file) is for zone \(zone.origin.text), but the instance's endpoints use \(dnsPlan.zones.map(\.name).joined(separator: ", ")); set $ORIGIN in the file to one of them",
                resource: file, code: "zonefile.wrong-zone")
        }
        if dnsPlan.changes.contains(where: { $0.action == .create && $0.resource.id == desired.id }) {
            throw PeNetError.failure(
                "zone \(desired.name) does not exist in \(desired.placement.resourceGroup) yet; create it with `pe-net dns apply` first",
                resource: desired.id.path, code: "zonefile.zone-missing")
        }
        let existing = try await client.list(PrivateDNSRecordSet.self, in: desired.id.collectionPath("ALL"))
        let plan = ZoneImportPlanner.plan(zone: zone, file: file, zoneID: desired.id, existing: existing)
        try await execute(plan, client: client, env: env)
    }

    /// Prints the plan, applies the creates unless --dry-run, and sets the exit code.
    func execute(_ plan: ZoneImportPlan, client: ARMClient, env: Environment) async throws {
        let reporter = env.reporter
        let creates = plan.entries(.create)
        if !reporter.isJSON { reporter.text(Self.planText(plan)) }
        var outcomes: [ZoneImportOutcome] = []
        if !dryRun && !creates.isEmpty {
            try env.confirm("Create \(creates.count) record set(s) in \(plan.zoneName)?", yes: yes)
            outcomes = await ZoneImportExecutor(client: client).apply(plan) { outcome in
                reporter.progressDone(
                    "\(outcome.done ? "done" : "failed") create \(outcome.entry.type) \(outcome.entry.name)"
                        + (outcome.error.map { ": \($0)" } ?? ""))
            }
        }
        if reporter.isJSON {
            try reporter.json(Report(plan: plan, outcomes: outcomes))
        } else if !outcomes.isEmpty {
            reporter.text("Created \(outcomes.filter(\.done).count) of \(creates.count) record set(s).")
        }
        if let failed = outcomes.first(where: { !$0.done }) {
            throw PeNetError.failure(
                "\(outcomes.filter { !$0.done }.count) record set(s) could not be created; first: \(failed.entry.type) \(failed.entry.name): \(failed.error ?? "")",
                fix: env.commandLine(), resource: failed.entry.id?.path, code: "zonefile.import-failed")
        }
        let conflicts = plan.entries(.conflict)
        if let firstConflict = conflicts.first {
            throw PeNetError.checkFailed(
                "\(conflicts.count) record set(s) in \(plan.zoneName) differ from the file and were left as is (listed above); first: \(firstConflict.type) \(firstConflict.name)",
                resource: firstConflict.id?.path, code: "zonefile.conflicts")
        }
    }

    /// Lints and parses the file before Azure is read; returns its apex (the SOA's owner or
    /// `$ORIGIN`), or nil when it names neither and the plan's zone is the origin. Parsed with two
    /// stand-in origins: a file that fixes its own apex comes out the same both times.
    func originOfFile() throws -> DomainName? {
        let first = try parse(origin: Self.lintOrigin, rules: false).origin
        let second = try parse(origin: Self.otherLintOrigin, rules: false).origin
        return first == second ? first : nil
    }

    /// Reads and parses the file (lint first); syntax errors and, with `rules`, zone-rule errors
    /// are bad input. A missing SOA is not: the zone's SOA and apex NS are Azure's.
    func parse(origin: DomainName, rules: Bool = true) throws -> Zone {
        let zone: Zone
        do {
            zone = try Zone(contentsOfFile: file, origin: origin)
        } catch {
            if case .unreadableFile = error {
                throw PeNetError.usage(error.description, resource: file, code: "input.unreadable-file")
            }
            throw PeNetError.usage("--file: \(error.description)", resource: file, code: "zonefile.syntax")
        }
        let azureKeeps: Set<String> = ["zone.no-soa", "zone.no-ns"]
        if rules,
            let problem = ZoneRules.check(zone).first(where: { $0.severity == .error && !azureKeeps.contains($0.code) })
        {
            throw PeNetError.usage("--file \(file): \(problem.message)", resource: file, code: "zonefile.invalid")
        }
        return zone
    }

    /// The plan as a table: one line per record set, then the totals.
    static func planText(_ plan: ZoneImportPlan) -> String {
        var lines = ["Import \(URL(fileURLWithPath: plan.file).lastPathComponent) into zone \(plan.zoneName):"]
        let marks: [ZoneImportEntry.Action: String] = [.create: "+", .unchanged: "=", .conflict: "!", .ignored: "-"]
        for entry in plan.entries {
            let records = entry.records.joined(separator: ", ")
            lines.append(
                "\(marks[entry.action] ?? " ") \(entry.action.rawValue.padding(9)) \(entry.type.padding(5)) \(entry.name.padding(12)) \(records) (ttl \(entry.ttl))"
            )
            if entry.action != .create { lines.append("    \(entry.note)") }
        }
        let counts = ZoneImportEntry.Action.allCases.map { "\(plan.entries($0).count) \($0.rawValue)" }
        lines.append("Plan: \(counts.joined(separator: ", ")).")
        if plan.hasConflicts {
            lines.append("Conflicting record sets are not overwritten; change them in Azure or in the file.")
        }
        return lines.joined(separator: "\n")
    }
}
