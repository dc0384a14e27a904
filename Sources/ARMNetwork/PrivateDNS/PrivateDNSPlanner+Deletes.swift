import DNSModel
import Resolver

extension PrivateDNSPlanner {
    /// The share of pe-net's own records and links one apply may delete without `--force`.
    public static let deleteBrakeRatio = 0.3

    /// Deletes of what pe-net created in `existing` and no longer wants: A records that name this
    /// instance in their metadata under another name than the instance's, and links to vnets where
    /// none of the instance's endpoints is any more — a link only while no other instance's or
    /// hand-made record lives in the zone (another instance may still need it). Records and links
    /// that are not pe-net's are never deleted.
    static func deletes(
        zone: DesiredZone, existing: ExistingZone, wantedVNets: [ResourceID], instance: InstanceFacts
    ) -> [PrivateDNSChange] {
        var changes: [PrivateDNSChange] = []
        let mine = { (record: ExistingARecord) in
            record.metadata.contains {
                $0.key.lowercased() == PeNetOwnership.instanceKey.lowercased()
                    && $0.value.lowercased() == instance.id.normalized
            }
        }
        for record in existing.records
        where PeNetOwnership.isOwned(record.metadata) && mine(record) && record.name != instance.recordName {
            let gone = DesiredARecord(
                id: record.id, zoneName: zone.name, name: record.name, ips: record.ips.compactMap { IPv4Address($0) },
                ttl: record.ttl, metadata: record.metadata)
            changes.append(
                PrivateDNSChange(
                    action: .delete, resource: .record(gone), etag: record.etag,
                    message:
                        "delete A record \(gone.fqdn) → \(record.ips.joined(separator: ", ")): pe-net created it for \(instance.name), which no longer uses this name"
                ))
        }
        let shared = existing.records.contains { $0.name != instance.recordName && !mine($0) }
        for link in existing.links
        where PeNetOwnership.isOwned(link.tags) && !wantedVNets.contains(link.vnetID) && !shared {
            let gone = DesiredLink(
                id: link.id, name: link.name, zoneName: zone.name, vnetID: link.vnetID,
                registrationEnabled: link.registrationEnabled, tags: link.tags)
            changes.append(
                PrivateDNSChange(
                    action: .delete, resource: .link(gone), etag: link.etag,
                    message:
                        "delete link \(link.name): \(zone.name) → vnet \(vnetLabel(link.vnetID)); pe-net created it and no endpoint of \(instance.name) is in that vnet any more"
                ))
        }
        return changes
    }
}

extension PrivateDNSPlan {
    /// The changes that delete something.
    public var deletes: [PrivateDNSChange] { changes.filter { $0.action == .delete } }

    /// How many records and links read are pe-net's (the base of the delete brake).
    public var ownedCount: Int { ownedResources ?? 0 }

    /// True when this plan deletes more than ``PrivateDNSPlanner/deleteBrakeRatio`` of pe-net's
    /// own records and links: apply then needs `--force` as well as `--allow-deletes`.
    public var deletesPastBrake: Bool {
        let count = deletes.count
        guard count > 0 else { return false }
        return Double(count) > PrivateDNSPlanner.deleteBrakeRatio * Double(max(ownedCount, count))
    }
}
