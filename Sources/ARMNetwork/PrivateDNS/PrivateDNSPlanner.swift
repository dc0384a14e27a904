import DNSModel
import Resolver

/// Turns discovered facts and the flags into a plan: topology → zone names (the naming rule) →
/// desired zones, links and records → create / update / unchanged against what exists, with
/// findings. Pure: no I/O, same input same plan.
public enum PrivateDNSPlanner {
    public static func plan(facts: PrivateDNSFacts, options: PrivateDNSOptions) -> PrivateDNSPlan {
        let placements = TopologyClassifier.classify(facts)
        var findings = (facts.findings + PrivateDNSRules.instanceFindings(facts.instance)).uniqued()
        findings += PrivateDNSRules.missingAddresses(facts)
        findings += PrivateDNSRules.endpointFindings(placements, instance: facts.instance)
        findings += PrivateDNSRules.unreadablePeerings(facts, placements: placements)
        // Without a usable dnsZone and FQDN no zone can be named: the findings say why.
        guard let fqdn = facts.instance.parsedFQDN else {
            return PrivateDNSPlan(
                instance: facts.instance, placements: placements, zones: [], findings: findings, changes: [],
                guidance: [])
        }
        findings += PrivateDNSRules.zoneNameFindings(placements, fqdn: fqdn, options: options)
        findings += PrivateDNSRules.forbiddenZoneLinks(facts, fqdn: fqdn)

        var zones: [DesiredZone] = []
        var changes: [PrivateDNSChange] = []
        var guidance: [ConnectionGuidance] = []
        var owned = 0
        for group in zoneGroups(placements, fqdn: fqdn, options: options) {
            guard let zone = desiredZone(group, fqdn: fqdn, options: options) else {
                // The zone name is not usable in an ARM id; the naming rule's findings say why.
                continue
            }
            let existing = facts.zones.first { $0.id == zone.id }
            zones.append(zone)
            guidance.append(
                ConnectionGuidance.make(instance: facts.instance, zoneName: zone.name, topologies: zone.topologies))
            if let existing, provisioningDidNotSucceed(existing.provisioningState) {
                changes.append(
                    PrivateDNSChange(
                        action: .update, resource: .zone(zone), etag: existing.etag,
                        message:
                            "write zone \(zone.name) again: its last operation ended \(existing.provisioningState ?? "Failed")"
                    ))
            } else if let existing {
                changes.append(
                    PrivateDNSChange(
                        action: .unchanged, resource: .zone(zone), etag: existing.etag,
                        message: "zone \(zone.name) exists in \(options.placement.resourceGroup)"))
                if !PeNetOwnership.isOwned(existing.tags) {
                    findings.append(
                        Finding(
                            severity: .info, code: PrivateDNSFindingCode.zoneNotOwned,
                            message:
                                "zone \(zone.name) was not created by pe-net; pe-net adds its link and record to it and leaves the rest alone",
                            resource: existing.id.path))
                }
            } else {
                changes.append(
                    PrivateDNSChange(
                        action: .create, resource: .zone(zone),
                        message: "create zone \(zone.name) in \(options.placement.resourceGroup) (location global)"))
            }
            for vnet in group.vnets {
                let (change, finding) = linkChange(zone: zone, vnetID: vnet, existing: existing, options: options)
                changes += change.map { [$0] } ?? []
                findings += finding
            }
            let ips = group.placements.compactMap(\.endpoint.ip).uniqued()
            if ips.count > 1 {
                findings.append(
                    PrivateDNSRules.conflictingIPs(group.placements, zoneName: zone.name, instance: facts.instance))
            }
            // An endpoint without a usable address gets no record; its finding blocks apply.
            guard !ips.isEmpty else { continue }
            let (change, recordFindings) = recordChange(
                zone: zone, ips: ips, instance: facts.instance, existing: existing, options: options)
            changes += change.map { [$0] } ?? []
            findings += recordFindings
            if let existing {
                changes += deletes(zone: zone, existing: existing, wantedVNets: group.vnets, instance: facts.instance)
                owned +=
                    existing.records.filter { PeNetOwnership.isOwned($0.metadata) }.count
                    + existing.links.filter { PeNetOwnership.isOwned($0.tags) }.count
            }
        }
        findings += PrivateDNSRules.customDNSServers(facts, zones: zones, placements: placements)
        return PrivateDNSPlan(
            instance: facts.instance, placements: placements, zones: zones, findings: findings, changes: changes,
            guidance: guidance, ownedResources: owned)
    }

    struct ZoneGroup {
        var zoneName: String
        var placements: [EndpointPlacement]
        var vnets: [ResourceID] {
            placements.map(\.endpoint.vnetID).uniqued()
        }
    }

