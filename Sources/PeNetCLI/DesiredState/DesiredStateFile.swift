import ARMNetwork
import ArgumentParser
import DesiredState
import Foundation
import MILink

/// `-f <file>`: the desired-state file of `pe-net plan` and `pe-net apply`.
struct DesiredStateFileOptions: ParsableArguments {
    @Option(
        name: [.customShort("f"), .customLong("file")],
        help: ArgumentHelp("The desired-state file (pe-net.yaml).", valueName: "file"))
    var file: String

    @Option(
        name: .customLong("target"),
        help: ArgumentHelp(
            "Only this instance (name or ARM id, with its links) or Data Factory path (name); repeat for more.",
            valueName: "instance|path"))
    var targets: [String] = []

    /// The file, validated and narrowed to `--target`; a bad file is one line
    /// `file:line:column: message`, an unknown target one line naming the valid ones (exit 64).
    func load() throws -> PeNetFile {
        let loaded: PeNetFile
        do {
            loaded = try PeNetFile.load(path: file)
        } catch {
            throw PeNetError.usage(error.description, resource: file, code: "input.file")
        }
        do {
            return try loaded.narrowed(to: targets)
        } catch {
            throw PeNetError.usage(error.message, resource: file, code: "input.target")
        }
    }
}

/// The shared path of `plan -f` and `apply -f`: plan through the library workflow and map its
/// errors to pe-net's.
final class DesiredStateRun {
    let client: ARMClient
    let clock: any ARMClock
    /// The Data Factory path workflow; ``plan(_:)-(PeNetFile)`` gives it the scale sets' cloud-init.
    private(set) var workflow: DataFactoryPathWorkflow
    let estate: EstateWorkflow
    /// The ARM half of the file's links.
    let links: LinkEstateWorkflow
    let file: String

    convenience init(file: DesiredStateFileOptions, azure: AzureOptions, env: Environment) throws {
        self.init(file: file.file, client: try azure.client(env), clock: env.clock)
    }

    /// Plans through `client` (e.g. `snapshot`'s read-only, recording client).
    init(file: String, client: ARMClient, clock: any ARMClock) {
        self.file = file
        self.client = client
        self.clock = clock
        workflow = DataFactoryPathWorkflow(client: client, clock: clock)
        estate = EstateWorkflow(client: client, clock: clock)
        links = LinkEstateWorkflow(client: client, today: CalendarDay(clock.now()))
    }

    /// The whole file's plan: its instances (approvals, private DNS), then its Data Factory paths,
    /// whose scale sets carry the forwarders' cloud-init (`render -f --format cloud-init`) as
    /// their custom data.
    func plan(_ file: PeNetFile, scanDeletes: Bool = true) async throws -> DesiredStatePlanParts {
        let scaleSetPaths = file.dataFactoryPaths.filter {
            if case .scaleSet = $0.forwarders { return true }
            return false
        }
        if !scaleSetPaths.isEmpty {
            var cloudInits: [String: String] = [:]
            do {
                let fqdns =
                    InstanceFQDNs.needed(for: scaleSetPaths)
                    ? try await InstanceFQDNs.read(for: scaleSetPaths, client: client) : [:]
                for spec in scaleSetPaths { cloudInits[spec.name] = try ForwarderCloudInit.render(spec, fqdns: fqdns) }
            } catch let error as ARMError {
                throw PeNetError(error)
            } catch {
                throw PeNetError.failure(
                    "\(self.file): the forwarders' cloud-init cannot be rendered: \(error)", resource: self.file,
                    code: "plan.cloud-init")
            }
            let rendered = cloudInits
            workflow = DataFactoryPathWorkflow(client: client, customData: { rendered[$0.name] }, clock: clock)
        }
        let instances = await estate.plan(file.instances)
        var deletes = EstateDeletes()
        if scanDeletes {
            // What pe-net created in the file's DNS resource groups for instances the file no
            // longer lists (or lists without dns); the zones the listed instances use keep their links.
            deletes = await estate.orphans(
                in: file.instances.compactMap { $0.dns?.options.placement },
                wanted: Set(file.instances.filter { $0.dns != nil }.map(\.instance)),
                plannedZones: Dictionary(
                    instances.instances.compactMap { part in part.dns.map { (part.instance, Set($0.zones.map(\.id))) }
                    },
                    uniquingKeysWith: { $0.union($1) }))
        }
        let linkPlan = await links.plan(file.links)
        let paths = try await plan(file.dataFactoryPaths)
        return DesiredStatePlanParts(estate: instances, deletes: deletes, links: linkPlan, paths: paths)
    }

