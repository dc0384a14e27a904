import DNSModel
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
    /// What ARM returned that pe-net cannot use (a malformed `dnsZone`, a NIC address that is not
    /// IPv4), found while reading; the plan carries them, and errors block apply.
    public var findings: [Finding]
    /// The DNS servers each endpoint vnet hands its clients; nil when not read (export).
    public var vnetDNSServers: [VNetDNSServers]?

    public init(
        instance: InstanceFacts, endpoints: [EndpointFacts], peerings: [PeeringFacts] = [],
        unreadableVNets: [UnreadableVNet] = [], zones: [ExistingZone] = [], findings: [Finding] = [],
        vnetDNSServers: [VNetDNSServers]? = nil
    ) {
        self.vnetDNSServers = vnetDNSServers
        self.instance = instance
        self.endpoints = endpoints
        self.peerings = peerings
        self.unreadableVNets = unreadableVNets
        self.zones = zones
        self.findings = findings
    }
}

/// The managed instance as pe-net needs it: name, FQDN, dnsZone and the vnet from `subnetId`.
/// `fqdn` and `dnsZone` are kept as ARM wrote them; ``parsedFQDN`` is their checked form.
public struct InstanceFacts: Equatable, Codable, Sendable {
    public var id: ResourceID
    public var name: String
    /// `properties.fullyQualifiedDomainName`, e.g. `sales-mi.a1b2c3d4e5f6.database.windows.net`.
    public var fqdn: String
    /// `properties.dnsZone`, e.g. `a1b2c3d4e5f6`.
    public var dnsZone: String
    /// `properties.subnetId`.
    public var subnetID: ResourceID
    /// The subnet's vnet.
    public var vnetID: ResourceID
    /// The instance's own view of its endpoint connections: private endpoint id → status. The
    /// instance side decides approval, so it wins over the endpoint's copy.
    public var endpointConnections: [ResourceID: ConnectionStatus]

    public init(
        id: ResourceID, name: String, fqdn: String, dnsZone: String, subnetID: ResourceID, vnetID: ResourceID,
        endpointConnections: [ResourceID: ConnectionStatus] = [:]
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

    /// The FQDN as Resolver reads it, or the reason it cannot be used: `dnsZone` must be one DNS
    /// label and the FQDN must be `<name>.<dnsZone>.<a known cloud suffix>`.
    public var checkedFQDN: Result<ManagedInstanceFQDN, InstanceDataError> {
        guard HostnameRules.isLDHLabel(dnsZone) else { return .failure(.dnsZone) }
        guard let parsed = ManagedInstanceFQDN(parsing: fqdn), !parsed.isPrivatelink,
            parsed.dnsZone == dnsZone.lowercased(), parsed.instance == recordName
        else { return .failure(.fqdn) }
        return .success(parsed)
    }

    /// The checked FQDN; nil when ARM's `dnsZone` or FQDN is malformed (see ``checkedFQDN``).
    public var parsedFQDN: ManagedInstanceFQDN? { try? checkedFQDN.get() }
}

/// Which of the instance's DNS facts from ARM cannot be used.
public enum InstanceDataError: Error, Equatable, Sendable {
    /// `dnsZone` is empty or not a single LDH label.
    case dnsZone
    /// The FQDN is not `<name>.<dnsZone>.<known suffix>`.
    case fqdn
}

/// One private endpoint: its vnet, the IP its NIC holds, and the state of its connection to the
/// instance (nil when none of its connections points at the instance).
public struct EndpointFacts: Equatable, Codable, Sendable {
    public var id: ResourceID
    public var name: String
    public var subnetID: ResourceID
    public var vnetID: ResourceID
    public var nicID: ResourceID
    /// The NIC's private IPv4 address; nil when ARM's text is not one (discovery reports it).
    public var ip: IPv4Address?
    public var connectionStatus: ConnectionStatus?

    public init(
        id: ResourceID, name: String, subnetID: ResourceID, vnetID: ResourceID, nicID: ResourceID,
        ip: IPv4Address?, connectionStatus: ConnectionStatus?
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
    public var id: ResourceID
    public var name: String
    /// The vnet that owns the peering.
    public var vnetID: ResourceID
    public var remoteVNetID: ResourceID
    public var state: PeeringState

    public init(id: ResourceID, name: String, vnetID: ResourceID, remoteVNetID: ResourceID, state: PeeringState) {
        self.id = id
        self.name = name
        self.vnetID = vnetID
        self.remoteVNetID = remoteVNetID
        self.state = state
    }

    /// Counts for pe-net only when Connected (`Initiated` means only one side exists).
    public var isConnected: Bool { state == .connected }
}

/// A vnet whose peerings could not be read, and why.
public struct UnreadableVNet: Equatable, Codable, Sendable {
    public var vnetID: ResourceID
    public var reason: String

    public init(vnetID: ResourceID, reason: String) {
        self.vnetID = vnetID
        self.reason = reason
    }
}

/// A private DNS zone that exists, with its vnet links and A record sets.
public struct ExistingZone: Equatable, Codable, Sendable {
    public var id: ResourceID
    public var name: String
    public var etag: String?
    public var tags: [String: String]
    public var links: [ExistingLink]
    public var records: [ExistingARecord]
    /// ARM's `provisioningState` as read (`Succeeded`, `Failed`, …); a `Failed` zone is written again.
    public var provisioningState: String?

    public init(
        id: ResourceID, name: String, etag: String?, tags: [String: String] = [:], links: [ExistingLink] = [],
        records: [ExistingARecord] = [], provisioningState: String? = nil
    ) {
        self.provisioningState = provisioningState
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
    public var id: ResourceID
    public var name: String
    public var vnetID: ResourceID
    public var registrationEnabled: Bool
    /// `virtualNetworkLinkState`: `InProgress` or `Completed`.
    public var linkState: String?
    public var etag: String?
    public var tags: [String: String]
    /// ARM's `provisioningState` as read; a `Failed` link is written again.
    public var provisioningState: String?

    public init(
        id: ResourceID, name: String, vnetID: ResourceID, registrationEnabled: Bool, linkState: String?, etag: String?,
        tags: [String: String] = [:], provisioningState: String? = nil
    ) {
        self.provisioningState = provisioningState
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
    public var id: ResourceID
    /// Relative name, lower-cased (`@` for the apex).
    public var name: String
    /// The addresses as the record set holds them (compared with the desired ones as text).
    public var ips: [String]
    public var ttl: Int
    public var metadata: [String: String]
    public var etag: String?

    public init(
        id: ResourceID, name: String, ips: [String], ttl: Int, metadata: [String: String] = [:], etag: String?
    ) {
        self.id = id
        self.name = name
        self.ips = ips
        self.ttl = ttl
        self.metadata = metadata
        self.etag = etag
    }
}

/// Whether ARM's `provisioningState` says the last operation on a resource failed or was
/// canceled: such a resource exists but is not in the state its writer asked for, so the plan
/// writes it again instead of calling it unchanged.
func provisioningDidNotSucceed(_ state: String?) -> Bool {
    guard let state = state?.lowercased() else { return false }
    return state == "failed" || state == "canceled"
}