    /// The zone each endpoint needs: separate → `privatelink.<dnsZone>.<suffix>`; same or peered
    /// → `--zone-name` or the default. Groups keep the endpoints' order.
    static func zoneGroups(
        _ placements: [EndpointPlacement], fqdn: ManagedInstanceFQDN, options: PrivateDNSOptions
    ) -> [ZoneGroup] {
        var groups: [ZoneGroup] = []
        for placement in placements {
            let name = zoneName(for: placement.topology, fqdn: fqdn, options: options)
            if let index = groups.firstIndex(where: { $0.zoneName == name }) {
                groups[index].placements.append(placement)
            } else {
                groups.append(ZoneGroup(zoneName: name, placements: [placement]))
            }
        }
        return groups
    }

    static func zoneName(for topology: Topology, fqdn: ManagedInstanceFQDN, options: PrivateDNSOptions) -> String {
        switch topology {
        case .separate:
            fqdn.privatelinkZone
        case .same, .peered:
            DesiredNames.normalizeZone(options.zoneName ?? PrivateDNSOptions.defaultSameVNetZoneName)
        }
    }

    /// The zone a group needs; nil when its name cannot be part of an ARM id (e.g. contains `/`).
    static func desiredZone(_ group: ZoneGroup, fqdn: ManagedInstanceFQDN, options: PrivateDNSOptions) -> DesiredZone? {
        guard let id = try? options.placement.zoneID(group.zoneName) else { return nil }
        let topologies = group.placements.map(\.topology).uniqued()
        let reason: String
        if topologies == [.separate] {
            reason =
                "separate vnets need exactly privatelink.<dnsZone>.\(fqdn.suffix) so the public CNAME leads here"
        } else if options.zoneName == nil {
            reason =
                "same or peered vnets need a name other than \(fqdn.privatelinkZone); \(PrivateDNSOptions.defaultSameVNetZoneName) is the default (--zone-name picks another)"
        } else {
            reason =
                "same or peered vnets need a name other than \(fqdn.privatelinkZone); chosen with --zone-name"
        }
        return DesiredZone(
            id: id, name: group.zoneName, placement: options.placement,
            location: "global", tags: [PeNetOwnership.key: PeNetOwnership.value], topologies: topologies,
            reason: reason)
    }

    /// The change for one vnet's link; nil only when no link id can be built for it.
    static func linkChange(
        zone: DesiredZone, vnetID: ResourceID, existing: ExistingZone?, options: PrivateDNSOptions
    ) -> (PrivateDNSChange?, [Finding]) {
        if let link = existing?.links.first(where: { $0.vnetID == vnetID }) {
            let desired = DesiredLink(
                id: link.id, name: link.name, zoneName: zone.name, vnetID: link.vnetID, registrationEnabled: false,
                tags: link.tags.merging([PeNetOwnership.key: PeNetOwnership.value]) { _, new in new })
            if provisioningDidNotSucceed(link.provisioningState),
                !link.registrationEnabled || PeNetOwnership.isOwned(link.tags) || options.adopt
            {
                return (
                    PrivateDNSChange(
                        action: .update, resource: .link(desired), etag: link.etag,
                        message:
                            "write link \(link.name) again: its last operation ended \(link.provisioningState ?? "Failed")"
                    ), []
                )
            }
            guard link.registrationEnabled else {
                return (
                    PrivateDNSChange(
                        action: .unchanged, resource: .link(desired), etag: link.etag,
                        message: "link \(link.name) already connects \(vnetID.name) to \(zone.name)"), []
                )
            }
            if PeNetOwnership.isOwned(link.tags) || options.adopt {
                let finding = Finding(
                    severity: .warning, code: PrivateDNSFindingCode.autoRegistration,
                    message:
                        "link \(link.name) has auto-registration on; pe-net turns it off (VM names do not belong in a privatelink zone)",
                    resource: link.id.path)
                return (
                    PrivateDNSChange(
                        action: .update, resource: .link(desired), etag: link.etag,
                        message: "update link \(link.name): registrationEnabled true → false"), [finding]
                )
            }
            let finding = Finding(
                severity: .warning, code: PrivateDNSFindingCode.autoRegistration,
                message:
                    "link \(link.name) from \(zone.name) to \(vnetID.name) has auto-registration on and was not created by pe-net; left alone (rerun with --adopt to turn it off)",
                resource: link.id.path)
            var unchanged = desired
            unchanged.registrationEnabled = true
            unchanged.tags = link.tags
            return (
                PrivateDNSChange(
                    action: .unchanged, resource: .link(unchanged), etag: link.etag,
                    message: "link \(link.name) left as is (auto-registration on, not owned)"), [finding]
            )
        }
        let name = DesiredNames.linkName(for: vnetID)
        guard let id = try? zone.id.child("virtualNetworkLinks", name) else { return (nil, []) }
        let link = DesiredLink(
            id: id, name: name, zoneName: zone.name, vnetID: vnetID, registrationEnabled: false,
            tags: [PeNetOwnership.key: PeNetOwnership.value])
        return (
            PrivateDNSChange(
                action: .create, resource: .link(link),
                message: "create link \(name): \(zone.name) → vnet \(vnetID.name), auto-registration off"), []
        )
    }

