import ARMNetwork
import Foundation

/// The ARM half of the link against one instance: the one-time steps (SQL Server's certificate as
/// a server trust certificate, the instance's endpoint certificate) and the per-database ones
/// (the distributed availability group), plus status, failover and delete. Reads decide what is
/// left to do, so a rerun redoes nothing that is already there.
public struct LinkARMWorkflow: Sendable {
    /// One call the workflow makes or would make.
    public struct Call: Sendable, Codable, Equatable {
        /// `one-time` (trust, endpoint) or `per-database` (the link).
        public var phase: String
        public var method: String
        /// The ARM path with its api-version.
        public var path: String
        /// The JSON body sent (never a token).
        public var body: String?
        /// `done`, `unchanged` (already there), `would run` (dry run), `read`.
        public var status: String
        public var message: String

        public init(phase: String, method: String, path: String, body: String?, status: String, message: String) {
            self.phase = phase
            self.method = method
            self.path = path
            self.body = body
            self.status = status
            self.message = message
        }
    }

    public let client: ARMClient
    public let instance: ResourceID
    public static let apiVersion = LinkPlan.apiVersion

    public init(client: ARMClient, instance: ResourceID) {
        self.client = client
        self.instance = instance
    }

    /// The link (distributed availability group) `name`.
    public func linkID(_ name: String) throws -> ResourceID {
        try instance.child("distributedAvailabilityGroups", name)
    }

    /// The path + api-version of `id` as a call shows it.
    public static func display(_ id: ResourceID, action: String? = nil) -> String {
        id.path + (action.map { "/" + $0 } ?? "") + "?api-version=\(apiVersion)"
    }

    /// The instance's FQDN as ARM reports it.
    public func instanceFQDN() async throws -> String? {
        try await client.get(ManagedInstance.self, instance).properties?.fullyQualifiedDomainName
    }

    /// The link, or nil when it does not exist.
    public func link(_ name: String) async throws -> DistributedAvailabilityGroup? {
        try await client.getIfExists(DistributedAvailabilityGroup.self, try linkID(name))
    }

    /// The trust certificate on the instance that holds `blob`'s public key, whatever its name.
    public func trustCertificate(holding blob: PublicBlob) async throws -> ServerTrustCertificate? {
        let all = try await client.list(
            ServerTrustCertificate.self, in: instance.collectionPath("serverTrustCertificates"))
        return all.first { $0.properties?.publicBlob.map(blob.matches) ?? false }
    }

    /// The body of the trust certificate PUT: `0x` + upper-case hex, as the documentation sends it.
    public static func trustBody(_ blob: PublicBlob) -> ServerTrustCertificate {
        ServerTrustCertificate(properties: .init(publicBlob: blob.hex))
    }

    /// Uploads SQL Server's certificate as trust certificate `name` and waits.
    public func putTrustCertificate(name: String, blob: PublicBlob) async throws {
        _ = try await client.put(
            try instance.child("serverTrustCertificates", name), body: Self.trustBody(blob))
    }

    /// The instance's mirroring-endpoint certificate as ARM sends it (`publicBlob`).
    public func endpointCertificate() async throws -> String? {
        try await client.get(
            EndpointCertificate.self, try instance.child("endpointCertificates", "DATABASE_MIRRORING")
        ).properties?.publicBlob
    }

    /// The body of the link PUT (the 2025-01-01 schema).
    public static func linkBody(_ parameters: LinkParameters) -> DistributedAvailabilityGroup {
        let properties = LinkARM(parameters).distributedAvailabilityGroupProperties
        return DistributedAvailabilityGroup(
            properties: .init(
                databases: properties.databases.map { .init(databaseName: $0.databaseName) },
                failoverMode: FailoverMode(rawValue: properties.failoverMode),
                instanceAvailabilityGroupName: properties.instanceAvailabilityGroupName,
                instanceLinkRole: LinkRole(rawValue: properties.instanceLinkRole),
                partnerAvailabilityGroupName: properties.partnerAvailabilityGroupName,
                partnerEndpoint: properties.partnerEndpoint,
                seedingMode: SeedingMode(rawValue: properties.seedingMode)))
    }

    /// Creates the link and waits for the long-running operation.
    public func putLink(_ parameters: LinkParameters) async throws -> DistributedAvailabilityGroup {
        try await client.put(try linkID(parameters.distributedAvailabilityGroup), body: Self.linkBody(parameters))
    }

    /// `failoverType` values.
    public enum FailoverType: String, Sendable, CaseIterable, Codable {
        case planned
        case forced

        /// The ARM spelling.
        public var armValue: String { self == .planned ? "Planned" : "ForcedAllowDataLoss" }
    }

    /// The failover body.
    public static func failoverBody(_ type: FailoverType) -> [String: String] { ["failoverType": type.armValue] }

    /// Fails the link over and waits; returns the link afterwards.
    public func failover(_ name: String, type: FailoverType) async throws -> DistributedAvailabilityGroup? {
        let id = try linkID(name)
        try await client.post(id, action: "failover", body: Self.failoverBody(type), apiVersion: Self.apiVersion)
        return try await client.getIfExists(DistributedAvailabilityGroup.self, id)
    }

    /// Deletes the link and waits.
    public func delete(_ name: String) async throws -> DeleteOutcome {
        try await client.delete(DistributedAvailabilityGroup.self, try linkID(name))
    }

    /// Canonical JSON of an encodable body (sorted keys), as calls show it.
    public static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
