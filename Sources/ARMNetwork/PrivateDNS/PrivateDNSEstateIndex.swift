import Foundation

/// What one paged Resource Graph query found in a set of subscriptions for planning the private
/// DNS of every managed instance in them: the instances (with their connection summaries), the
/// private endpoints, their network interfaces, the vnets (with `dhcpOptions` and their
/// peerings), the private DNS zones and their vnet links.
///
/// ``PrivateDNSDiscovery`` reads from the index instead of ARM wherever a row has what it
/// needs, and from ARM otherwise: a row that is missing (a resource outside the subscriptions)
/// or lacks a property (an instance without its FQDN, an endpoint without its NIC, a NIC without
/// its address, a vnet row without `virtualNetworkPeerings`) is read the per-instance way. Record
/// sets are not in Resource Graph, and zone and link etags are needed for writes, so a zone that
/// exists is still read from ARM; a zone absent from the index in a subscription it covers is
/// not read at all.
public struct PrivateDNSEstateIndex: Sendable {
    /// The subscriptions the query covered (lower-case).
    public let subscriptions: Set<String>
    /// The instances in id order.
    public private(set) var instances: [ManagedInstance] = []
    var instanceRows: [ResourceID: ManagedInstance] = [:]
    var endpoints: [ResourceID: PrivateEndpoint] = [:]
    var nics: [ResourceID: NetworkInterface] = [:]
    var vnets: [ResourceID: VirtualNetwork] = [:]
    var zones: Set<ResourceID> = []
    /// Every vnet link of every private DNS zone, in id order (the order a search returns).
    var links: [ResourceGraphRow<VirtualNetworkLinkProperties>] = []

    /// An index of `rows` (as ``ResourceGraphQuery/privateDNSEstate`` returns them) over `subscriptions`.
    public init(rows: [EstateGraphRow], subscriptions: [String]) {
        self.subscriptions = Set(subscriptions.map { $0.lowercased() })
        for row in rows {
            switch row {
            case .instance(let item):
                guard let id = item.resourceID else { continue }
                instances.append(item)
                instanceRows[id] = item
            case .endpoint(let item): item.resourceID.map { endpoints[$0] = item }
            case .nic(let item): item.resourceID.map { nics[$0] = item }
            case .vnet(let item): item.resourceID.map { vnets[$0] = item }
            case .zone(let id): zones.insert(id)
            case .link(let item): links.append(item)
            case .other: continue
            }
        }
    }

    /// Whether the query covered `subscription`.
    public func covers(_ subscription: String) -> Bool { subscriptions.contains(subscription.lowercased()) }

    /// The instance's row when it has what discovery needs (FQDN, dnsZone, subnet).
    func instance(_ id: ResourceID) -> ManagedInstance? {
        guard let row = instanceRows[id], let properties = row.properties, properties.fullyQualifiedDomainName != nil,
            properties.dnsZone != nil, properties.subnetId != nil
        else { return nil }
        return row
    }

    /// The endpoint's row when it has its subnet and network interface.
    func endpoint(_ id: ResourceID) -> PrivateEndpoint? {
        guard let row = endpoints[id], row.properties?.subnet?.id != nil,
            row.properties?.networkInterfaces?.first?.id != nil
        else { return nil }
        return row
    }

    /// The NIC's row when every IP configuration carries its address.
    func nic(_ id: ResourceID) -> NetworkInterface? {
        guard let row = nics[id], let configurations = row.properties?.ipConfigurations, !configurations.isEmpty,
            configurations.allSatisfy({ $0.properties?.address != nil })
        else { return nil }
        return row
    }

    /// The vnet's row (for `dhcpOptions`).
    func vnet(_ id: ResourceID) -> VirtualNetwork? { vnets[id] }

    /// The vnet's peerings when its row carries them.
    func peerings(of vnet: ResourceID) -> [VirtualNetworkPeering]? { vnets[vnet]?.properties?.virtualNetworkPeerings }

    /// Whether the zone exists: nil when the index cannot say (its subscription was not queried).
    func zoneExists(_ id: ResourceID) -> Bool? { covers(id.subscription) ? zones.contains(id) : nil }

    /// The links of the zones named `zoneName` in `subscriptions`, as the search query returns
    /// them; nil unless the index covers every one of the subscriptions.
    func links(zoneName: String, subscriptions: [String]) -> [ResourceGraphRow<VirtualNetworkLinkProperties>]? {
        guard subscriptions.allSatisfy(covers) else { return nil }
        let wanted = Set(subscriptions.map { $0.lowercased() })
        let marker = "/privatednszones/\(zoneName.lowercased())/"
        return links.filter { row in
            guard let id = row.id?.lowercased(), id.contains(marker),
                let subscription = row.subscriptionId ?? (try? ResourceID(parsing: id))?.subscription
            else { return false }
            return wanted.contains(subscription.lowercased())
        }
    }
}

/// One row of ``ResourceGraphQuery/privateDNSEstate``, decoded by its `type`. A row whose
/// properties do not decode is `.other` (left out of the index, so discovery reads that resource
/// from ARM and reports what is wrong with it there).
public enum EstateGraphRow: Decodable, Sendable {
    case instance(ManagedInstance)
    case endpoint(PrivateEndpoint)
    case nic(NetworkInterface)
    case vnet(VirtualNetwork)
    case zone(ResourceID)
    case link(ResourceGraphRow<VirtualNetworkLinkProperties>)
    case other

    enum Keys: String, CodingKey { case type, id }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        let type = (try? container.decodeIfPresent(String.self, forKey: .type))?.lowercased() ?? ""
        switch type {
        case ManagedInstanceProperties.resourceType.lowercased():
            self = (try? ManagedInstance(from: decoder)).map(Self.instance) ?? .other
        case PrivateEndpointProperties.resourceType.lowercased():
            self = (try? PrivateEndpoint(from: decoder)).map(Self.endpoint) ?? .other
        case NetworkInterfaceProperties.resourceType.lowercased():
            self = (try? NetworkInterface(from: decoder)).map(Self.nic) ?? .other
        case VirtualNetworkProperties.resourceType.lowercased():
            self = (try? VirtualNetwork(from: decoder)).map(Self.vnet) ?? .other
        case PrivateDNSZoneProperties.resourceType.lowercased():
            let id = (try? container.decodeIfPresent(String.self, forKey: .id)).flatMap { $0 }
            self = id.flatMap { try? ResourceID(parsing: $0) }.map(Self.zone) ?? .other
        case VirtualNetworkLinkProperties.resourceType.lowercased():
            self = (try? ResourceGraphRow<VirtualNetworkLinkProperties>(from: decoder)).map(Self.link) ?? .other
        default:
            self = .other
        }
    }
}

extension ResourceGraphQuery {
    /// What planning the private DNS of a whole estate reads: instances, private endpoints,
    /// network interfaces, vnets, private DNS zones and their vnet links, in id order.
    public static let privateDNSEstate =
        "Resources | where type in~ ('microsoft.sql/managedinstances', 'microsoft.network/privateendpoints',"
        + " 'microsoft.network/networkinterfaces', 'microsoft.network/virtualnetworks',"
        + " 'microsoft.network/privatednszones', 'microsoft.network/privatednszones/virtualnetworklinks')"
        + " | project id, name, type, resourceGroup, subscriptionId, tags, properties | order by id asc"
}
