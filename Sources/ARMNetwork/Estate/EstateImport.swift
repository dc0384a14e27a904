import Foundation

/// One instance as `pe-net import` found it: the ``InstanceSpec`` that keeps what exists stable,
/// the connections it was derived from, and the sentences the file carries as comments.
public struct ImportedInstance: Sendable, Equatable {
    public var spec: InstanceSpec
    /// Every private endpoint connection of the instance, by name.
    public var connections: [ConnectionSnapshot]
    /// About the approval policy (connections no rule can cover without changing another).
    public var approvalNotes: [String]
    /// About the private DNS: what was found, and why it was left out when it was.
    public var dnsNotes: [String]
    /// Set when planning the imported spec still shows changes (it should not): what they are.
    public var verification: String?
    /// The instance's links (distributed availability groups), written as a commented block:
    /// Azure holds neither SQL Server's name nor its certificate file, which a link in the file needs.
    public var links: [DistributedAvailabilityGroup] = []
    /// Set when the links could not be listed: why.
    public var linksNote: String?

    public init(
        spec: InstanceSpec, connections: [ConnectionSnapshot] = [], approvalNotes: [String] = [],
        dnsNotes: [String] = [], verification: String? = nil
    ) {
        self.spec = spec
        self.connections = connections
        self.approvalNotes = approvalNotes
        self.dnsNotes = dnsNotes
        self.verification = verification
    }

    /// Connections left Pending: no rule of the imported policy matches them.
    public var pending: [ConnectionSnapshot] { connections.filter { $0.status == .pending } }
}

/// What `pe-net import` could not do.
public enum EstateImportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The instance does not exist (or is not visible to the credential).
    case instanceNotFound(ResourceID)
    /// Reading Azure failed.
    case read(resource: String, detail: String)

    public var description: String {
        switch self {
        case .instanceNotFound(let id):
            "managed instance \(id.name) does not exist (\(id.path)); check the name, --resource-group and --subscription"
        case .read(let resource, let detail):
            "cannot read \(resource): \(detail)"
        }
    }
}

/// Reads what exists for Managed Instances and describes it as ``InstanceSpec`` values such that
/// planning them (``EstateWorkflow/plan(_:maxConcurrent:)``) finds nothing to change: approved
/// connections stay approved, pending ones stay pending, rejected ones are listed under `reject`,
/// and the private DNS the instance's approved endpoints use is described where it lives.
///
/// Every derived spec is planned before it is returned; a DNS description that would still
/// plan changes (half-built DNS, the forbidden zone name) is left out and explained instead.
public struct EstateImporter: Sendable {
    public let client: ARMClient
    public let clock: any ARMClock

    public init(client: ARMClient, clock: any ARMClock = SystemClock()) {
        self.client = client
        self.clock = clock
    }

    /// The Managed Instances of a resource group, or of a whole subscription when `resourceGroup`
    /// is nil (ARM list, paged), sorted by id.
    public func instances(subscription: String, resourceGroup: String?) async throws(EstateImportError)
        -> [ResourceID]
    {
        let type = "Microsoft.Sql/managedInstances"
        let path =
            resourceGroup.map { ResourceID.collectionPath(subscription: subscription, resourceGroup: $0, type: type) }
            ?? ResourceID.collectionPath(subscription: subscription, type: type)
        do {
            let listed = try await client.list(ManagedInstance.self, in: path)
            return listed.compactMap(\.resourceID).sorted()
        } catch {
            throw .read(resource: path, detail: "\(error)")
        }
    }

    /// Imports `ids` (at most `maxConcurrent` at once), in the order given; the first instance
    /// that does not exist or cannot be read fails the whole import.
    public func importInstances(_ ids: [ResourceID], maxConcurrent: Int = 4) async throws(EstateImportError)
        -> [ImportedInstance]
    {
        let results = await ConnectionExecutor.boundedMap(ids, limit: maxConcurrent) { id in
            do throws(EstateImportError) {
                return Result<ImportedInstance, EstateImportError>.success(try await importInstance(id))
            } catch {
                return .failure(error)
            }
        }
        return try results.map { result throws(EstateImportError) in try result.get() }
    }

