import Foundation

/// The api-versions pe-net pins, one per resource provider area.
public enum ARMAPIVersion {
    /// Microsoft.Sql (managed instances, private endpoint connections, trust certificates, DAGs).
    public static let sql = "2025-01-01"
    /// Microsoft.Network networking (endpoints, NICs, vnets, peerings, load balancers, PLS).
    public static let network = "2024-07-01"
    /// Microsoft.Network private DNS (zones, links, record sets).
    public static let privateDNS = "2024-06-01"
    /// Microsoft.Compute (the forwarders' scale set).
    public static let compute = "2025-04-01"
    /// Microsoft.DataFactory (factories, managed private endpoints).
    public static let dataFactory = "2018-06-01"
    /// Microsoft.Network DNS Private Resolver (forwarding rulesets, their rules and vnet links).
    public static let dnsResolver = "2025-05-01"
}

/// The `properties` payload of one resource type, with the type's api-version and ARM type name.
public protocol ARMResourceProperties: Codable, Sendable, Equatable {
    /// The api-version pe-net uses for this type.
    static var apiVersion: String { get }
    /// The ARM type, e.g. `Microsoft.Sql/managedInstances`.
    static var resourceType: String { get }
}

/// An ARM resource document: the common envelope (`id`, `name`, `type`, `location`, `tags`,
/// `etag`, `sku`) around type-specific `properties`. Decoding is tolerant: unknown fields are
/// ignored and every field is optional, because ARM adds fields without notice and some
/// documents omit `type` or `name`. Encoding writes only the fields that are set, so the same
/// type builds request bodies.
public struct ARMResource<Properties: ARMResourceProperties>: Codable, Sendable, Equatable {
    /// The resource id as ARM wrote it (may be malformed in examples; see ``resourceID``).
    public var id: String?
    /// The resource name.
    public var name: String?
    /// The ARM type.
    public var type: String?
    /// Region, or `global` (compare case-insensitively).
    public var location: String?
    /// Tags.
    public var tags: [String: String]?
    /// The opaque etag; send it back exactly in `If-Match`.
    public var etag: String?
    /// SKU where the type has one (managed instance, load balancer).
    public var sku: ARMSku?
    /// Type-specific properties.
    public var properties: Properties?

    /// A document; every field optional so request bodies carry only what is set.
    public init(
        id: String? = nil, name: String? = nil, type: String? = nil, location: String? = nil,
        tags: [String: String]? = nil, etag: String? = nil, sku: ARMSku? = nil, properties: Properties? = nil
    ) {
        self.id = id
        self.name = name
        self.type = type
        self.location = location
        self.tags = tags
        self.etag = etag
        self.sku = sku
        self.properties = properties
    }

    /// The parsed id, or nil when it is missing or malformed.
    public var resourceID: ResourceID? { id.flatMap { try? ResourceID(parsing: $0) } }

    /// The api-version for this type.
    public static var apiVersion: String { Properties.apiVersion }
    /// The ARM type name.
    public static var resourceType: String { Properties.resourceType }
}

/// A string-valued ARM enum compared case-insensitively (`Approved` == `approved`); unknown
/// values are kept rather than rejected, since services add values without a version bump.
/// `Kind` is a marker type that gives each enum its own constants.
public struct ARMEnum<Kind>: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    /// The value as ARM wrote it.
    public let rawValue: String

    /// A value.
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public static func == (lhs: ARMEnum, rhs: ARMEnum) -> Bool {
        lhs.rawValue.lowercased() == rhs.rawValue.lowercased()
    }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue.lowercased()) }
    public var description: String { rawValue }
}

/// A reference to another resource: `{"id": "..."}`.
public struct SubResource: Codable, Sendable, Equatable {
    /// The id as ARM wrote it (examples contain malformed ids such as `.../provders/...`).
    public var id: String?

    /// A reference.
    public init(id: String) { self.id = id }

    /// The parsed id; throws when it is missing or malformed.
    public func parsedID() throws -> ResourceID {
        guard let id else { throw ARMError.invalidResourceID("(missing)", expected: ResourceID.expectedShape) }
        return try ResourceID(parsing: id)
    }
}

/// A SKU.
public struct ARMSku: Codable, Sendable, Equatable {
    /// e.g. `GP_Gen5`, `Standard`.
    public var name: String?
    /// e.g. `GeneralPurpose`, `Regional`.
    public var tier: String?
    /// e.g. `Gen5`.
    public var family: String?
    /// e.g. vCores.
    public var capacity: Int?
}

/// An address space: `{"addressPrefixes": [...]}`.
public struct AddressSpace: Codable, Sendable, Equatable {
    /// CIDR prefixes.
    public var addressPrefixes: [String]?
}

/// Marker for ``ProvisioningState``.
public enum ProvisioningStateKind {}
/// `properties.provisioningState`: Succeeded, Failed, Canceled, Creating, Updating, Deleting, Ready, ...
public typealias ProvisioningState = ARMEnum<ProvisioningStateKind>
extension ARMEnum where Kind == ProvisioningStateKind {
    public static let succeeded: Self = "Succeeded"
    public static let failed: Self = "Failed"
    public static let canceled: Self = "Canceled"
    public static let updating: Self = "Updating"
    public static let creating: Self = "Creating"
    public static let deleting: Self = "Deleting"
    public static let ready: Self = "Ready"
}