    func plan(_ specs: [DataFactoryPathSpec]) async throws -> DataFactoryPathPlan {
        do {
            return try await workflow.plan(specs)
        } catch .invalidSpec(let message) {
            throw PeNetError.usage("\(file): \(message)", resource: file, code: "input.file")
        } catch {
            throw PeNetError.failure(error.description, resource: file, code: "plan.read")
        }
    }

    /// Stops (exit 1) when an instance cannot be planned or a finding blocks the plan.
    static func stopIfBlocked(_ parts: DesiredStatePlanParts, strict: Bool) throws {
        if let part = parts.estate.instances.first(where: { $0.isBlocked(strict: strict) }) {
            throw PeNetError.failure(
                "instance \(part.instance.name) cannot be applied: \(part.error ?? "a private DNS finding blocks it; see the findings above")",
                resource: part.instance.path, code: "plan.blocked")
        }
        if let link = parts.links.blocked {
            throw PeNetError.failure(
                "link \(link.name) on \(link.instance.name) cannot be applied: \(link.error ?? "see the plan")",
                resource: link.instance.path, code: "plan.blocked")
        }
        try stopIfBlocked(parts.paths, strict: strict)
    }

    /// Stops (exit 1) when a finding blocks the plan; the findings were printed with it.
    static func stopIfBlocked(_ plan: DataFactoryPathPlan, strict: Bool) throws {
        let blocking = plan.blockingFindings(strict: strict)
        guard let first = blocking.first else { return }
        throw PeNetError.failure(
            "\(blocking.count) finding(s) block the plan; first: \(first.message)", resource: first.resource,
            code: "plan.blocked")
    }
}

/// The two parts of a desired-state plan.
struct DesiredStatePlanParts {
    var estate: EstatePlan
    /// pe-net's DNS records and links that no instance of the file wants any more.
    var deletes = EstateDeletes()
    /// The ARM half of the instances' links.
    var links = LinkEstatePlan()
    var paths: DataFactoryPathPlan

    /// Writes of any part, or drift apply does not fix by itself (DNS records, links).
    var hasChanges: Bool {
        estate.hasChanges || !deletes.changes.isEmpty || links.hasChanges || links.hasDrift || paths.hasChanges
    }

    /// Every delete of the plan: the instances' own DNS deletes and those of instances the file
    /// no longer wants.
    var allDeletes: [PrivateDNSChange] {
        estate.instances.flatMap { $0.dns?.deletes ?? [] } + deletes.changes
    }

    /// The base of the delete brake: pe-net's records and links in the zones read.
    var ownedCount: Int {
        max(deletes.ownedCount, estate.instances.reduce(0) { $0 + ($1.dns?.ownedCount ?? 0) }, allDeletes.count)
    }

    /// Writes of every part.
    var changeCount: Int {
        estate.instances.reduce(0) {
            $0 + $1.connectionWrites.count + ($1.dns?.changes.filter(\.isWrite).count ?? 0)
        } + deletes.changes.count + links.writeCount + paths.changes.count
    }

