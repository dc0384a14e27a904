import DNSModel
import Resolver

/// The private DNS pe-net wants for an instance: one zone per name the topology requires, its
/// links to the endpoints' vnets, and the instance's A record. Values built from facts + flags.

/// Ownership markers pe-net writes (zone and link tags, record-set metadata) and reads back to
/// tell its own resources from hand-made ones.
public enum PeNetOwnership {
    public static let key = "managedBy"
    public static let value = "pe-net"
    /// Metadata key on the A record naming the instance it serves.
    public static let instanceKey = "peNetInstance"

    /// True when the tags/metadata carry `managedBy=pe-net` (key compared case-insensitively:
    /// Azure does not promise to keep the key's case).
    public static func isOwned(_ tags: [String: String]) -> Bool {
        tags.contains { $0.key.lowercased() == key.lowercased() && $0.value.lowercased() == value }
    }
}

/// Where the zones go: subscription and resource group of the private DNS zones.
public struct DNSPlacement: Hashable, Codable, Sendable {
    public var subscription: String
    public var resourceGroup: String

    public init(subscription: String, resourceGroup: String) {
        self.subscription = subscription
        self.resourceGroup = resourceGroup
    }

    /// The id of zone `zone` here; throws when the name cannot be part of an id (contains `/`).
    func zoneID(_ zone: String) throws -> ResourceID {
        try ResourceID(
            subscription: subscription, resourceGroup: resourceGroup, namespace: "Microsoft.Network",
            type: "privateDnsZones", name: zone)
    }

    /// True when both name the same resource group (compared as ARM does, ignoring case).
    func isSame(as other: DNSPlacement) -> Bool {
        subscription.lowercased() == other.subscription.lowercased()
            && resourceGroup.lowercased() == other.resourceGroup.lowercased()
    }
}

/// A private DNS zone to exist (location `global`).
public struct DesiredZone: Equatable, Codable, Sendable {
    public var id: ResourceID
    public var name: String
    public var placement: DNSPlacement
    public var location: String
    public var tags: [String: String]
    /// The topologies of the endpoints this zone serves.
    public var topologies: [Topology]
    /// Why the zone has this name (the naming rule, in one sentence).
    public var reason: String
}

/// A virtual network link from a zone to one endpoint vnet, auto-registration off.
public struct DesiredLink: Equatable, Codable, Sendable {
    public var id: ResourceID
    public var name: String
    public var zoneName: String
    public var vnetID: ResourceID
    public var registrationEnabled: Bool
    public var tags: [String: String]
}

/// The instance's A record `<instance>` → endpoint IP(s), with pe-net's ownership metadata.
public struct DesiredARecord: Equatable, Codable, Sendable {
    public var id: ResourceID
    public var zoneName: String
    /// Relative name: the instance name.
    public var name: String
    public var ips: [IPv4Address]
    public var ttl: Int
    public var metadata: [String: String]

    /// The absolute name clients (or the public CNAME) resolve: `<instance>.<zone>`.
    public var fqdn: String { "\(name).\(zoneName)" }
}

/// The flags that shape the desired state.
public struct PrivateDNSOptions: Hashable, Codable, Sendable {
    /// Zone name for same/peered vnets (`--zone-name`); nil picks the documented default.
    public var zoneName: String?
    public var placement: DNSPlacement
    public var ttl: Int
    /// Take over (and correct) A records and links pe-net did not create.
    public var adopt: Bool

    /// The zone name used for same or peered vnets when `--zone-name` is not given; the example
    /// the product documentation itself uses.
    public static let defaultSameVNetZoneName = "privatelink.site"
    /// Azure CLI and the portal create record sets with this TTL.
    public static let defaultTTL = 3600

    public init(zoneName: String? = nil, placement: DNSPlacement, ttl: Int = defaultTTL, adopt: Bool = false) {
        self.zoneName = zoneName
        self.placement = placement
        self.ttl = ttl
        self.adopt = adopt
    }
}

enum DesiredNames {
    /// Zone names in ARM paths carry no trailing dot and compare case-insensitively.
    static func normalizeZone(_ name: String) -> String {
        var n = name.lowercased()
        while n.hasSuffix(".") { n.removeLast() }
        return n
    }

    /// A stable link name per vnet: its name plus a short hash of its id, so two vnets with the
    /// same name in different resource groups never collide in one zone (ARM allows 80 chars).
    static func linkName(for vnetID: ResourceID) -> String {
        var hash: UInt32 = 2_166_136_261
        for byte in vnetID.normalized.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        let hex = String(hash, radix: 16)
        let suffix = "-" + String(repeating: "0", count: 8 - hex.count) + hex
        return String(vnetID.name.lowercased().prefix(80 - suffix.count)) + suffix
    }
}
