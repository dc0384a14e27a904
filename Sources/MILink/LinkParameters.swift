import Foundation
import Resolver

/// The SQL Server major versions the link supports (2017 is refused by invariant N9).
public enum SQLServerVersion: String, Sendable, Codable, CaseIterable {
    case v2016 = "2016"
    case v2019 = "2019"
    case v2022 = "2022"
}

/// Which side holds the writable database when the link is created.
public enum InitialPrimary: String, Sendable, Codable, CaseIterable {
    /// SQL Server is the primary; the instance gets a read-only replica (every version).
    case sql
    /// The instance is the primary; SQL Server 2022 CU10+ receives the replica.
    case mi
}

/// Whether the link can fail back: `none` is one-way to Azure, `manual` is two-way (SQL Server 2022).
public enum LinkFailoverMode: String, Sendable, Codable, CaseIterable {
    case none
    case manual

    /// The ARM spelling (`None`, `Manual`).
    public var armValue: String { self == .none ? "None" : "Manual" }
}

/// Whether the database mirroring endpoint is created or an existing one is altered.
public enum EndpointMode: String, Sendable, Codable, CaseIterable {
    case create
    case alter
}

/// One database per link (generally available) or several (preview).
public enum LinkMode: String, Sendable, Codable, CaseIterable {
    case single
    case multi
}

/// The link as the user asked for it: the flags of `pe-net link plan`, unvalidated.
public struct LinkRequest: Sendable, Hashable {
    public var sqlServer: String
    public var sqlEndpoint: String
    /// `--instance`: a Managed Instance name or ARM id.
    public var instance: String?
    public var miFQDN: String?
    public var databases: [String]
    public var ag: String?
    public var dag: String?
    public var sqlVersion: String
    public var initialPrimary: InitialPrimary
    /// Nil: `manual` when the instance is the initial primary, else `none`.
    public var failoverMode: LinkFailoverMode?
    /// `YYYY-MM-DD`; nil: one year from today.
    public var certExpiry: String?
    public var endpoint: EndpointMode
    public var linkMode: LinkMode
    /// Nil: `Cert_<@@SERVERNAME>_endpoint` with `\` replaced by `_`.
    public var certificateName: String?

    public init(
        sqlServer: String, sqlEndpoint: String, instance: String? = nil, miFQDN: String? = nil, databases: [String],
        ag: String? = nil, dag: String? = nil, sqlVersion: String = "2022", initialPrimary: InitialPrimary = .sql,
        failoverMode: LinkFailoverMode? = nil, certExpiry: String? = nil, endpoint: EndpointMode = .create,
        linkMode: LinkMode = .single, certificateName: String? = nil
    ) {
        self.sqlServer = sqlServer
        self.sqlEndpoint = sqlEndpoint
        self.instance = instance
        self.miFQDN = miFQDN
        self.databases = databases
        self.ag = ag
        self.dag = dag
        self.sqlVersion = sqlVersion
        self.initialPrimary = initialPrimary
        self.failoverMode = failoverMode
        self.certExpiry = certExpiry
        self.endpoint = endpoint
        self.linkMode = linkMode
        self.certificateName = certificateName
    }
}

/// A calendar day (the certificate's `EXPIRY_DATE`).
public struct CalendarDay: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// `YYYY-MM-DD`, a real date; nil otherwise.
    public init?(parsing text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
        else { return nil }
        self.init(year: year, month: month, day: day)
        guard let date = self.date, CalendarDay(date) == self else { return nil }
    }

    /// The UTC day `date` falls on.
    public init(_ date: Date) {
        let parts = Self.calendar.dateComponents([.year, .month, .day], from: date)
        self.init(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
    }

    /// Midnight UTC of this day.
    public var date: Date? {
        Self.calendar.date(from: DateComponents(year: year, month: month, day: day))
    }

    /// This day `days` later.
    public func adding(days: Int) -> CalendarDay {
        guard let date, let later = Self.calendar.date(byAdding: .day, value: days, to: date) else { return self }
        return CalendarDay(later)
    }

    /// Days from `self` to `other` (negative when `other` is earlier).
    public func days(until other: CalendarDay) -> Int {
        guard let from = date, let to = other.date else { return 0 }
        return Self.calendar.dateComponents([.day], from: from, to: to).day ?? 0
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    /// `YYYYMMDD`, the form SQL Server reads the same under every language and DATEFORMAT.
    public var compact: String { String(format: "%04d%02d%02d", year, month, day) }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar
    }()
}

/// The link after invariants N1–N10 passed: every name the scripts and ARM bodies use, once.
public struct LinkParameters: Sendable, Equatable {
    /// `@@SERVERNAME` (N1): the replica name in `REPLICA ON`.
    public var sqlServerName: String
    /// The SQL Server certificate, `Cert_<server>_endpoint` without `\` (N1); also the ARM trust certificate name.
    public var certificateName: String
    /// The host SQL Server's endpoint is reached at from the instance's vnet (N5).
    public var sqlEndpointHost: String
    /// The instance (N2, N3).
    public var instance: ManagedInstanceFQDN
    /// Subscription and resource group when `--instance` was an ARM id.
    public var subscriptionID: String?
    public var resourceGroup: String?
    /// The databases (N6, N10): one unless the link mode is `multi`.
    public var databases: [String]
    /// The availability group on SQL Server = `partnerAvailabilityGroupName` (N4).
    public var availabilityGroup: String
    /// The distributed availability group = the ARM resource name (N4).
    public var distributedAvailabilityGroup: String
    public var version: SQLServerVersion
    public var initialPrimary: InitialPrimary
    public var failoverMode: LinkFailoverMode
    /// The SQL Server certificate's `EXPIRY_DATE` (N7).
    public var certificateExpiry: CalendarDay
    public var endpointMode: EndpointMode
    public var linkMode: LinkMode

    /// The mirroring port; the link cannot use another (N5).
    public static let mirroringPort = 5022

    /// The instance short name: ARM path, `Server=[…]`, the DAG's second member, `instanceAvailabilityGroupName` (N2).
    public var instanceName: String { instance.instance }

    /// `TCP://<host>:5022` = `partnerEndpoint` = the AG's `ENDPOINT_URL` = the DAG's first `LISTENER_URL` (N5).
    public var partnerEndpoint: String { "TCP://\(sqlEndpointHost):\(Self.mirroringPort)" }

    /// The instance's `LISTENER_URL` in the DAG.
    public var instanceListenerURL: String {
        var url = "tcp://\(instance.fqdn):\(Self.mirroringPort);Server=[\(instanceName)]"
        if initialPrimary == .mi, let database = databases.first {
            url += ";Database=" + SQLIdentifier(database).description
        }
        return url
    }
}
