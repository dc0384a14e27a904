import Foundation

/// Plans the private DNS of every managed instance in a set of subscriptions (`dns plan
/// --scope`): each instance with the private endpoints of its Approved connections, planned
/// exactly as `dns plan --instance … --endpoint …` plans it.
///
/// With Resource Graph (``plan(subscriptions:discovery:options:)`` with `.graph`) one paged
/// query (``ResourceGraphQuery/privateDNSEstate``) finds the instances, endpoints, NICs, vnets
/// with their peerings and DNS servers, and the private DNS zones with their links; discovery
/// then reads from ARM only what the rows lack (see ``PrivateDNSEstateIndex``) and the zones that
/// exist. The ARM way lists each subscription's instances and discovers each instance as
/// `dns plan` does.
public struct PrivateDNSEstate: Sendable {
    /// How the estate is discovered.
    public enum Discovery: String, Codable, Sendable {
        /// A few paged Resource Graph queries, ARM where the rows lack a property.
        case graph
        /// Each subscription's instances, then each instance the per-instance way.
        case arm
    }

    /// One instance of the estate and what planning it gave.
    public struct InstancePlan: Sendable {
        /// What planning one instance gave.
        public enum Outcome: Sendable {
            /// The plan, as `dns plan` makes it.
            case planned(PrivateDNSPlan)
            /// The instance has no connection in state Approved: nothing to plan.
            case noEndpoint
            /// Discovery failed for this instance (the ARM error).
            case failed(String)
        }

        public var instance: ResourceID
        /// The private endpoints of the Approved connections, sorted by connection name.
        public var endpoints: [ResourceID]
        public var outcome: Outcome

        /// The plan, when there is one.
        public var plan: PrivateDNSPlan? {
            if case .planned(let plan) = outcome { return plan }
            return nil
        }
    }

    public let client: ARMClient
    /// Instances discovered at once in each subscription (each one's requests also pass the
    /// client's bounds).
    public var concurrency: Int
    /// Rows per Resource Graph page.
    public var pageSize: Int

    public init(client: ARMClient, concurrency: Int = 8, pageSize: Int = ResourceGraphClient.maxPageSize) {
        self.client = client
        self.concurrency = max(1, concurrency)
        self.pageSize = pageSize
    }

    /// Every instance in `subscriptions`, planned with the options `options` gives for it (its
    /// id and endpoints; the default DNS placement is the first endpoint's), in id order.
    /// Throws when the instances cannot be found (a Resource Graph 403 included: the caller
    /// decides whether to fall back to `.arm`); a failure planning one instance is its outcome.
    public func plan(
        subscriptions: [String], discovery: Discovery,
        options: @escaping @Sendable (ResourceID, [ResourceID]) -> PrivateDNSOptions
    ) async throws -> [InstancePlan] {
        let index: PrivateDNSEstateIndex?
        let instances: [InstanceConnections]
        let estate = EstateConnections(client: client, concurrency: concurrency, pageSize: pageSize)
        switch discovery {
        case .graph:
            let rows = try await ResourceGraphClient(client: client, pageSize: pageSize).query(
                ResourceGraphQuery.privateDNSEstate, subscriptions: subscriptions, as: EstateGraphRow.self)
            let built = PrivateDNSEstateIndex(rows: rows, subscriptions: subscriptions)
            index = built
            instances = try await connections(of: built, estate: estate)
        case .arm:
            index = nil
            instances = try await estate.discoverByARM(subscriptions: subscriptions)
        }
        let (client, concurrency) = (client, concurrency)
        let plan = { @Sendable (item: InstanceConnections) async -> InstancePlan in
            let endpoints = item.connections.filter { $0.status == .approved }.compactMap(\.privateEndpointID)
                .uniqued()
            guard !endpoints.isEmpty else {
                return InstancePlan(instance: item.instance, endpoints: [], outcome: .noEndpoint)
            }
            let planOptions = options(item.instance, endpoints)
            do {
                let facts = try await PrivateDNSDiscovery(client: client, index: index).discover(
                    instance: item.instance, endpoints: endpoints, options: planOptions)
                return InstancePlan(
                    instance: item.instance, endpoints: endpoints,
                    outcome: .planned(PrivateDNSPlanner.plan(facts: facts, options: planOptions)))
            } catch {
                return InstancePlan(instance: item.instance, endpoints: endpoints, outcome: .failed("\(error)"))
            }
        }
        // `concurrency` instances at once in each subscription (the client paces each
        // subscription's requests by its own budget), the subscriptions side by side.
        let bySubscription = Dictionary(grouping: instances) { $0.instance.subscription.lowercased() }
        let planned = await withTaskGroup(of: [InstancePlan].self) { group in
            for items in bySubscription.values {
                group.addTask { await ConnectionExecutor.boundedMap(items, limit: concurrency, plan) }
            }
            var all: [InstancePlan] = []
            for await items in group { all += items }
            return all
        }
        return planned.sorted { $0.instance.normalized < $1.instance.normalized }
    }

    /// The connections of the index's instances: from each row's summary, or from ARM for the
    /// rows whose summary is missing or incomplete.
    func connections(of index: PrivateDNSEstateIndex, estate: EstateConnections) async throws
        -> [InstanceConnections]
    {
        try await estate.connections(
            of: index.instances.map { (id: $0.resourceID, summary: $0.properties?.privateEndpointConnections) })
    }
}

extension PrivateDNSEstate {
    /// The order `dns apply --scope` applies `plans` in. Plans were made before any write, so two
    /// instances that share a zone (or a link) both plan to create it: the first plan keeps the
    /// create, later ones get it as unchanged (their links and records still wait for it) and run
    /// in a later phase than the plan that creates it. Plans of one phase may run at once; each
    /// phase starts when the one before it finished.
    public static func applyPhases(_ plans: [PrivateDNSPlan]) -> [[PrivateDNSPlan]] {
        var creator: [ResourceID: (phase: Int, instance: String)] = [:]
        var phased: [(phase: Int, plan: PrivateDNSPlan)] = []
        for original in plans {
            var plan = original
            var phase = 0
            for index in plan.changes.indices where plan.changes[index].action == .create {
                let resource = plan.changes[index].resource
                guard let earlier = creator[resource.id] else { continue }
                plan.changes[index].action = .unchanged
                plan.changes[index].message =
                    "\(resource.kind) \(resource.displayName) is created by this apply for \(earlier.instance)"
                phase = max(phase, earlier.phase + 1)
            }
            for change in plan.changes where change.action == .create {
                creator[change.resource.id] = (phase, plan.instance.name)
            }
            phased.append((phase, plan))
        }
        let count = (phased.map(\.phase).max() ?? -1) + 1
        return (0..<count).map { phase in phased.filter { $0.phase == phase }.map(\.plan) }
    }
}
