import Foundation

/// The ARM calls of the link on the current body schema (api-version 2025-01-01), as data:
/// method, path and JSON body. Nothing here sends anything.
public struct LinkARM: Sendable {
    /// One ARM call.
    public struct Request: Hashable, Sendable {
        public var method: String
        /// Path and query, from `/subscriptions/…`.
        public var path: String
        /// The file holding the body, relative to the output directory (nil: no body).
        public var file: String?
        /// The JSON body (pretty, sorted keys, trailing newline).
        public var body: String?
        public var summary: String
    }

    /// `properties` of a distributed availability group as PUT sends it.
    public struct DistributedAvailabilityGroupProperties: Codable, Hashable, Sendable {
        /// One entry of `databases`.
        public struct Database: Codable, Hashable, Sendable {
            public var databaseName: String
        }
        public var databases: [Database]
        public var failoverMode: String
        public var instanceAvailabilityGroupName: String
        public var instanceLinkRole: String
        public var partnerAvailabilityGroupName: String
        public var partnerEndpoint: String
        public var seedingMode: String
    }

    /// `{"properties": …}`.
    struct Envelope<Properties: Encodable>: Encodable {
        var properties: Properties
    }

    /// The placeholder in S4's body until the certificate's public key is known.
    public static let publicBlobPlaceholder = "<PublicKeyEncoded printed by 03-sql-certificate.sql>"

    let parameters: LinkParameters

    public init(_ parameters: LinkParameters) {
        self.parameters = parameters
    }

    /// `/subscriptions/…/managedInstances/<name>`, placeholders where the id is unknown.
    public var instancePath: String {
        "/subscriptions/\(parameters.subscriptionID ?? "{subscriptionId}")/resourceGroups/"
            + "\(parameters.resourceGroup ?? "{resourceGroupName}")/providers/Microsoft.Sql/managedInstances/"
            + parameters.instanceName
    }

    func path(_ suffix: String...) -> String {
        let segments = suffix.map { $0.addingPercentEncoding(withAllowedCharacters: .urlPathSegmentAllowed) ?? $0 }
        return instancePath + "/" + segments.joined(separator: "/") + "?api-version=\(LinkPlan.apiVersion)"
    }

    /// S4: upload SQL Server's certificate as a server trust certificate.
    public func putServerTrustCertificate(publicBlob: PublicBlob? = nil) throws(MILinkError) -> Request {
        struct Properties: Encodable { var publicBlob: String }
        return Request(
            method: "PUT", path: path("serverTrustCertificates", parameters.certificateName),
            file: "arm/04-put-server-trust-certificate.json",
            body: try Self.json(
                Envelope(properties: Properties(publicBlob: publicBlob?.hex ?? Self.publicBlobPlaceholder))),
            summary: "upload SQL Server's certificate (paste PublicKeyEncoded from S3 into publicBlob)")
    }

    /// S5: the instance's mirroring-endpoint certificate (for 05-instance-certificate.sql).
    public func getEndpointCertificate() -> Request {
        Request(
            method: "GET", path: path("endpointCertificates", "DATABASE_MIRRORING"), file: nil, body: nil,
            summary: "read the instance's certificate (properties.publicBlob) for S5's script")
    }

    /// S11: create the link.
    public func putDistributedAvailabilityGroup() throws(MILinkError) -> Request {
        Request(
            method: "PUT", path: path("distributedAvailabilityGroups", parameters.distributedAvailabilityGroup),
            file: "arm/11-put-distributed-availability-group.json",
            body: try Self.json(Envelope(properties: distributedAvailabilityGroupProperties)),
            summary: "create the link (long-running; follow the Location header)")
    }

    /// The body of S11.
    public var distributedAvailabilityGroupProperties: DistributedAvailabilityGroupProperties {
        DistributedAvailabilityGroupProperties(
            databases: parameters.databases.map { .init(databaseName: $0) },
            failoverMode: parameters.failoverMode.armValue, instanceAvailabilityGroupName: parameters.instanceName,
            instanceLinkRole: parameters.initialPrimary == .mi ? "Primary" : "Secondary",
            partnerAvailabilityGroupName: parameters.availabilityGroup, partnerEndpoint: parameters.partnerEndpoint,
            seedingMode: "Automatic")
    }

    /// S12: the link's state per database.
    public func getDistributedAvailabilityGroup() -> Request {
        Request(
            method: "GET", path: path("distributedAvailabilityGroups", parameters.distributedAvailabilityGroup),
            file: nil, body: nil,
            summary: "link state per database: replicaState, connectedState, synchronizationHealth")
    }

    /// Before failover: synchronous replication on the instance's side.
    public func patchReplicationModeSync() throws(MILinkError) -> Request {
        struct Properties: Encodable { var replicationMode = "Sync" }
        return Request(
            method: "PATCH", path: path("distributedAvailabilityGroups", parameters.distributedAvailabilityGroup),
            file: "arm/13-patch-replication-mode.json", body: try Self.json(Envelope(properties: Properties())),
            summary: "synchronous replication on the instance's side")
    }

    /// A planned failover (two-way links only).
    public func postFailover() throws(MILinkError) -> Request {
        struct Body: Encodable { var failoverType = "Planned" }
        return Request(
            method: "POST",
            path: path("distributedAvailabilityGroups", parameters.distributedAvailabilityGroup, "failover"),
            file: "arm/14-post-failover.json", body: try Self.json(Body()),
            summary: "planned failover once the LSNs match (long-running)")
    }

    /// Break the link (one-way links: the database on the instance becomes writable).
    public func deleteDistributedAvailabilityGroup() -> Request {
        Request(
            method: "DELETE", path: path("distributedAvailabilityGroups", parameters.distributedAvailabilityGroup),
            file: nil, body: nil, summary: "break the link once the LSNs match (long-running)")
    }

    static func json(_ value: some Encodable) throws(MILinkError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
        } catch {
            throw .encoding(String(describing: error))
        }
    }
}

extension CharacterSet {
    /// Unreserved characters plus sub-delims allowed in one path segment (RFC 3986), without `/`.
    static let urlPathSegmentAllowed: CharacterSet = {
        var set = CharacterSet.urlPathAllowed
        set.remove(charactersIn: "/;")
        return set
    }()
}
