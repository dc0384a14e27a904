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

/// Why an apply may not delete what its plan deletes: the flag it needs and one line that says so.
public struct DeleteRefusal: Equatable, Sendable {
    /// What the plan deletes and the flag to add.
    public let message: String
    /// `--allow-deletes` or `--force`.
    public let flag: String
    /// The first resource deleted.
    public let resource: String
    /// `plan.deletes-not-allowed` or `plan.delete-brake`.
    public let code: String
}

extension PrivateDNSPlanner {
    /// The delete brake of `dns apply` and `apply -f`: deletes need `allowDeletes`; deleting more
    /// than ``deleteBrakeRatio`` of the `owned` records and links pe-net owns in the zones read
    /// also needs `force`. Nil when the apply may go on.
    /// - Parameter unwantedBy: who no longer wants what is deleted ("the file"); nil for pe-net itself.
    public static func deleteRefusal(
        _ deletes: [PrivateDNSChange], owned: Int, allowDeletes: Bool, force: Bool, unwantedBy: String? = nil
    ) -> DeleteRefusal? {
        guard let first = deletes.first else { return nil }
        let names = deletes.map { "\($0.resource.kind) \($0.resource.displayName)" }.joined(separator: ", ")
        guard allowDeletes else {
            let unwanted = unwantedBy.map { "\($0) no longer wants" } ?? "no longer wants"
            return DeleteRefusal(
                message:
                    "the plan deletes \(deletes.count) resource(s) pe-net created and \(unwanted) (\(names)); nothing was changed: add --allow-deletes to delete them",
                flag: "--allow-deletes", resource: first.resource.id.path, code: "plan.deletes-not-allowed")
        }
        let base = max(owned, deletes.count)
        guard Double(deletes.count) > deleteBrakeRatio * Double(base), !force else { return nil }
        let percent = Int((deleteBrakeRatio * 100).rounded())
        return DeleteRefusal(
            message:
                "the plan deletes \(deletes.count) of the \(base) records and links pe-net owns in these zones, more than \(percent)% in one apply (\(names)); nothing was changed: check the plan, then add --force",
            flag: "--force", resource: first.resource.id.path, code: "plan.delete-brake")
    }
}

extension PrivateDNSPlan {
    /// The changes that delete something.
    public var deletes: [PrivateDNSChange] { changes.filter { $0.action == .delete } }

    /// How many records and links read are pe-net's (the base of the delete brake).
    public var ownedCount: Int { ownedResources ?? 0 }
}
