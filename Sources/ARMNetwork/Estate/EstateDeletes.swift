import DNSModel
import Resolver

/// What pe-net created in the DNS resource groups the file names and no instance of the file
/// wants any more: A records marked for an instance the file no longer lists (or lists without
/// `dns`), and pe-net's vnet links in zones those records leave empty. Records and links without
/// pe-net's mark are never touched; zones are never deleted.
public struct EstateDeletes: Codable, Sendable, Equatable {
    /// Delete changes, each with its etag (sent as `If-Match`).
    public var changes: [PrivateDNSChange]
    /// A records and links carrying pe-net's mark in the zones read: the base of the delete brake.
    public var ownedCount: Int
    /// Resource groups or zones that could not be read (nothing in them is deleted).
    public var unreadable: [String]

    public init(changes: [PrivateDNSChange] = [], ownedCount: Int = 0, unreadable: [String] = []) {
        self.changes = changes
        self.ownedCount = ownedCount
        self.unreadable = unreadable
    }
}

extension EstateWorkflow {
    /// Reads every private DNS zone in `placements` and plans the deletes of pe-net's records
    /// whose instance is not in `wanted`, or whose instance's DNS plan now uses other zones
    /// (`plannedZones`: per instance planned, the zones of its plan), and of pe-net's links in zones
    /// with no other A record left, unless a zone is one the file's instances plan into.
    public func orphans(
        in placements: [DNSPlacement], wanted: Set<ResourceID>, plannedZones: [ResourceID: Set<ResourceID>]
    ) async -> EstateDeletes {
        let keepZones = plannedZones.values.reduce(into: Set<ResourceID>()) { $0.formUnion($1) }
        var unique: [DNSPlacement] = []
        for placement in placements where !unique.contains(where: { $0.isSame(as: placement) }) {
            unique.append(placement)
        }
        let discovery = PrivateDNSDiscovery(client: client)
        let parts = await ConnectionExecutor.boundedMap(unique, limit: 4) { placement -> EstateDeletes in
            let collection =
                "/subscriptions/\(placement.subscription)/resourceGroups/\(placement.resourceGroup)/providers/Microsoft.Network/privateDnsZones"
            var result = EstateDeletes()
            let zones: [PrivateDNSZone]
            do {
                zones = try await client.list(PrivateDNSZone.self, in: collection)
            } catch {
                result.unreadable.append("\(placement.subscription)/\(placement.resourceGroup): \(error)")
                return result
            }
            for zone in zones {
                guard let name = zone.name, let id = zone.resourceID ?? (try? placement.zoneID(name)) else { continue }
                do {
                    let existing = try await discovery.readZoneContents(
                        ExistingZone(id: id, name: name, etag: zone.etag, tags: zone.tags ?? [:]), recordName: "")
                    let part = Self.orphans(
                        in: existing, wanted: wanted, plannedZones: plannedZones, keep: keepZones.contains(id))
                    result.changes += part.changes
                    result.ownedCount += part.ownedCount
                } catch {
                    result.unreadable.append("zone \(name): \(error)")
                }
            }
            return result
        }
        return EstateDeletes(
            changes: parts.flatMap(\.changes), ownedCount: parts.reduce(0) { $0 + $1.ownedCount },
            unreadable: parts.flatMap(\.unreadable))
    }

    /// The deletes of one zone (pure).
    static func orphans(
        in zone: ExistingZone, wanted: Set<ResourceID>, plannedZones: [ResourceID: Set<ResourceID>] = [:], keep: Bool
    ) -> EstateDeletes {
        let wantedPaths = Set(wanted.map(\.normalized))
        let zonesByInstance = Dictionary(
            plannedZones.map { ($0.key.normalized, Set($0.value.map(\.normalized))) },
            uniquingKeysWith: { $0.union($1) })
        func owner(_ record: ExistingARecord) -> String? {
            record.metadata.first { $0.key.lowercased() == PeNetOwnership.instanceKey.lowercased() }?.value
        }
        var result = EstateDeletes()
        var remaining = 0
        for record in zone.records {
            let owned = PeNetOwnership.isOwned(record.metadata)
            if owned { result.ownedCount += 1 }
            guard owned, let instance = owner(record) else {
                remaining += 1
                continue
            }
            let key = instance.lowercased()
            let movedAway = zonesByInstance[key].map { !$0.contains(zone.id.normalized) } ?? false
            guard !wantedPaths.contains(key) || movedAway else {
                remaining += 1
                continue
            }
            let instanceName = instance.split(separator: "/").last.map(String.init) ?? instance
            let why =
                wantedPaths.contains(key)
                ? "whose private DNS the file now puts in another zone"
                : "whose private DNS the file no longer lists"
            let gone = DesiredARecord(
                id: record.id, zoneName: zone.name, name: record.name,
                ips: record.ips.compactMap { IPv4Address($0) }, ttl: record.ttl, metadata: record.metadata)
            result.changes.append(
                PrivateDNSChange(
                    action: .delete, resource: .record(gone), etag: record.etag,
                    message:
                        "delete A record \(gone.fqdn) → \(record.ips.joined(separator: ", ")): pe-net created it for \(instanceName), \(why)"
                ))
        }
        for link in zone.links where PeNetOwnership.isOwned(link.tags) {
            result.ownedCount += 1
            guard remaining == 0, !keep, !result.changes.isEmpty else { continue }
            let gone = DesiredLink(
                id: link.id, name: link.name, zoneName: zone.name, vnetID: link.vnetID,
                registrationEnabled: link.registrationEnabled, tags: link.tags)
            result.changes.append(
                PrivateDNSChange(
                    action: .delete, resource: .link(gone), etag: link.etag,
                    message:
                        "delete link \(link.name): \(zone.name) → vnet \(link.vnetID.name); pe-net created it and no record of the file's instances is left in the zone"
                ))
        }
        return result
    }

    /// Performs the deletes (records first, then links), each with `If-Match`.
    public func apply(
        _ deletes: EstateDeletes, progress: @escaping @Sendable (PrivateDNSOutcome) -> Void = { _ in }
    ) async -> [PrivateDNSOutcome] {
        let executor = PrivateDNSExecutor(client: client, clock: clock)
        var outcomes: [PrivateDNSOutcome] = []
        let ordered =
            deletes.changes.filter { if case .record = $0.resource { true } else { false } }
            + deletes.changes.filter { if case .record = $0.resource { false } else { true } }
        for change in ordered {
            let outcome = await executor.perform(change)
            progress(outcome)
            outcomes.append(outcome)
        }
        return outcomes
    }
}