    /// Imports one instance.
    public func importInstance(_ id: ResourceID) async throws(EstateImportError) -> ImportedInstance {
        let instance: ManagedInstance
        do {
            instance = try await client.get(ManagedInstance.self, id)
        } catch ARMError.notFound {
            throw .instanceNotFound(id)
        } catch {
            throw .read(resource: id.path, detail: "\(error)")
        }
        let instanceID = instance.resourceID ?? id
        let connections: [ConnectionSnapshot]
        do {
            connections = try await EndpointsWorkflow(client: client, instance: instanceID).list()
                .sorted { ($0.name.lowercased(), $0.id.normalized) < ($1.name.lowercased(), $1.id.normalized) }
        } catch {
            throw .read(resource: instanceID.path, detail: "\(error)")
        }
        let (approval, approvalNotes) = ImportedApproval.derive(connections)
        var imported = ImportedInstance(
            spec: InstanceSpec(instance: instanceID, approval: approval), connections: connections,
            approvalNotes: approvalNotes)
        let served = connections.filter { $0.status == .approved }.compactMap(\.privateEndpointID)
        let (dns, dnsNotes) = await importDNS(instance: instance, id: instanceID, approval: approval, served: served)
        imported.spec.dns = dns
        imported.dnsNotes = dnsNotes
        do {
            imported.links = try await client.list(
                DistributedAvailabilityGroup.self, in: instanceID.path + "/distributedAvailabilityGroups"
            ).sorted { ($0.name ?? "").lowercased() < ($1.name ?? "").lowercased() }
        } catch ARMError.notFound {
            imported.links = []
        } catch {
            imported.linksNote = "its links could not be listed: \(error)"
        }
        let check = await EstateWorkflow(client: client, clock: clock).plan([imported.spec])
        if let part = check.instances.first, part.hasChanges || part.isBlocked {
            imported.verification = Self.describe(part)
        }
        return imported
    }

    /// The private DNS the approved endpoints use: zones linked to their vnets that hold the
    /// instance's A record, grouped by resource group; the first description that plans no change.
    func importDNS(instance: ManagedInstance, id: ResourceID, approval: ApprovalPolicy, served: [ResourceID]) async
        -> (InstanceSpec.DNS?, [String])
    {
        guard !served.isEmpty else { return (nil, ["no approved private endpoint, so no private DNS to describe"]) }
        var vnets: [ResourceID: ResourceID] = [:]
        var notes: [String] = []
        for endpoint in served {
            do {
                let document = try await client.get(PrivateEndpoint.self, endpoint)
                let subnet = try document.properties?.subnet?.parsedID()
                if let vnet = subnet?.ancestor(ofType: "virtualNetworks") { vnets[endpoint] = vnet }
            } catch {
                notes.append("private endpoint \(endpoint.name) cannot be read (\(error)); its DNS is not described")
            }
        }
        guard !vnets.isEmpty else { return (nil, notes) }
        let subscriptions = ([id.subscription] + vnets.keys.map(\.subscription) + vnets.values.map(\.subscription))
            .map { $0.lowercased() }.uniqued()
        let rows: [ResourceGraphRow<VirtualNetworkLinkProperties>]
        do {
            rows = try await ResourceGraphClient(client: client).query(
                ResourceGraphQuery.privateDNSLinks(toVirtualNetworks: Array(Set(vnets.values)).sorted()),
                subscriptions: subscriptions)
        } catch {
            notes.append(
                "Resource Graph could not be searched for the zones linked to the endpoints' vnets (\(error)); private DNS not described"
            )
            return (nil, notes)
        }
        var linkedVNets: [ResourceID: Set<ResourceID>] = [:]
        for row in rows {
            guard let link = row.id.flatMap({ try? ResourceID(parsing: $0) }), let zone = link.parent,
                let vnet = try? row.properties?.virtualNetwork?.parsedID()
            else { continue }
            linkedVNets[zone, default: []].insert(vnet)
        }
        let recordName = (instance.name ?? id.name).lowercased()
        var found: [(zone: ResourceID, record: ARecordSet)] = []
        for zone in linkedVNets.keys.sorted() {
            guard let recordID = try? zone.child("A", recordName),
                let record = try? await client.getIfExists(ARecordSet.self, recordID),
                !(record.properties?.addresses ?? []).isEmpty
            else { continue }
            found.append((zone, record))
        }
        guard !found.isEmpty else {
            notes.append(
                linkedVNets.isEmpty
                    ? "no private DNS zone is linked to the approved endpoints' vnets; none to describe"
                    : "no zone linked to the approved endpoints' vnets holds an A record \(recordName); none to describe"
            )
            return (nil, notes)
        }
        let privatelink = instance.properties?.fullyQualifiedDomainName.flatMap { fqdn -> String? in
            let prefix = recordName + "."
            guard fqdn.lowercased().hasPrefix(prefix) else { return nil }
            return "privatelink." + fqdn.lowercased().dropFirst(prefix.count)
        }
        var groups: [String: [(zone: ResourceID, record: ARecordSet)]] = [:]
        for item in found {
            groups["\(item.zone.subscription)/\(item.zone.resourceGroup)".lowercased(), default: []].append(item)
        }
        let ordered = groups.values.sorted { ($0.count, $1[0].zone.normalized) > ($1.count, $0[0].zone.normalized) }
        var tried: [String] = []
        for group in ordered {
            let first = group[0]
            let placement = DNSPlacement(subscription: first.zone.subscription, resourceGroup: first.zone.resourceGroup)
            let custom = group.first { $0.zone.name.lowercased() != privatelink }
            let ttl = (custom ?? first).record.properties?.ttl ?? PrivateDNSOptions.defaultTTL
            let options = PrivateDNSOptions(zoneName: custom?.zone.name, placement: placement, ttl: ttl)
            let linked = group.reduce(into: Set<ResourceID>()) { $0.formUnion(linkedVNets[$1.zone] ?? []) }
            let covered = served.filter { vnets[$0].map(linked.contains) ?? false }
            var candidates: [[ResourceID]?] = [nil]
            if covered.count != served.count, !covered.isEmpty { candidates.append(covered) }
            for endpoints in candidates {
                let dns = InstanceSpec.DNS(endpoints: endpoints, options: options)
                let plan = await EstateWorkflow(client: client, clock: clock).plan(
                    [InstanceSpec(instance: id, approval: approval, dns: dns)])
                guard let part = plan.instances.first else { continue }
                if !part.hasChanges, !part.isBlocked, part.dns != nil {
                    let owned = group.allSatisfy { PeNetOwnership.isOwned($0.record.properties?.metadata ?? [:]) }
                    if !owned {
                        notes.append(
                            "the A record \(recordName) was not created by pe-net; it is left as is (adopt: true would mark it as pe-net's)"
                        )
                    }
                    if let endpoints {
                        let left = served.filter { !endpoints.contains($0) }.map(\.name)
                        notes.append(
                            "listed endpoints only: no zone here serves \(left.joined(separator: ", ")) (its vnet is not linked)"
                        )
                    }
                    return (dns, notes)
                }
                tried.append(
                    "zone(s) \(group.map(\.zone.name).joined(separator: ", ")) in \(placement.resourceGroup): \(Self.describe(part))"
                )
            }
        }
        notes.append(
            "private DNS exists but is not described, since plan -f would change it: " + tried.joined(separator: "; "))
        return (nil, notes)
    }

