import Foundation

/// An Azure SQL Managed Instance (`Microsoft.Sql/managedInstances`).
public typealias ManagedInstance = ARMResource<ManagedInstanceProperties>

/// The fields of a managed instance pe-net reads.
public struct ManagedInstanceProperties: ARMResourceProperties {
    public static let apiVersion = ARMAPIVersion.sql
    public static let resourceType = "Microsoft.Sql/managedInstances"

    /// Host name clients must use, e.g. `testinstance.1b4e2caff2530.database.windows.net`.
    public var fullyQualifiedDomainName: String?
    /// The DNS zone label, e.g. `1b4e2caff2530`.
    public var dnsZone: String?
    /// The instance's subnet; its vnet is the id up to `/subnets/`.
    public var subnetId: String?
    /// Connection policy: Proxy, Redirect or Default.
    public var proxyOverride: ARMEnum<ProxyOverrideKind>?
    public var publicDataEndpointEnabled: Bool?
    public var provisioningState: ProvisioningState?
    /// e.g. `Ready`, `Stopped`.
    public var state: String?
    public var minimalTlsVersion: String?
    public var dnsZonePartner: String?
    public var virtualClusterId: String?
    public var zoneRedundant: Bool?
    public var databaseFormat: String?
    public var vCores: Int?
    public var administratorLogin: String?
    /// The read-only summary of connections (no `name`; list the child collection for full objects).
    public var privateEndpointConnections: [ManagedInstancePrivateEndpointConnectionSummary]?

    /// The instance's short name (first label of the FQDN).
    public var hostLabel: String? { fullyQualifiedDomainName?.split(separator: ".").first.map(String.init) }
}

/// Marker for the connection policy.
public enum ProxyOverrideKind {}
extension ARMEnum where Kind == ProxyOverrideKind {
    public static let proxy: Self = "Proxy"
    public static let redirect: Self = "Redirect"
    public static let `default`: Self = "Default"
}

/// An item of `managedInstance.properties.privateEndpointConnections`.
public struct ManagedInstancePrivateEndpointConnectionSummary: Codable, Sendable, Equatable {
    public var id: String?
    public var properties: PrivateEndpointConnectionProperties?
}

/// A private endpoint connection of a managed instance
/// (`Microsoft.Sql/managedInstances/privateEndpointConnections`).
public typealias PrivateEndpointConnection = ARMResource<PrivateEndpointConnectionProperties>

/// The properties of a private endpoint connection.
public struct PrivateEndpointConnectionProperties: ARMResourceProperties {
    public static let apiVersion = ARMAPIVersion.sql
    public static let resourceType = "Microsoft.Sql/managedInstances/privateEndpointConnections"

    /// The consumer's `Microsoft.Network/privateEndpoints` resource (may be in another subscription).
    public var privateEndpoint: SubResource?
    /// Approval state.
    public var privateLinkServiceConnectionState: PrivateLinkServiceConnectionState?
    /// e.g. `Ready`.
    public var provisioningState: ProvisioningState?

    /// Properties for a request body.
    public init(
        privateEndpoint: SubResource? = nil,
        privateLinkServiceConnectionState: PrivateLinkServiceConnectionState? = nil,
        provisioningState: ProvisioningState? = nil
    ) {
        self.privateEndpoint = privateEndpoint
        self.privateLinkServiceConnectionState = privateLinkServiceConnectionState
        self.provisioningState = provisioningState
    }
}

extension ARMResource where Properties == PrivateEndpointConnectionProperties {
    /// The PUT body that approves or rejects a connection.
    public static func statusUpdate(_ status: ConnectionStatus, description: String) -> PrivateEndpointConnection {
        PrivateEndpointConnection(
            properties: .init(privateLinkServiceConnectionState: .init(status: status, description: description)))
    }

    /// The connection's status, if any.
    public var status: ConnectionStatus? { properties?.privateLinkServiceConnectionState?.status }
}

/// `privateLinkServiceConnectionState`: `{status, description, actionsRequired}`.
public struct PrivateLinkServiceConnectionState: Codable, Sendable, Equatable {
    public var status: ConnectionStatus?
    public var description: String?
    /// Read-only; `None` in practice.
    public var actionsRequired: String?

    /// A state for a request body (`actionsRequired` is read-only and omitted).
    public init(status: ConnectionStatus?, description: String?, actionsRequired: String? = nil) {
        self.status = status
        self.description = description
        self.actionsRequired = actionsRequired
    }
}

/// A server trust certificate of a managed instance (MI link).
public typealias ServerTrustCertificate = ARMResource<ServerTrustCertificateProperties>

/// The properties of a server trust certificate.
public struct ServerTrustCertificateProperties: ARMResourceProperties {
    public static let apiVersion = ARMAPIVersion.sql
    public static let resourceType = "Microsoft.Sql/managedInstances/serverTrustCertificates"

    /// Hex of the DER certificate without `0x`.
    public var publicBlob: String?
    public var thumbprint: String?
    public var certificateName: String?

    /// Properties for a request body.
    public init(publicBlob: String? = nil, thumbprint: String? = nil, certificateName: String? = nil) {
        self.publicBlob = publicBlob
        self.thumbprint = thumbprint
        self.certificateName = certificateName
    }
}

