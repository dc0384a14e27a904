import Foundation
import Resolver

/// What discovery read from Azure Resource Manager about one managed instance, its private
/// endpoints, their virtual networks and the private DNS that already exists. The planner's only
/// input besides the flags; a plain value so tests can build it by hand and `-o json` can show it.
public struct PrivateDNSFacts: Equatable, Codable, Sendable {
    public var instance: InstanceFacts
    public var endpoints: [EndpointFacts]
    /// Peerings read from the instance's vnet and from every endpoint's vnet.
    public var peerings: [PeeringFacts]
    /// Vnets whose peerings could not be read (no rights, other tenant), with the reason.
    public var unreadableVNets: [UnreadableVNet]
    /// Private DNS zones that exist under the names the plan cares about (the desired zones and
    /// the instance's `privatelink.<dnsZone>.<suffix>` name), with their links and A records.
    public var zones: [ExistingZone]

    public init(
        instance: InstanceFacts, endpoints: [EndpointFacts], peerings: [PeeringFacts] = [],
        unreadableVNets: [UnreadableVNet] = [], zones: [ExistingZone] = []
    ) {
        self.instance = instance
        self.endpoints = endpoints
        self.peerings = peerings
        self.unreadableVNets = unreadableVNets
        self.zones = zones
    }
}

/// The managed instance as pe-net needs it: name, FQDN, dnsZone and the vnet from `subnetId`.
public struct InstanceFacts: Equatable, Codable, Sendable {
    public var id: String
    public var name: String
    /// `properties.fullyQualifiedDomainName`, e.g. `sales-mi.a1b2c3d4e5f6.database.windows.net`.
    public var fqdn: String
    /// `properties.dnsZone`, e.g. `a1b2c3d4e5f6`.
    public var dnsZone: String
    /// `properties.subnetId`.
    public var subnetID: String
    /// The subnet's vnet (the id up to `/subnets/`).
    public var vnetID: String
    /// The instance's own view of its endpoint connections: private endpoint id (lower-cased) →
    /// status. The instance side decides approval, so it wins over the endpoint's copy.
    public var endpointConnections: [String: String]

    public init(
        id: String, name: String, fqdn: String, dnsZone: String, subnetID: String, vnetID: String,
        endpointConnections: [String: String] = [:]
    ) {
        self.id = id
        self.name = name
        self.fqdn = fqdn
        self.dnsZone = dnsZone
        self.subnetID = subnetID
        self.vnetID = vnetID
        self.endpointConnections = endpointConnections
    }

    /// The record name inside a zone: the instance name, lower-cased as Azure returns it.
    public var recordName: String { name.lowercased() }

    /// The FQDN as Resolver reads it (cloud suffix recognised); an FQDN Resolver does not
    /// recognise keeps its own labels under the public cloud's suffix.
    public var parsedFQDN: ManagedInstanceFQDN {
        ManagedInstanceFQDN(parsing: fqdn) ?? ManagedInstanceFQDN(instance: name, dnsZone: dnsZone)
    }

    /// The cloud's suffix, e.g. `database.windows.net`.
    public var suffix: String { parsedFQDN.suffix.rawValue }

    /// `privatelink.<dnsZone>.<suffix>`: required for separate vnets, forbidden for same/peered.
    public var privatelinkZoneName: String { parsedFQDN.privatelinkZone }
}

/// One private endpoint: its vnet, the IP its NIC holds, and the state of its connection to the
/// instance (nil when none of its connections points at the instance).
public struct EndpointFacts: Equatable, Codable, Sendable {
    public var id: String
    public var name: String
    public var subnetID: String
    public var vnetID: String
    public var nicID: String
    public var ip: String
    public var connectionStatus: String?

    public init(
        id: String, name: String, subnetID: String, vnetID: String, nicID: String, ip: String,
        connectionStatus: String?
    ) {
        self.id = id
        self.name = name
        self.subnetID = subnetID
        self.vnetID = vnetID
        self.nicID = nicID
        self.ip = ip
        self.connectionStatus = connectionStatus
    }
}

/// A vnet peering as read from its owning vnet.
public struct PeeringFacts: Equatable, Codable, Sendable {
    public var id: String
    public var name: String
    /// The vnet that owns the peering.
    public var vnetID: String
    public var remoteVNetID: String
    /// `Initiated`, `Connected` or `Disconnected`.
    public var state: String

    public init(id: String, name: String, vnetID: String, remoteVNetID: String, state: String) {
        self.id = id
        self.name = name
        self.vnetID = vnetID
        self.remoteVNetID = remoteVNetID
        self.state = state
    }

    /// Counts for pe-net only when Connected (`Initiated` means only one side exists).
    public var isConnected: Bool { state.caseInsensitiveCompare("Connected") == .orderedSame }
}

/// A vnet whose peerings could not be read, and why.
public struct UnreadableVNet: Equatable, Codable, Sendable {
    public var vnetID: String
    public var reason: String

    public init(vnetID: String, reason: String) {
        self.vnetID = vnetID
        self.reason = reason
    }
}

/// A private DNS zone that exists, with its vnet links and A record sets.
public struct ExistingZone: Equatable, Codable, Sendable {
    public var id: String
    public var name: String
    public var etag: String?
    public var tags: [String: String]
    public var links: [ExistingLink]
    public var records: [ExistingARecord]

    public init(
        id: String, name: String, etag: String?, tags: [String: String] = [:], links: [ExistingLink] = [],
        records: [ExistingARecord] = []
    ) {
        self.id = id
        self.name = name
        self.etag = etag
        self.tags = tags
        self.links = links
        self.records = records
    }
}

/// A virtual network link of an existing zone.
public struct ExistingLink: Equatable, Codable, Sendable {
    public var id: String
    public var name: String
    public var vnetID: String
    public var registrationEnabled: Bool
    /// `virtualNetworkLinkState`: `InProgress` or `Completed`.
    public var linkState: String?
    public var etag: String?
    public var tags: [String: String]

    public init(
        id: String, name: String, vnetID: String, registrationEnabled: Bool, linkState: String?, etag: String?,
        tags: [String: String] = [:]
    ) {
        self.id = id
        self.name = name
        self.vnetID = vnetID
        self.registrationEnabled = registrationEnabled
        self.linkState = linkState
        self.etag = etag
        self.tags = tags
    }
}

/// An A record set of an existing zone.
public struct ExistingARecord: Equatable, Codable, Sendable {
    public var id: String
    /// Relative name, lower-cased (`@` for the apex).
    public var name: String
    public var ips: [String]
    public var ttl: Int
    public var metadata: [String: String]
    public var etag: String?

    public init(
        id: String, name: String, ips: [String], ttl: Int, metadata: [String: String] = [:], etag: String?
    ) {
        self.id = id
        self.name = name
        self.ips = ips
        self.ttl = ttl
        self.metadata = metadata
        self.etag = etag
    }
}

/// Case-insensitive equality of ARM ids (ARM returns `resourceGroups` and `resourcegroups`,
/// upper- and lower-case subscription GUIDs in the same document).
func sameResource(_ a: String, _ b: String) -> Bool {
    a.caseInsensitiveCompare(b) == .orderedSame
}
