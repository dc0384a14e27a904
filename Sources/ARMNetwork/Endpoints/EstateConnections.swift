import Foundation

/// The private endpoint connections of one managed instance, found by an estate-wide discovery.
public struct InstanceConnections: Codable, Equatable, Sendable {
    /// How the connections were read.
    public enum Source: String, Codable, Sendable {
        /// From the instance's row in Resource Graph (`properties.privateEndpointConnections`).
        case graph
        /// From ARM: the instance's `privateEndpointConnections` collection.
        case arm
    }

    public var instance: ResourceID
    /// Sorted by name (ARM's list order and the summary's order differ).
    public var connections: [ConnectionSnapshot]
    public var source: Source

    public init(instance: ResourceID, connections: [ConnectionSnapshot], source: Source) {
        self.instance = instance
        self.connections = connections.sorted { $0.name.lowercased() < $1.name.lowercased() }
        self.source = source
    }
}

/// Finds every managed instance and its private endpoint connections in a set of subscriptions,
/// either with a few paged Resource Graph queries (``discoverByGraph(subscriptions:)``) or the
/// per-instance ARM way (``discoverByARM(subscriptions:)``: list the instances of each
/// subscription, then each instance's connections).
///
/// The graph way reads the connections from the instance row's read-only summary
/// (`properties.privateEndpointConnections`), which has everything `endpoints list` shows; an
/// instance whose row lacks the summary is read from ARM instead (the fallback), so both ways give
/// the same answer.
public struct EstateConnections: Sendable {
    public let client: ARMClient
    /// Instances read from ARM at once (the per-instance way and the fallback).
    public var concurrency: Int
    /// Rows per Resource Graph page.
    public var pageSize: Int

    public init(client: ARMClient, concurrency: Int = 8, pageSize: Int = ResourceGraphClient.maxPageSize) {
        self.client = client
        self.concurrency = concurrency
        self.pageSize = pageSize
    }

    /// The api-version of `GET /subscriptions`.
    public static let subscriptionsAPIVersion = "2022-12-01"

    /// The subscriptions the token can see (`GET /subscriptions`), for `--scope all`.
    public func allSubscriptions() async throws -> [String] {
        struct Subscription: Decodable { var subscriptionId: String? }
        return try await client.list("/subscriptions", apiVersion: Self.subscriptionsAPIVersion, as: Subscription.self)
            .compactMap(\.subscriptionId).map { $0.lowercased() }.uniqued()
    }

    /// Every instance in `subscriptions` with its connections: one paged Resource Graph query,
    /// and ARM reads only for instances whose row has no connection summary.
    public func discoverByGraph(subscriptions: [String]) async throws -> [InstanceConnections] {
        let rows = try await ResourceGraphClient(client: client, pageSize: pageSize).query(
            ResourceGraphQuery.managedInstances, subscriptions: subscriptions,
            as: ResourceGraphRow<ManagedInstanceProperties>.self)
        return try await connections(
            of: rows.map {
                (id: $0.id.flatMap { try? ResourceID(parsing: $0) }, $0.properties?.privateEndpointConnections)
            })
    }

    /// The connections of instances found in Resource Graph rows (`id`, the row's connection
    /// summary): taken from the summary when it is complete, read from ARM otherwise; rows without
    /// a valid id are skipped. In instance id order.
    func connections(of rows: [(id: ResourceID?, summary: [ManagedInstancePrivateEndpointConnectionSummary]?)])
        async throws -> [InstanceConnections]
    {
        var found: [InstanceConnections] = []
        var fallback: [ResourceID] = []
        for row in rows {
            guard let id = row.id else { continue }
            guard let summary = row.summary, summary.allSatisfy(Self.isComplete) else {
                fallback.append(id)
                continue
            }
            let connections = summary.compactMap { item -> ConnectionSnapshot? in
                try? ConnectionSnapshot(
                    PrivateEndpointConnection(id: item.id, properties: item.properties), instance: id)
            }
            found.append(InstanceConnections(instance: id, connections: connections, source: .graph))
        }
        found += try await readConnections(of: fallback)
        return found.sorted { $0.instance.normalized < $1.instance.normalized }
    }

    /// Whether a summary item has everything `endpoints list` shows (its id, the endpoint, the
    /// status and the provisioning state); an instance with an incomplete one is read from ARM.
    static func isComplete(_ item: ManagedInstancePrivateEndpointConnectionSummary) -> Bool {
        item.id != nil && item.properties?.privateEndpoint?.id != nil
            && item.properties?.privateLinkServiceConnectionState?.status != nil
            && item.properties?.provisioningState != nil
    }

    /// The per-instance ARM way: the instances of each subscription, then each one's connections.
    public func discoverByARM(subscriptions: [String]) async throws -> [InstanceConnections] {
        var instances: [ResourceID] = []
        for subscription in subscriptions.map({ $0.lowercased() }).uniqued() {
            let path = ResourceID.collectionPath(
                subscription: subscription, type: ManagedInstanceProperties.resourceType)
            instances += try await client.list(ManagedInstance.self, in: path).compactMap(\.resourceID)
        }
        return try await readConnections(of: instances).sorted { $0.instance.normalized < $1.instance.normalized }
    }

    /// Each instance's connections from ARM, `concurrency` at a time.
    func readConnections(of instances: [ResourceID]) async throws -> [InstanceConnections] {
        let client = client
        let results = await ConnectionExecutor.boundedMap(instances, limit: concurrency) {
            id -> Result<InstanceConnections, any Error> in
            do {
                let connections = try await ManagedInstanceConnections(client: client, instance: id).list()
                return .success(InstanceConnections(instance: id, connections: connections, source: .arm))
            } catch {
                return .failure(error)
            }
        }
        return try results.map { try $0.get() }
    }
}

extension ResourceGraphQuery {
    /// Every managed instance, with its properties (the connection summary among them).
    public static let managedInstances =
        "Resources | where type =~ 'microsoft.sql/managedinstances'"
        + " | project id, name, type, resourceGroup, subscriptionId, tags, properties | order by id asc"
}