/// A distributed availability group of a managed instance, in the 2025-01-01 shape (MI link).
public typealias DistributedAvailabilityGroup = ARMResource<DistributedAvailabilityGroupProperties>

/// Marker types for DAG enums.
public enum LinkRoleKind {}
public enum FailoverModeKind {}
public enum SeedingModeKind {}
public enum ReplicationModeKind {}
/// `Primary` | `Secondary`.
public typealias LinkRole = ARMEnum<LinkRoleKind>
/// `None` | `Manual`.
public typealias FailoverMode = ARMEnum<FailoverModeKind>
/// `Automatic` | `Manual`.
public typealias SeedingMode = ARMEnum<SeedingModeKind>
/// `Async` | `Sync`.
public typealias ReplicationMode = ARMEnum<ReplicationModeKind>
extension ARMEnum where Kind == LinkRoleKind {
    public static let primary: Self = "Primary"
    public static let secondary: Self = "Secondary"
}
extension ARMEnum where Kind == FailoverModeKind {
    public static let none: Self = "None"
    public static let manual: Self = "Manual"
}
extension ARMEnum where Kind == SeedingModeKind {
    public static let automatic: Self = "Automatic"
    public static let manual: Self = "Manual"
}
extension ARMEnum where Kind == ReplicationModeKind {
    public static let async: Self = "Async"
    public static let sync: Self = "Sync"
}

/// `partnerAuthCertValidity`: a certificate's name and expiry (read-only).
public struct CertificateInfo: Codable, Sendable, Equatable {
    public var certificateName: String?
    /// ISO 8601 date-time.
    public var expiryDate: String?

    /// A value (tests, fakes).
    public init(certificateName: String? = nil, expiryDate: String? = nil) {
        self.certificateName = certificateName
        self.expiryDate = expiryDate
    }
}

/// The instance's own endpoint certificate (`endpointCertificates/DATABASE_MIRRORING`), read-only.
public typealias EndpointCertificate = ARMResource<EndpointCertificateProperties>

/// The properties of an endpoint certificate.
public struct EndpointCertificateProperties: ARMResourceProperties {
    public static let apiVersion = ARMAPIVersion.sql
    public static let resourceType = "Microsoft.Sql/managedInstances/endpointCertificates"

    /// Hex of the DER certificate, usually with `0x` (normalise before use).
    public var publicBlob: String?

    /// Properties (tests, fakes).
    public init(publicBlob: String? = nil) { self.publicBlob = publicBlob }
}

/// The properties of a distributed availability group (2025-01-01).
public struct DistributedAvailabilityGroupProperties: ARMResourceProperties {
    public static let apiVersion = ARMAPIVersion.sql
    public static let resourceType = "Microsoft.Sql/managedInstances/distributedAvailabilityGroups"

    public var databases: [Database]?
    public var distributedAvailabilityGroupName: String?
    public var distributedAvailabilityGroupId: String?
    public var replicationMode: ARMEnum<ReplicationModeKind>?
    public var partnerLinkRole: ARMEnum<LinkRoleKind>?
    public var partnerAvailabilityGroupName: String?
    /// `TCP://host:port`.
    public var partnerEndpoint: String?
    public var instanceLinkRole: ARMEnum<LinkRoleKind>?
    public var instanceAvailabilityGroupName: String?
    public var failoverMode: ARMEnum<FailoverModeKind>?
    public var seedingMode: ARMEnum<SeedingModeKind>?

    /// One database of the group and its replication health.
    public struct Database: Codable, Sendable, Equatable {
        public var databaseName: String?
        public var instanceReplicaId: String?
        public var partnerReplicaId: String?
        public var replicaState: String?
        public var seedingProgress: String?
        public var synchronizationHealth: String?
        public var connectedState: String?
        public var lastReceivedLsn: String?
        public var lastReceivedTime: String?
        public var lastCommitLsn: String?
        public var lastCommitTime: String?
        public var lastHardenedLsn: String?
        public var lastHardenedTime: String?
        public var lastBackupLsn: String?
        public var lastBackupTime: String?
        /// The link's last error as the service words it (e.g. a message naming error 41974).
        public var mostRecentLinkError: String?
        /// SQL Server's certificate as the instance sees it, with its expiry.
        public var partnerAuthCertValidity: CertificateInfo?
        public var instanceSendReplicationLagSeconds: Int?
        public var instanceRedoReplicationLagSeconds: Int?

        /// A database entry for a request body.
        public init(databaseName: String) { self.databaseName = databaseName }
    }

    /// Properties for a create request.
    public init(
        databases: [Database]? = nil, failoverMode: ARMEnum<FailoverModeKind>? = nil,
        instanceAvailabilityGroupName: String? = nil, instanceLinkRole: ARMEnum<LinkRoleKind>? = nil,
        partnerAvailabilityGroupName: String? = nil, partnerEndpoint: String? = nil,
        seedingMode: ARMEnum<SeedingModeKind>? = nil, replicationMode: ARMEnum<ReplicationModeKind>? = nil
    ) {
        self.databases = databases
        self.failoverMode = failoverMode
        self.instanceAvailabilityGroupName = instanceAvailabilityGroupName
        self.instanceLinkRole = instanceLinkRole
        self.partnerAvailabilityGroupName = partnerAvailabilityGroupName
        self.partnerEndpoint = partnerEndpoint
        self.seedingMode = seedingMode
        self.replicationMode = replicationMode
    }
}
