import ARMNetwork
import Foundation

/// The state of one link as `pe-net link status` reports it: per database the replica state,
/// connection, health, lags, the SQL Server certificate's expiry and the last link error with
/// what to do about it.
public struct LinkStatus: Sendable, Codable, Equatable {
    /// One database of the link.
    public struct Database: Sendable, Codable, Equatable {
        public var name: String
        public var replicaState: String?
        public var seedingProgress: String?
        public var connectedState: String?
        public var synchronizationHealth: String?
        public var sendLagSeconds: Int?
        public var redoLagSeconds: Int?
        public var certificateName: String?
        /// `YYYY-MM-DD` of `partnerAuthCertValidity.expiryDate`.
        public var certificateExpiry: String?
        public var certificateDaysLeft: Int?
        public var mostRecentLinkError: String?
        /// What to do about the link error or state (from the troubleshooting guide).
        public var hints: [String]
        /// Healthy: synchronizing or seeding normally, connected, no error, certificate not expired.
        public var healthy: Bool
        /// Warnings that do not make the link unhealthy (certificate expiring soon).
        public var warnings: [String]
    }

    public var name: String
    public var instanceLinkRole: String?
    public var partnerEndpoint: String?
    public var replicationMode: String?
    public var databases: [Database]

    /// True when every database is healthy (exit 0); else `link status` exits 3.
    public var healthy: Bool { !databases.isEmpty && databases.allSatisfy(\.healthy) }

    /// Days before a certificate's expiry from which `link status` warns.
    public static let defaultWarningDays = 30

    /// Reads `group` as of `now`; warns when a certificate expires within `warningDays`.
    public init(_ group: DistributedAvailabilityGroup, now: Date, warningDays: Int = defaultWarningDays) {
        let properties = group.properties
        name = group.name ?? properties?.distributedAvailabilityGroupName ?? "?"
        instanceLinkRole = properties?.instanceLinkRole?.rawValue
        partnerEndpoint = properties?.partnerEndpoint
        replicationMode = properties?.replicationMode?.rawValue
        databases = (properties?.databases ?? []).map { Self.database($0, now: now, warningDays: warningDays) }
    }

    static func database(
        _ database: DistributedAvailabilityGroupProperties.Database, now: Date, warningDays: Int
    ) -> Database {
        var result = Database(
            name: database.databaseName ?? "?", replicaState: database.replicaState,
            seedingProgress: database.seedingProgress, connectedState: database.connectedState,
            synchronizationHealth: database.synchronizationHealth,
            sendLagSeconds: database.instanceSendReplicationLagSeconds,
            redoLagSeconds: database.instanceRedoReplicationLagSeconds,
            certificateName: database.partnerAuthCertValidity?.certificateName, certificateExpiry: nil,
            certificateDaysLeft: nil,
            mostRecentLinkError: database.mostRecentLinkError.flatMap { $0.isEmpty ? nil : $0 },
            hints: [], healthy: true, warnings: [])
        let state = (database.replicaState ?? "").lowercased()
        if state.hasSuffix("error") { result.healthy = false }
        if database.connectedState.map({ $0.uppercased() != "CONNECTED" }) ?? false, !state.hasPrefix("creating") {
            result.healthy = false
        }
        if let health = database.synchronizationHealth?.uppercased(), health != "HEALTHY",
            !state.hasPrefix("creating") && !state.hasPrefix("seeding")
        {
            result.healthy = false
        }
        if let error = result.mostRecentLinkError {
            result.healthy = false
            result.hints += LinkErrorHints.hints(for: error)
        }
        if state.hasPrefix("creating") || state.hasPrefix("seeding") {
            result.hints.append(LinkErrorHints.seedingTimeout)
        }
        if let text = database.partnerAuthCertValidity?.expiryDate {
            if let expiry = Self.date(text) {
                let day = CalendarDay(expiry)
                let days = CalendarDay(now).days(until: day)
                result.certificateExpiry = day.description
                result.certificateDaysLeft = days
                if days < 0 {
                    result.healthy = false
                    result.hints.append(
                        "SQL Server's certificate \(result.certificateName ?? "") expired on \(day); create a new one (S3), upload it (S4) and alter the endpoint to use it (S7)"
                    )
                } else if days <= warningDays {
                    result.warnings.append(
                        "SQL Server's certificate \(result.certificateName ?? "") expires in \(days) day(s) (\(day)); rotate it before then (S3, S4, S7)"
                    )
                }
            } else {
                result.warnings.append("partnerAuthCertValidity.expiryDate \(text) is not a date ARM should send")
            }
        }
        return result
    }

    /// An ISO 8601 date-time (with or without fractional seconds or zone), or a plain date.
    static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        for options: ISO8601DateFormatter.Options in [
            [.withInternetDateTime, .withFractionalSeconds], [.withInternetDateTime],
            [.withFullDate, .withTime, .withColonSeparatorInTime, .withDashSeparatorInDate],
        ] {
            formatter.formatOptions = options
            if let date = formatter.date(from: text) { return date }
        }
        return CalendarDay(parsing: String(text.prefix(10))).flatMap(\.date)
    }
}

/// What the troubleshooting guide says about each link error (MicrosoftDocs/sql-docs
/// `managed-instance-link-troubleshoot-how-to.md`).
public enum LinkErrorHints {
    /// Error number → what to do.
    public static let table: [(number: Int, hint: String)] = [
        (
            41962,
            "41962: the link was not initiated within 5 minutes; check the network both ways (pe-net link check-net) and that port 5022 is open"
        ),
        (
            41973,
            "41973: SQL Server's certificate is not on the instance; upload it as a server trust certificate (S4, pe-net link create does it)"
        ),
        (
            41974,
            "41974: the instance's certificate is not on SQL Server, or not named exactly by the instance FQDN; run 05-instance-certificate.sql"
        ),
        (
            41976,
            "41976: the availability group is not responding; check the AG and DAG names on SQL Server against partnerAvailabilityGroupName and the link name"
        ),
        (
            41986,
            "41986: the connection failed; check the names (AG, DAG, instance) and the network (TCP 5022 both ways)"
        ),
        (
            47521,
            "47521: the secondary did not receive the request; check that SQL Server reaches the instance on 5022 and 11000-11999"
        ),
        (
            41977,
            "41977: the target database is not responding; drop the link (pe-net link delete) and create it again"
        ),
        (
            1408,
            "1408: the log was truncated during seeding; drop and recreate the link, and turn on trace flag 12381 on SQL Server while seeding"
        ),
        (
            1412,
            "1412: the log was truncated during seeding; drop and recreate the link, and turn on trace flag 12381 on SQL Server while seeding"
        ),
    ]

    /// Seeding restarts after any network blip or failover, and the service cancels it after six days.
    public static let seedingTimeout =
        "seeding restarts after any network interruption or failover and is cancelled after 6 days; keep the link up and check throughput if it runs long"

    /// The hints for the error numbers `text` mentions; a generic hint when it names none we know.
    public static func hints(for text: String) -> [String] {
        let numbers = Set(
            text.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) })
        let known = table.filter { numbers.contains($0.number) }.map(\.hint)
        if known.isEmpty {
            return [
                "the error names no number pe-net knows; see the link troubleshooting guide and the SQL Server error log"
            ]
        }
        return known
    }
}