    var summary: String {
        guard hasChanges else { return "No changes: Azure matches the file." }
        let approvals = estate.instances.reduce(0) { $0 + $1.connectionWrites.count }
        let dns = estate.instances.reduce(0) { $0 + ($1.dns?.changes.filter(\.isWrite).count ?? 0) }
        var pieces: [String] = []
        if approvals > 0 { pieces.append("\(approvals) connection decision(s)") }
        if dns > 0 { pieces.append("\(dns) private DNS change(s)") }
        if !deletes.changes.isEmpty {
            pieces.append("\(deletes.changes.count) delete(s) of DNS the file no longer wants")
        }
        if links.hasChanges { pieces.append("\(links.writeCount) link call(s)") }
        if !paths.changes.isEmpty {
            let count = { (action: DataFactoryPathChange.Action) in paths.changes.filter { $0.action == action }.count }
            pieces.append("\(count(.create)) to create, \(count(.update)) to update, \(count(.approve)) to approve")
        }
        if estate.instances.contains(where: { $0.dns?.hasDrift ?? false }) {
            pieces.append("DNS drift apply does not fix by itself (see the findings)")
        }
        if links.hasDrift {
            pieces.append("a link that differs from the file, which apply does not change (see the warnings)")
        }
        return "Plan: \(changeCount) change(s): \(pieces.joined(separator: ", "))."
    }
}

/// The `-o json` document of `plan -f` (and of `apply -f --dry-run`, which `--plan-file` reads).
struct DesiredStateReport: Codable {
    var file: String
    var dryRun: Bool
    /// The instances' part: approvals and private DNS.
    var instances: EstatePlan?
    var instanceOutcomes: [EstateOutcome]?
    /// pe-net's DNS records and links no instance of the file wants any more.
    var deletes: EstateDeletes?
    var deleteOutcomes: [PrivateDNSOutcome]?
    /// The ARM half of the instances' links.
    var links: LinkEstatePlan?
    var linkOutcomes: [LinkEstateOutcome]?
    var plan: DataFactoryPathPlan
    var outcomes: [DataFactoryPathOutcome]
}

/// Text renderers of the instances' part.
enum EstateText {
    static func plan(_ plan: EstatePlan, links: LinkEstatePlan = LinkEstatePlan()) -> [String] {
        var lines: [String] = []
        for part in plan.instances {
            defer { lines += linkLines(links.links.filter { $0.instance == part.instance }) }
            lines.append("instance \(part.instance.name):")
            if let error = part.error { lines.append("  error: \(error)") }
            if let blocker = part.blocker { lines.append("  blocked: \(blocker)") }
            for change in part.connections {
                let marker = change.action == .approve ? "✓" : change.action == .reject ? "✗" : "!"
                lines.append("  \(marker) \(change.message)")
            }
            for connection in part.pending {
                let from = [connection.privateEndpointSubscription, connection.privateEndpointResourceGroup]
                    .compactMap { $0 }.joined(separator: "/")
                let message =
                    connection.description.map { ", request message \"\($0.escapingControlCharacters)\"" } ?? ""
                lines.append(
                    "  ? \(connection.name) from \(from.isEmpty ? "an unknown endpoint" : from)\(message): no rule matches; stays Pending"
                )
            }
            if let note = part.dnsNote { lines.append("  dns: \(note)") }
            if let dns = part.dns {
                for change in dns.changes {
                    let marker: String
                    switch change.action {
                    case .create: marker = "+"
                    case .update: marker = "~"
                    case .delete: marker = "-"
                    case .unchanged: marker = "="
                    }
                    lines.append("  \(marker) \(change.message)")
                }
                lines += Reporter.findingLines(dns.findings).map { "  \($0)" }
                for guide in dns.guidance { lines.append("  connect: \(guide.host),\(guide.port)") }
            }
        }
        return lines
    }

    /// The deletes of DNS no instance of the file wants, and the groups that could not be read.
    static func deleteLines(_ deletes: EstateDeletes) -> [String] {
        guard !deletes.changes.isEmpty || !deletes.unreadable.isEmpty else { return [] }
        var lines = ["DNS pe-net created that the file no longer wants:"]
        lines += deletes.changes.map { "  - \($0.message)" }
        lines += deletes.unreadable.map { "  warning: cannot read \($0); nothing in it is deleted" }
        return lines
    }

