import Foundation
import Resolver

/// One write of a Data Factory path plan, with the request it stands for: `apply` sends exactly
/// this method, body and etag condition (the approval is resolved when its connection exists).
public struct DataFactoryPathChange: Codable, Hashable, Sendable {
    /// What the write does.
    public enum Action: String, Codable, Sendable {
        case create, update, approve
    }

    /// Which part of the path it touches.
    public enum Kind: String, Codable, Sendable {
        case connectionType, subnet, loadBalancer, networkInterface, scaleSet, privateLinkService
        case managedPrivateEndpoint, connection
    }

    /// The path (`dataFactoryPaths[].name`) the change belongs to.
    public var path: String
    public var kind: Kind
    public var action: Action
    /// The resource written (for an approval: the Private Link Service whose connection is approved).
    public var resource: ResourceID
    /// `PUT` or `PATCH`.
    public var method: String
    public var apiVersion: String
    /// The body sent (nil for an approval, built when the connection is found).
    public var body: ARMDocument?
    /// The etag read while planning: updates are sent with `If-Match`, creates with `If-None-Match: *`.
    public var etag: String?
    /// For an update, the fields that differ; for a create, empty.
    public var differences: [FieldDifference]
    /// For an approval, the managed private endpoint whose connection it approves.
    public var managedPrivateEndpoint: ResourceID?
    /// One line for people.
    public var message: String

    public init(
        path: String, kind: Kind, action: Action, resource: ResourceID, method: String = "PUT", apiVersion: String,
        body: ARMDocument?, etag: String? = nil, differences: [FieldDifference] = [],
        managedPrivateEndpoint: ResourceID? = nil, message: String
    ) {
        self.path = path
        self.kind = kind
        self.action = action
        self.resource = resource
        self.method = method
        self.apiVersion = apiVersion
        self.body = body
        self.etag = etag
        self.differences = differences
        self.managedPrivateEndpoint = managedPrivateEndpoint
        self.message = message
    }
}

/// The host and port a Data Factory linked service uses for one instance: the instance's FQDN
/// (never an IP: the certificate and the managed private endpoint's DNS both need the name) and
/// the port the path gives it.
public struct LinkedServiceHost: Codable, Hashable, Sendable {
    public var path: String
    public var instance: ResourceID
    public var host: String
    public var port: Int

    public init(path: String, instance: ResourceID, host: String, port: Int) {
        self.path = path
        self.instance = instance
        self.host = host
        self.port = port
    }

    /// `host,port` as a SQL Server connection string writes it.
    public var server: String { "\(host),\(port)" }
}

/// What `plan` found for every path: the ordered writes, findings, and the linked-service hosts.
public struct DataFactoryPathPlan: Codable, Hashable, Sendable {
    /// One path's share of the plan.
    public struct Path: Codable, Hashable, Sendable {
        public var name: String
        public var changes: [DataFactoryPathChange]
        public var findings: [Finding]
        public var linkedServices: [LinkedServiceHost]

        public init(
            name: String, changes: [DataFactoryPathChange], findings: [Finding], linkedServices: [LinkedServiceHost]
        ) {
            self.name = name
            self.changes = changes
            self.findings = findings
            self.linkedServices = linkedServices
        }
    }

    public var paths: [Path]

    public init(paths: [Path]) { self.paths = paths }

    /// Every write, in apply's order.
    public var changes: [DataFactoryPathChange] { paths.flatMap(\.changes) }
    /// Every finding.
    public var findings: [Finding] { paths.flatMap(\.findings) }
    /// Every linked-service host.
    public var linkedServices: [LinkedServiceHost] { paths.flatMap(\.linkedServices) }
    /// True when apply would write anything.
    public var hasChanges: Bool { !changes.isEmpty }

    /// Findings that stop apply: errors, or warnings too under `--strict`.
    public func blockingFindings(strict: Bool) -> [Finding] {
        findings.filter { $0.severity == .error || (strict && $0.severity == .warning) }
    }
}

/// Stable codes of the Data Factory path findings.
public enum DataFactoryPathFindingCode {
    public static let connectionType = "instance.connection-type"
    public static let connectionTypeChange = "instance.connection-type-change"
    public static let instanceMissing = "instance.missing"
    public static let instanceFQDN = "instance.no-fqdn"
    public static let vnetMissing = "vnet.missing"
    public static let subnetMissing = "subnet.missing"
    public static let nicMissing = "forwarder.nic-missing"
    public static let nicOutsideVnet = "forwarder.nic-outside-vnet"
    public static let factoryMissing = "factory.missing"
    public static let managedVnetMissing = "factory.no-managed-vnet"
    public static let connectionRefused = "connection.not-approvable"
    public static let loadBalancerSku = "load-balancer.sku"
    public static let cloudInitUnread = "scale-set.cloud-init"
}

/// What a change came to during apply.
public struct DataFactoryPathOutcome: Codable, Hashable, Sendable {
    public enum Result: String, Codable, Sendable {
        /// Written and finished.
        case done
        /// Not sent: an earlier change failed.
        case skipped
        /// ARM refused it; `error` says why.
        case failed
    }

    public var change: DataFactoryPathChange
    public var result: Result
    public var error: String?

    public init(change: DataFactoryPathChange, result: Result, error: String? = nil) {
        self.change = change
        self.result = result
        self.error = error
    }
}

/// Why the Data Factory path workflow stopped before writing anything.
public enum DataFactoryPathError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The specs contradict themselves (a port claimed twice, one load balancer in two paths...).
    case invalidSpec(String)
    /// Azure could not be read.
    case read(String)

    public var description: String {
        switch self {
        case .invalidSpec(let message), .read(let message): message
        }
    }
}