    /// The change for the instance's A record; nil only when no record id can be built.
    static func recordChange(
        zone: DesiredZone, ips: [IPv4Address], instance: InstanceFacts, existing: ExistingZone?,
        options: PrivateDNSOptions
    ) -> (PrivateDNSChange?, [Finding]) {
        let name = instance.recordName
        guard let id = try? zone.id.child("A", name) else { return (nil, []) }
        var desired = DesiredARecord(
            id: id, zoneName: zone.name, name: name, ips: ips, ttl: options.ttl,
            metadata: [PeNetOwnership.key: PeNetOwnership.value, PeNetOwnership.instanceKey: instance.id.path])
        let target = ips.map(\.description).joined(separator: ", ")
        guard let record = existing?.records.first(where: { $0.name.lowercased() == name }) else {
            return (
                PrivateDNSChange(
                    action: .create, resource: .record(desired),
                    message: "create A record \(desired.fqdn) → \(target) (TTL \(options.ttl))"), []
            )
        }
        desired.id = record.id
        desired.metadata = record.metadata.merging(desired.metadata) { _, new in new }
        let sameIPs = Set(record.ips) == Set(ips.map(\.description))
        let owned = PeNetOwnership.isOwned(record.metadata)
        let current = record.ips.joined(separator: ", ")
        if owned {
            if sameIPs && record.ttl == options.ttl && record.metadata == desired.metadata {
                return (
                    PrivateDNSChange(
                        action: .unchanged, resource: .record(desired), etag: record.etag,
                        message: "A record \(desired.fqdn) → \(current)"), []
                )
            }
            var findings: [Finding] = []
            if !sameIPs {
                findings.append(
                    Finding(
                        severity: .warning, code: PrivateDNSFindingCode.recordElsewhere,
                        message:
                            "A record \(desired.fqdn) points to \(current), not to the endpoint (\(target)); pe-net corrects it",
                        resource: record.id.path))
            }
            return (
                PrivateDNSChange(
                    action: .update, resource: .record(desired), etag: record.etag,
                    message:
                        "update A record \(desired.fqdn): \(current) TTL \(record.ttl) → \(target) TTL \(options.ttl)"),
                findings
            )
        }
        if options.adopt {
            var findings: [Finding] = []
            if !sameIPs {
                findings.append(
                    Finding(
                        severity: .warning, code: PrivateDNSFindingCode.recordElsewhere,
                        message:
                            "A record \(desired.fqdn) points to \(current), not to the endpoint (\(target)); adopted and corrected",
                        resource: record.id.path))
            }
            return (
                PrivateDNSChange(
                    action: .update, resource: .record(desired), etag: record.etag,
                    message: "adopt A record \(desired.fqdn): \(current) → \(target), marked as managed by pe-net"),
                findings
            )
        }
        var unchanged = desired
        unchanged.ips = record.ips.compactMap { IPv4Address($0) }
        unchanged.ttl = record.ttl
        unchanged.metadata = record.metadata
        if sameIPs {
            let finding = Finding(
                severity: .info, code: PrivateDNSFindingCode.recordNotOwned,
                message:
                    "A record \(desired.fqdn) already points to \(current) but was not created by pe-net; left as is (--adopt marks it as pe-net's)",
                resource: record.id.path)
            return (
                PrivateDNSChange(
                    action: .unchanged, resource: .record(unchanged), etag: record.etag,
                    message: "A record \(desired.fqdn) → \(current) (not owned by pe-net)"), [finding]
            )
        }
        let finding = Finding(
            severity: .error, code: PrivateDNSFindingCode.recordForeign,
            message:
                "A record \(desired.fqdn) points to \(current), not to the endpoint (\(target)), and was not created by pe-net: clients reach the wrong address; take it over and correct it with --adopt, or remove it (az network private-dns record-set a delete --subscription \(record.id.subscription) -g \(record.id.resourceGroup) -z \(zone.name) -n \(record.name) --yes)",
            resource: record.id.path)
        return (
            PrivateDNSChange(
                action: .unchanged, resource: .record(unchanged), etag: record.etag,
                message: "A record \(desired.fqdn) → \(current) left alone (not owned by pe-net)"), [finding]
        )
    }
}

extension Array {
    /// The elements in order, each key kept once (first wins).
    func uniqued<Key: Hashable>(by key: (Element) -> Key) -> [Element] {
        var seen = Set<Key>()
        return filter { seen.insert(key($0)).inserted }
    }
}

extension Array where Element: Hashable {
    func uniqued() -> [Element] { uniqued(by: { $0 }) }
}
