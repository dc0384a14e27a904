import Foundation

/// A private DNS zone (`Microsoft.Network/privateDnsZones`); its `location` is `global`.
public typealias PrivateDNSZone = ARMResource<PrivateDNSZoneProperties>

/// The fields of a private DNS zone (all read-only).
public struct PrivateDNSZoneProperties: ARMResourceProperties {
    public static let apiVersion = ARMAPIVersion.privateDNS
    public static let resourceType = "Microsoft.Network/privateDnsZones"

    public var maxNumberOfRecordSets: Int?
    public var numberOfRecordSets: Int?
    public var maxNumberOfVirtualNetworkLinks: Int?
    public var numberOfVirtualNetworkLinks: Int?
    public var maxNumberOfVirtualNetworkLinksWithRegistration: Int?
    public var numberOfVirtualNetworkLinksWithRegistration: Int?
    public var provisioningState: ProvisioningState?
    public var internalId: String?
}

extension ARMResource where Properties == PrivateDNSZoneProperties {
    /// The PUT body that creates a zone.
    public static func createBody(location: String = "global", tags: [String: String]? = nil) -> PrivateDNSZone {
        PrivateDNSZone(location: location, tags: tags)
    }
}

/// A virtual network link of a private DNS zone (`Microsoft.Network/privateDnsZones/virtualNetworkLinks`).
public typealias VirtualNetworkLink = ARMResource<VirtualNetworkLinkProperties>

/// Marker for ``VirtualNetworkLinkState``.
public enum VirtualNetworkLinkStateKind {}
/// `InProgress` | `Completed`.
public typealias VirtualNetworkLinkState = ARMEnum<VirtualNetworkLinkStateKind>
extension ARMEnum where Kind == VirtualNetworkLinkStateKind {
    public static let inProgress: Self = "InProgress"
    public static let completed: Self = "Completed"
}

/// Marker for ``ResolutionPolicy``.
public enum ResolutionPolicyKind {}
/// `Default` | `NxDomainRedirect` (2024-06-01 and later).
public typealias ResolutionPolicy = ARMEnum<ResolutionPolicyKind>
extension ARMEnum where Kind == ResolutionPolicyKind {
    public static let `default`: Self = "Default"
    public static let nxDomainRedirect: Self = "NxDomainRedirect"
}

/// The fields of a virtual network link.
public struct VirtualNetworkLinkProperties: ARMResourceProperties {
    public static let apiVersion = ARMAPIVersion.privateDNS
    public static let resourceType = "Microsoft.Network/privateDnsZones/virtualNetworkLinks"

    /// The linked vnet.
    public var virtualNetwork: SubResource?
    /// VM auto-registration; false for privatelink zones.
    public var registrationEnabled: Bool?
    public var resolutionPolicy: ResolutionPolicy?
    /// Read-only: InProgress until the link works, then Completed.
    public var virtualNetworkLinkState: VirtualNetworkLinkState?
    public var provisioningState: ProvisioningState?

    /// Properties for a request body.
    public init(
        virtualNetwork: SubResource?, registrationEnabled: Bool? = false, resolutionPolicy: ResolutionPolicy? = nil
    ) {
        self.virtualNetwork = virtualNetwork
        self.registrationEnabled = registrationEnabled
        self.resolutionPolicy = resolutionPolicy
    }
}

extension ARMResource where Properties == VirtualNetworkLinkProperties {
    /// The PUT body that links a zone to a vnet.
    public static func createBody(
        virtualNetwork: ResourceID, registrationEnabled: Bool = false, resolutionPolicy: ResolutionPolicy? = nil,
        location: String = "global", tags: [String: String]? = nil
    ) -> VirtualNetworkLink {
        VirtualNetworkLink(
            location: location, tags: tags,
            properties: .init(
                virtualNetwork: SubResource(id: virtualNetwork.path), registrationEnabled: registrationEnabled,
                resolutionPolicy: resolutionPolicy))
    }
}

/// An A record set of a private DNS zone (`Microsoft.Network/privateDnsZones/A`).
public typealias ARecordSet = ARMResource<ARecordSetProperties>

/// The fields of an A record set.
public struct ARecordSetProperties: ARMResourceProperties {
    public static let apiVersion = ARMAPIVersion.privateDNS
    public static let resourceType = "Microsoft.Network/privateDnsZones/A"

    /// Free-form key/value metadata (pe-net marks its records here).
    public var metadata: [String: String]?
    public var ttl: Int?
    /// Read-only, with a trailing dot.
    public var fqdn: String?
    public var isAutoRegistered: Bool?
    public var aRecords: [ARecord]?

    /// One address.
    public struct ARecord: Codable, Sendable, Equatable, Hashable {
        public var ipv4Address: String?

        /// An address.
        public init(ipv4Address: String) { self.ipv4Address = ipv4Address }
    }

    /// Properties for a request body (PUT replaces all records).
    public init(ttl: Int? = 3600, aRecords: [ARecord]?, metadata: [String: String]? = nil) {
        self.ttl = ttl
        self.aRecords = aRecords
        self.metadata = metadata
    }

    /// The addresses.
    public var addresses: [String] { (aRecords ?? []).compactMap(\.ipv4Address) }
}

extension ARMResource where Properties == ARecordSetProperties {
    /// The PUT body of an A record set.
    public static func createBody(addresses: [String], ttl: Int = 3600, metadata: [String: String]? = nil) -> ARecordSet
    {
        ARecordSet(
            properties: .init(ttl: ttl, aRecords: addresses.map(ARecordSetProperties.ARecord.init), metadata: metadata))
    }
}
