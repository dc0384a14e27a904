import Foundation

/// What an ARM request path addresses.
enum ARMTarget: Equatable {
    /// One resource (`.../providers/ns/type/name[/childType/childName]`).
    case item(ResourcePath)
    /// The children of one type under a parent resource, or the top-level resources of a type in a
    /// resource group (`parent == nil`, `resourceGroup != nil`) or in a subscription (both nil).
    case collection(
        subscription: String, resourceGroup: String?, namespace: String, parent: ResourcePath?, type: String)
    /// An async operation URL the emulator handed out.
    case operation(subscription: String, kind: String, id: String)

    /// Parses a request path; nil when it is not an ARM path.
    static func parse(_ path: String) -> ARMTarget? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map {
            String($0).removingPercentEncoding ?? String($0)
        }
        guard parts.count >= 4, parts[0].lowercased() == "subscriptions" else { return nil }
        let subscription = parts[1]
        if parts[2].lowercased() == "providers" {
            // /subscriptions/{sub}/providers/{ns}/{type}[/{id}]
            if parts.count == 5 {
                return .collection(
                    subscription: subscription, resourceGroup: nil, namespace: parts[3], parent: nil, type: parts[4])
            }
            if parts.count == 6, ["operationstatuses", "operationresults"].contains(parts[4].lowercased()) {
                return .operation(subscription: subscription, kind: parts[4].lowercased(), id: parts[5])
            }
            return nil
        }
        guard parts.count >= 7, parts[2].lowercased() == "resourcegroups", parts[4].lowercased() == "providers" else {
            return nil
        }
        let group = parts[3]
        let namespace = parts[5]
        let rest = Array(parts[6...])
        if rest.count == 1 {
            return .collection(
                subscription: subscription, resourceGroup: group, namespace: namespace, parent: nil, type: rest[0])
        }
        var segments: [(String, String)] = []
        var index = 0
        while index + 1 < rest.count {
            segments.append((rest[index], rest[index + 1]))
            index += 2
        }
        let item = ResourcePath(
            subscription: subscription, resourceGroup: group, namespace: namespace, segments: segments)
        if index < rest.count {
            return .collection(
                subscription: subscription, resourceGroup: group, namespace: namespace, parent: item, type: rest[index])
        }
        return .item(item)
    }
}

/// A resource id split into its parts.
struct ResourcePath: Equatable {
    let subscription: String
    let resourceGroup: String
    let namespace: String
    let segments: [(type: String, name: String)]

    init(subscription: String, resourceGroup: String, namespace: String, segments: [(String, String)]) {
        self.subscription = subscription
        self.resourceGroup = resourceGroup
        self.namespace = namespace
        self.segments = segments.map { (type: $0.0, name: $0.1) }
    }

    /// Parses a document id; nil when malformed.
    init?(id: String) {
        guard case .item(let path) = ARMTarget.parse(id) else { return nil }
        self = path
    }

    var id: String {
        "/subscriptions/\(subscription)/resourceGroups/\(resourceGroup)/providers/\(namespace)"
            + segments.map { "/\($0.type)/\($0.name)" }.joined()
    }

    var key: String { id.lowercased() }
    var name: String { segments[segments.count - 1].name }
    var resourceType: String { ([namespace] + segments.map(\.type)).joined(separator: "/") }
    var typeKey: String { resourceType.lowercased() }

    var parent: ResourcePath? {
        guard segments.count > 1 else { return nil }
        return ResourcePath(
            subscription: subscription, resourceGroup: resourceGroup, namespace: namespace,
            segments: segments.dropLast().map { ($0.type, $0.name) })
    }

    func child(type: String, name: String) throws -> ResourcePath {
        guard !name.isEmpty, !name.contains("/") else { throw EmulatorError("bad child name \(name)") }
        return ResourcePath(
            subscription: subscription, resourceGroup: resourceGroup, namespace: namespace,
            segments: segments.map { ($0.type, $0.name) } + [(type, name)])
    }

    static func == (lhs: ResourcePath, rhs: ResourcePath) -> Bool { lhs.key == rhs.key }
}

/// How a resource type behaves in ARM.
enum TypeRules {
    static let recordTypes: Set<String> = ["a", "aaaa", "cname", "mx", "ptr", "soa", "srv", "txt"]

    enum Family { case sql, privateDNS, recordSet, network, dataFactory }

    static func family(_ typeKey: String) -> Family {
        if typeKey.hasPrefix("microsoft.sql/") { return .sql }
        if typeKey.hasPrefix("microsoft.datafactory/") { return .dataFactory }
        if typeKey.hasPrefix("microsoft.network/privatednszones") {
            let last = typeKey.split(separator: "/").last.map(String.init) ?? ""
            return recordTypes.contains(last) ? .recordSet : .privateDNS
        }
        return .network
    }

    static let privateEndpointConnection = "microsoft.sql/managedinstances/privateendpointconnections"
    static let zone = "microsoft.network/privatednszones"
    static let link = "microsoft.network/privatednszones/virtualnetworklinks"
    static let privateEndpoint = "microsoft.network/privateendpoints"
    static let privateLinkServiceConnection = "microsoft.network/privatelinkservices/privateendpointconnections"
    static let privateLinkService = "microsoft.network/privatelinkservices"
    static let loadBalancer = "microsoft.network/loadbalancers"
    static let subnet = "microsoft.network/virtualnetworks/subnets"
    static let virtualNetwork = "microsoft.network/virtualnetworks"
    static let networkInterface = "microsoft.network/networkinterfaces"
    static let scaleSet = "microsoft.compute/virtualmachinescalesets"
    static let managedInstance = "microsoft.sql/managedinstances"
    static let forwardingRuleset = "microsoft.network/dnsforwardingrulesets"
    static let forwardingRule = "microsoft.network/dnsforwardingrulesets/forwardingrules"
    static let rulesetLink = "microsoft.network/dnsforwardingrulesets/virtualnetworklinks"

    /// Whether the type is DNS Private Resolver's (its etags are bare GUIDs, as the examples show).
    static func isResolver(_ typeKey: String) -> Bool {
        typeKey.hasPrefix("microsoft.network/dnsforwardingrulesets")
            || typeKey.hasPrefix("microsoft.network/dnsresolvers")
    }

    static let managedPrivateEndpoint = "microsoft.datafactory/factories/managedvirtualnetworks/managedprivateendpoints"

    /// Whether the type is a private endpoint connection on the provider side (an instance's or a
    /// Private Link Service's): approved, rejected and deleted by the same state machine.
    static func isConnection(_ typeKey: String) -> Bool {
        typeKey == privateEndpointConnection || typeKey == privateLinkServiceConnection
    }

    /// Whether PUT/DELETE of this type is a long-running operation (Data Factory answers at once).
    static func isLongRunning(_ typeKey: String) -> Bool {
        family(typeKey) != .recordSet && family(typeKey) != .dataFactory && typeKey != forwardingRule
    }

    /// Whether documents of this type carry an `etag` field.
    static func carriesETag(_ typeKey: String) -> Bool { family(typeKey) != .sql }

    /// The provisioning state a finished operation leaves.
    static func finalState(_ typeKey: String) -> String { typeKey == privateEndpointConnection ? "Ready" : "Succeeded" }

    static func newETag(_ typeKey: String) -> String {
        let uuid = UUID().uuidString.lowercased()
        return family(typeKey) == .network && !isResolver(typeKey) ? "W/\"\(uuid)\"" : uuid
    }
}