    /// A link's part under its instance: the ARM calls, warnings, or why it cannot be applied.
    static func linkLines(_ links: [LinkEstatePlan.Link]) -> [String] {
        var lines: [String] = []
        for link in links {
            lines.append("  link \(link.name) (\(link.databases.joined(separator: ", "))):")
            if let error = link.error { lines.append("    error: \(error)") }
            for change in link.changes { lines.append("    \(change.isWrite ? "+" : "=") \(change.message)") }
            for finding in link.findings { lines.append("    warning: \(finding)") }
        }
        return lines
    }

    static func linkOutcome(_ outcome: LinkEstateOutcome) -> String {
        "\(outcome.result) \(outcome.change.message)\(outcome.error.map { ": \($0)" } ?? "")"
    }

    static func outcomes(_ outcomes: [EstateOutcome]) -> [String] {
        var lines: [String] = []
        for outcome in outcomes {
            if let skipped = outcome.skipped { lines.append("skipped \(outcome.instance.name): \(skipped)") }
            for connection in outcome.connections {
                lines.append("\(connection.result.rawValue) \(connection.connection) on \(outcome.instance.name)")
            }
            for step in outcome.dns {
                lines.append("\(step.result.rawValue) \(step.change.message)\(step.error.map { ": \($0)" } ?? "")")
            }
        }
        return lines
    }

    /// True when a write of the instances' part failed or was skipped.
    static func failed(_ outcomes: [EstateOutcome]) -> String? {
        for outcome in outcomes {
            if let skipped = outcome.skipped { return "\(outcome.instance.name): \(skipped)" }
            if let bad = outcome.connections.first(where: { $0.result == .failed }) {
                return "\(outcome.instance.name): \(bad.connection) \(bad.message)"
            }
            if let bad = outcome.dns.first(where: { $0.result == .failed }) {
                return "\(outcome.instance.name): \(bad.change.message): \(bad.error ?? "failed")"
            }
        }
        return nil
    }
}

/// Text renderers of the Data Factory path plan.
enum DataFactoryPathText {
    static func marker(_ action: DataFactoryPathChange.Action) -> String {
        switch action {
        case .create: "+"
        case .update: "~"
        case .approve: "✓"
        }
    }

    /// The plan: per path its changes (with the fields that differ), then findings and the
    /// linked-service hosts.
    static func plan(_ plan: DataFactoryPathPlan) -> String {
        var lines: [String] = []
        for path in plan.paths {
            lines.append("path \(path.name):")
            if path.changes.isEmpty { lines.append("  = no changes") }
            for change in path.changes {
                lines.append("  \(marker(change.action)) \(change.message)")
                for difference in change.differences { lines.append("      \(difference)") }
            }
            if !path.linkedServices.isEmpty {
                lines.append("  Data Factory linked services (server = the instance FQDN, never an IP):")
                for host in path.linkedServices {
                    lines.append("    \(host.instance.name): \(host.server)")
                }
            }
        }
        if !plan.findings.isEmpty { lines += Reporter.findingLines(plan.findings) }
        lines.append(summary(plan))
        return lines.joined(separator: "\n")
    }

    static func summary(_ plan: DataFactoryPathPlan) -> String {
        guard plan.hasChanges else { return "No changes: Azure matches the file." }
        let count = { (action: DataFactoryPathChange.Action) in plan.changes.filter { $0.action == action }.count }
        return
            "Plan: \(plan.changes.count) change(s): \(count(.create)) to create, \(count(.update)) to update, \(count(.approve)) to approve."
    }

    static func outcome(_ outcome: DataFactoryPathOutcome) -> String {
        let detail = outcome.error.map { ": \($0)" } ?? ""
        return "\(outcome.result.rawValue) \(outcome.change.message)\(detail)"
    }
}
