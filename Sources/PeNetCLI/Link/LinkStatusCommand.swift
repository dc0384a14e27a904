import ARMNetwork
import ArgumentParser
import Foundation
import MILink

/// `pe-net link status`: the link per database, with what to do about errors.
struct LinkStatusCommand: PeNetCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the link per database: state, connection, health, lags, certificate expiry and errors.",
        discussion: """
            Reads the distributed availability group. Prints per database replicaState, connectedState, \
            synchronizationHealth, the send and redo lags, the expiry of SQL Server's certificate as the \
            instance sees it (a warning within --warn-days), and mostRecentLinkError with what to do about \
            it. Exits 0 when every database is healthy, 3 otherwise.
            """
    )

    static var hasTableOutput: Bool { true }

    @OptionGroup var target: LinkTargetOptions

    @Option(help: ArgumentHelp("Warn when SQL Server's certificate expires within this many days.", valueName: "days"))
    var warnDays = LinkStatus.defaultWarningDays

    @OptionGroup var azure: AzureOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (0...3650).contains(warnDays) else {
            throw ValidationError("--warn-days \(warnDays) is out of range; pass 0 to 3650 days")
        }
    }

    func run(_ env: Environment) async throws {
        let workflow = try target.workflow(azure, env: env)
        guard let group = try await workflow.link(target.dag) else {
            throw PeNetError.failure(
                "link \(target.dag) does not exist on instance \(workflow.instance.name)",
                fix: "pe-net arm get \(shellQuoted(workflow.instance.collectionPath("distributedAvailabilityGroups")))",
                resource: try workflow.linkID(target.dag).path, code: "link.not-found")
        }
        let status = LinkStatus(group, now: env.clock.now(), warningDays: warnDays)
        if env.reporter.isJSON {
            try env.reporter.json(status)
        } else {
            Self.render(status, env: env)
        }
        if !status.healthy { throw PeNetExit.checkFailed }
    }

    static func render(_ status: LinkStatus, env: Environment) {
        env.reporter.text(
            "link \(status.name): instance role \(status.instanceLinkRole ?? "?"), partner \(status.partnerEndpoint ?? "?"), replication \(status.replicationMode ?? "?")"
        )
        let rows = status.databases.map { database -> [String] in
            [
                database.name, database.replicaState ?? "-", database.connectedState ?? "-",
                database.synchronizationHealth ?? "-",
                database.sendLagSeconds.map { "\($0) s" } ?? "-", database.redoLagSeconds.map { "\($0) s" } ?? "-",
                database.certificateExpiry.map { "\($0) (\(database.certificateDaysLeft ?? 0) d)" } ?? "-",
                database.healthy ? "ok" : "UNHEALTHY",
            ]
        }
        env.reporter.table(
            ["DATABASE", "STATE", "CONNECTED", "HEALTH", "SEND LAG", "REDO LAG", "CERT EXPIRY", ""], rows)
        for database in status.databases {
            if let error = database.mostRecentLinkError { env.reporter.text("\(database.name): error: \(error)") }
            for hint in database.hints { env.reporter.text("\(database.name): hint: \(hint)") }
            for warning in database.warnings { env.reporter.warning("\(database.name): \(warning)") }
        }
        if status.databases.isEmpty { env.reporter.text("the link lists no databases") }
    }
}