    /// One line on what a plan of one instance would do or why it is blocked.
    static func describe(_ part: EstatePlan.Instance) -> String {
        if let error = part.error { return error }
        var pieces = part.connectionWrites.map(\.message)
        pieces += (part.dns?.changes ?? []).filter(\.isWrite).map(\.message)
        pieces += (part.dns?.findings ?? []).filter { $0.severity == .error }.map(\.message)
        if pieces.isEmpty { pieces.append("changes") }
        return pieces.prefix(3).joined(separator: "; ") + (pieces.count > 3 ? "; …" : "")
    }
}

/// The approval policy that keeps an instance's connections as they are.
public enum ImportedApproval {
    /// Approved connections' subscriptions (or, where a pending or disconnected connection shares
    /// the subscription, their resource groups) under `approve`; rejected connections' endpoints
    /// under `reject`. A rule never matches a connection that is not Approved or Rejected, so
    /// planning the policy approves nothing new.
    public static func derive(_ connections: [ConnectionSnapshot]) -> (ApprovalPolicy, [String]) {
        var policy = ApprovalPolicy()
        var notes: [String] = []
        let approved = connections.filter { $0.status == .approved && $0.privateEndpointID != nil }
        let others = connections.filter { $0.status != .approved && $0.status != .rejected }
        func blocker(_ matches: (ConnectionSnapshot) -> Bool) -> ConnectionSnapshot? { others.first(where: matches) }
        var subscriptions: [String] = []
        for connection in approved {
            guard let subscription = connection.privateEndpointSubscription,
                !subscriptions.contains(where: { $0.lowercased() == subscription.lowercased() })
            else { continue }
            subscriptions.append(subscription)
        }
        for subscription in subscriptions {
            let inSubscription = approved.filter {
                $0.privateEndpointSubscription?.lowercased() == subscription.lowercased()
            }
            if blocker({ $0.privateEndpointSubscription?.lowercased() == subscription.lowercased() }) == nil {
                policy.subscriptions.append(subscription)
                continue
            }
            var groups: [String] = []
            for connection in inSubscription {
                guard let group = connection.privateEndpointResourceGroup,
                    !groups.contains(where: { $0.lowercased() == group.lowercased() })
                else { continue }
                groups.append(group)
            }
            for group in groups {
                let matches = { (other: ConnectionSnapshot) in
                    other.privateEndpointSubscription?.lowercased() == subscription.lowercased()
                        && other.privateEndpointResourceGroup?.lowercased() == group.lowercased()
                }
                if let other = blocker(matches) {
                    let names = approved.filter(matches).map(\.name).joined(separator: ", ")
                    notes.append(
                        "\(names) stay\(approved.filter(matches).count == 1 ? "s" : "") Approved without a rule: one for resource group \(group) would also approve \(other.name) (\(other.status))"
                    )
                } else {
                    policy.resourceGroups.append(.init(subscription: subscription, name: group))
                }
            }
        }
        for connection in connections where connection.status == .rejected {
            policy.reject.append((connection.privateEndpointID ?? connection.id).path)
        }
        return (policy, notes)
    }
}

extension ResourceGraphQuery {
    /// The virtual network links of private DNS zones to any of `vnets`, wherever the zones are.
    public static func privateDNSLinks(toVirtualNetworks vnets: [ResourceID]) -> String {
        "Resources | where type =~ 'microsoft.network/privatednszones/virtualnetworklinks'"
            + " | where tostring(properties.virtualNetwork.id) in~ ("
            + vnets.map { literal($0.path) }.joined(separator: ", ") + ")"
            + " | project id, name, type, resourceGroup, subscriptionId, tags, properties | order by id asc"
    }
}
