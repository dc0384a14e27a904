import Foundation

/// An Azure Resource Manager resource id, such as
/// `/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Sql/managedInstances/{mi}/privateEndpointConnections/{name}`.
///
/// Parsing is case-insensitive on the fixed segments (`subscriptions`, `resourceGroups`,
/// `providers`) and two ids compare equal when they differ only in case, as ARM treats them.
/// The original spelling is kept for display and for request paths.
public struct ResourceID: Sendable, Hashable, Codable, CodingKeyRepresentable, CustomStringConvertible, Comparable {
    /// The shape every accepted id has; shown in errors.
    public static let expectedShape =
        "/subscriptions/<subscription>/resourceGroups/<group>/providers/<Namespace>/<type>/<name>[/<childType>/<childName>]"

    /// One `type/name` pair below the provider namespace.
    public struct Segment: Sendable, Hashable, Codable {
        /// The type segment, e.g. `managedInstances`.
        public var type: String
        /// The resource name, e.g. `testinstance`.
        public var name: String

        /// A `type/name` pair.
        public init(type: String, name: String) {
            self.type = type
            self.name = name
        }
    }

    /// The subscription id (a GUID in practice; kept as written).
    public let subscription: String
    /// The resource group name.
    public let resourceGroup: String
    /// The provider namespace, e.g. `Microsoft.Network`.
    public let namespace: String
    /// The resource and its ancestors, outermost first (never empty).
    public let segments: [Segment]

    /// Builds an id from its parts; `segments` must not be empty and no part may contain `/`.
    public init(subscription: String, resourceGroup: String, namespace: String, segments: [Segment]) throws {
        let parts = [subscription, resourceGroup, namespace] + segments.flatMap { [$0.type, $0.name] }
        guard !segments.isEmpty, parts.allSatisfy({ !$0.isEmpty && !$0.contains("/") }) else {
            let shown =
                "/subscriptions/\(subscription)/resourceGroups/\(resourceGroup)/providers/\(namespace)"
                + segments.map { "/\($0.type)/\($0.name)" }.joined()
            throw ARMError.invalidResourceID(shown, expected: Self.expectedShape)
        }
        self.subscription = subscription
        self.resourceGroup = resourceGroup
        self.namespace = namespace
        self.segments = segments
    }

    /// Builds the id of a top-level resource, as `az` does from name + `--resource-group` + `--subscription`.
    public init(subscription: String, resourceGroup: String, namespace: String, type: String, name: String) throws {
        try self.init(
            subscription: subscription, resourceGroup: resourceGroup, namespace: namespace,
            segments: [Segment(type: type, name: name)])
    }

    /// Parses an id; throws ``ARMError/invalidResourceID(_:expected:)`` naming the expected shape.
    public init(parsing text: String) throws {
        let invalid = ARMError.invalidResourceID(text, expected: Self.expectedShape)
        var trimmed = Substring(text.trimmingCharacters(in: .whitespaces))
        if trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard trimmed.hasPrefix("/") else { throw invalid }
        let parts = trimmed.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 8, parts.count % 2 == 0, !parts.contains(where: \.isEmpty),
            parts[0].lowercased() == "subscriptions",
            parts[2].lowercased() == "resourcegroups",
            parts[4].lowercased() == "providers"
        else { throw invalid }
        var segments: [Segment] = []
        var index = 6
        while index < parts.count {
            segments.append(Segment(type: parts[index], name: parts[index + 1]))
            index += 2
        }
        guard !segments.contains(where: { $0.type.lowercased() == "providers" }) else { throw invalid }
        self.subscription = parts[1]
        self.resourceGroup = parts[3]
        self.namespace = parts[5]
        self.segments = segments
    }

    /// The resource's own name (last segment).
    public var name: String { segments[segments.count - 1].name }

    /// The full type, e.g. `Microsoft.Sql/managedInstances/privateEndpointConnections`.
    public var resourceType: String { ([namespace] + segments.map(\.type)).joined(separator: "/") }

    /// The parent resource, or nil for a top-level resource.
    public var parent: ResourceID? {
        guard segments.count > 1 else { return nil }
        return ResourceID(unchecked: self, segments: Array(segments.dropLast()))
    }

    /// The type segment of the resource itself, e.g. `subnets` for a subnet.
    public var typeName: String { segments[segments.count - 1].type }

    /// The id cut after the segment of `type` (case-insensitive), e.g. a subnet's
    /// `virtualNetworks`; nil when the id has no such segment.
    public func ancestor(ofType type: String) -> ResourceID? {
        guard let index = segments.firstIndex(where: { $0.type.lowercased() == type.lowercased() }) else {
            return nil
        }
        return ResourceID(unchecked: self, segments: Array(segments[...index]))
    }

    /// The name of the segment of `type` (case-insensitive), e.g. the vnet name in a subnet id.
    public func name(ofType type: String) -> String? { ancestor(ofType: type)?.name }

    /// The top-level resource this id belongs to (itself when it has no parent).
    public var root: ResourceID { ResourceID(unchecked: self, segments: [segments[0]]) }

    /// The id of a child resource, e.g. `mi.child("privateEndpointConnections", "pec1")`.
    public func child(_ type: String, _ name: String) throws -> ResourceID {
        try ResourceID(
            subscription: subscription, resourceGroup: resourceGroup, namespace: namespace,
            segments: segments + [Segment(type: type, name: name)])
    }

    /// The collection path that lists children of one type, e.g. `<mi id>/privateEndpointConnections`.
    public func collectionPath(_ childType: String) -> String { "\(path)/\(childType)" }

    /// The request path (the id as written).
    public var path: String {
        "/subscriptions/\(subscription)/resourceGroups/\(resourceGroup)/providers/\(namespace)"
            + segments.map { "/\($0.type)/\($0.name)" }.joined()
    }

    /// The path that lists top-level resources of a type in a resource group.
    public static func collectionPath(subscription: String, resourceGroup: String, type: String) -> String {
        "/subscriptions/\(subscription)/resourceGroups/\(resourceGroup)/providers/\(type)"
    }

    /// The path that lists top-level resources of a type in a whole subscription.
    public static func collectionPath(subscription: String, type: String) -> String {
        "/subscriptions/\(subscription)/providers/\(type)"
    }

    public var description: String { path }

    /// The lowercased form used for equality and hashing.
    public var normalized: String { path.lowercased() }

    /// True when `self` is `other` or lies below it (case-insensitive).
    public func isDescendant(of other: ResourceID) -> Bool {
        normalized == other.normalized || normalized.hasPrefix(other.normalized + "/")
    }

    public static func == (lhs: ResourceID, rhs: ResourceID) -> Bool { lhs.normalized == rhs.normalized }
    public static func < (lhs: ResourceID, rhs: ResourceID) -> Bool { lhs.normalized < rhs.normalized }
    public func hash(into hasher: inout Hasher) { hasher.combine(normalized) }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(parsing: text)
    }

    /// Dictionaries keyed by ids encode as JSON objects keyed by the id text.
    public init?<Key: CodingKey>(codingKey: Key) {
        guard let id = try? ResourceID(parsing: codingKey.stringValue) else { return nil }
        self = id
    }

    /// The id text as a dictionary key.
    public var codingKey: any CodingKey { IDKey(stringValue: path) }

    private struct IDKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(path)
    }

    private init(unchecked base: ResourceID, segments: [Segment]) {
        self.subscription = base.subscription
        self.resourceGroup = base.resourceGroup
        self.namespace = base.namespace
        self.segments = segments
    }
}
