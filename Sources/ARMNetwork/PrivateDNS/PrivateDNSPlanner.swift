import Resolver

/// Turns discovered facts and the flags into a plan: topology → zone names (the naming rule) →
/// desired zones, links and records → create / update / unchanged against what exists, with
/// findings. Pure: no I/O, same input same plan.
public enum PrivateDNSPlanner {
    public static func plan(facts: PrivateDNSFacts, options: PrivateDNSOptions) -> PrivateDNSPlan {
        let placements = TopologyClassifier.classify(facts)
        var findings = PrivateDNSRules.endpointFindings(placements, instance: facts.instance)
        findings += PrivateDNSRules.unreadablePeerings(facts, placements: placements)
        findings += PrivateDNSRules.zoneNameFindings(placements, instance: facts.instance, options: options)
        findings += PrivateDNSRules.forbiddenZoneLinks(facts)

        var zones: [DesiredZone] = []
        var changes: [PrivateDNSChange] = []
        var guidance: [ConnectionGuidance] = []
        for group in zoneGroups(placements, instance: facts.instance, options: options) {
            let zone = desiredZone(group, instance: facts.instance, options: options)
            let existing = facts.zones.first { sameResource($0.id, zone.id) }
            zones.append(zone)
            guidance.append(
                ConnectionGuidance.make(instance: facts.instance, zoneName: zone.name, topologies: zone.topologies))
            if let existing {
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
                            resource: existing.id))
                }
            } else {
                changes.append(
                    PrivateDNSChange(
                        action: .create, resource: .zone(zone),
                        message: "create zone \(zone.name) in \(options.placement.resourceGroup) (location global)"))
            }
            for vnet in group.vnets {
                let (change, finding) = linkChange(zone: zone, vnetID: vnet, existing: existing, options: options)
                changes.append(change)
                findings += finding
            }
            let ips = group.placements.map(\.endpoint.ip).uniqued()
            if ips.count > 1 {
                findings.append(
                    PrivateDNSRules.conflictingIPs(group.placements, zoneName: zone.name, instance: facts.instance))
            }
            let (change, recordFindings) = recordChange(
                zone: zone, ips: ips, instance: facts.instance, existing: existing, options: options)
            changes.append(change)
            findings += recordFindings
        }
        return PrivateDNSPlan(
            instance: facts.instance, placements: placements, zones: zones, findings: findings, changes: changes,
            guidance: guidance)
    }

    struct ZoneGroup {
        var zoneName: String
        var placements: [EndpointPlacement]
        var vnets: [String] {
            placements.map(\.endpoint.vnetID).uniqued(by: { $0.lowercased() })
        }
    }

    /// The zone each endpoint needs: separate → `privatelink.<dnsZone>.<suffix>`; same or peered
    /// → `--zone-name` or the default. Groups keep the endpoints' order.
    static func zoneGroups(
        _ placements: [EndpointPlacement], instance: InstanceFacts, options: PrivateDNSOptions
    ) -> [ZoneGroup] {
        var groups: [ZoneGroup] = []
        for placement in placements {
            let name = zoneName(for: placement.topology, instance: instance, options: options)
            if let index = groups.firstIndex(where: { $0.zoneName == name }) {
                groups[index].placements.append(placement)
            } else {
                groups.append(ZoneGroup(zoneName: name, placements: [placement]))
            }
        }
        return groups
    }

    static func zoneName(for topology: Topology, instance: InstanceFacts, options: PrivateDNSOptions) -> String {
        switch topology {
        case .separate:
            instance.privatelinkZoneName
        case .same, .peered:
            DesiredNames.normalizeZone(options.zoneName ?? PrivateDNSOptions.defaultSameVNetZoneName)
        }
    }

    static func desiredZone(_ group: ZoneGroup, instance: InstanceFacts, options: PrivateDNSOptions) -> DesiredZone {
        let topologies = group.placements.map(\.topology).uniqued()
        let reason: String
        if topologies == [.separate] {
            reason =
                "separate vnets need exactly privatelink.<dnsZone>.\(instance.suffix) so the public CNAME leads here"
        } else if options.zoneName == nil {
            reason =
                "same or peered vnets need a name other than \(instance.privatelinkZoneName); \(PrivateDNSOptions.defaultSameVNetZoneName) is the default (--zone-name picks another)"
        } else {
            reason =
                "same or peered vnets need a name other than \(instance.privatelinkZoneName); chosen with --zone-name"
        }
        return DesiredZone(
            id: options.placement.zoneID(group.zoneName), name: group.zoneName, placement: options.placement,
            location: "global", tags: [PeNetOwnership.key: PeNetOwnership.value], topologies: topologies,
            reason: reason)
    }

    static func linkChange(
        zone: DesiredZone, vnetID: String, existing: ExistingZone?, options: PrivateDNSOptions
    ) -> (PrivateDNSChange, [Finding]) {
        if let link = existing?.links.first(where: { sameResource($0.vnetID, vnetID) }) {
            let desired = DesiredLink(
                id: link.id, name: link.name, zoneName: zone.name, vnetID: link.vnetID, registrationEnabled: false,
                tags: link.tags.merging([PeNetOwnership.key: PeNetOwnership.value]) { _, new in new })
            guard link.registrationEnabled else {
                return (
                    PrivateDNSChange(
                        action: .unchanged, resource: .link(desired), etag: link.etag,
                        message: "link \(link.name) already connects \(vnetName(vnetID)) to \(zone.name)"), []
                )
            }
            if PeNetOwnership.isOwned(link.tags) || options.adopt {
                let finding = Finding(
                    severity: .warning, code: PrivateDNSFindingCode.autoRegistration,
                    message:
                        "link \(link.name) has auto-registration on; pe-net turns it off (VM names do not belong in a privatelink zone)",
                    resource: link.id)
                return (
                    PrivateDNSChange(
                        action: .update, resource: .link(desired), etag: link.etag,
                        message: "update link \(link.name): registrationEnabled true → false"), [finding]
                )
            }
            let finding = Finding(
                severity: .warning, code: PrivateDNSFindingCode.autoRegistration,
                message:
                    "link \(link.name) from \(zone.name) to \(vnetName(vnetID)) has auto-registration on and was not created by pe-net; left alone (rerun with --adopt to turn it off)",
                resource: link.id)
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
        let link = DesiredLink(
            id: "\(zone.id)/virtualNetworkLinks/\(name)", name: name, zoneName: zone.name, vnetID: vnetID,
            registrationEnabled: false, tags: [PeNetOwnership.key: PeNetOwnership.value])
        return (
            PrivateDNSChange(
                action: .create, resource: .link(link),
                message: "create link \(name): \(zone.name) → vnet \(vnetName(vnetID)), auto-registration off"), []
        )
    }

    static func recordChange(
        zone: DesiredZone, ips: [String], instance: InstanceFacts, existing: ExistingZone?, options: PrivateDNSOptions
    ) -> (PrivateDNSChange, [Finding]) {
        let name = instance.recordName
        var desired = DesiredARecord(
            id: "\(zone.id)/A/\(name)", zoneName: zone.name, name: name, ips: ips, ttl: options.ttl,
            metadata: [PeNetOwnership.key: PeNetOwnership.value, PeNetOwnership.instanceKey: instance.id])
        let target = ips.joined(separator: ", ")
        guard let record = existing?.records.first(where: { $0.name.lowercased() == name }) else {
            return (
                PrivateDNSChange(
                    action: .create, resource: .record(desired),
                    message: "create A record \(desired.fqdn) → \(target) (TTL \(options.ttl))"), []
            )
        }
        desired.id = record.id
        desired.metadata = record.metadata.merging(desired.metadata) { _, new in new }
        let sameIPs = Set(record.ips) == Set(ips)
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
                        resource: record.id))
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
                        resource: record.id))
            }
            return (
                PrivateDNSChange(
                    action: .update, resource: .record(desired), etag: record.etag,
                    message: "adopt A record \(desired.fqdn): \(current) → \(target), marked as managed by pe-net"),
                findings
            )
        }
        var unchanged = desired
        unchanged.ips = record.ips
        unchanged.ttl = record.ttl
        unchanged.metadata = record.metadata
        if sameIPs {
            let finding = Finding(
                severity: .info, code: PrivateDNSFindingCode.recordNotOwned,
                message:
                    "A record \(desired.fqdn) already points to \(current) but was not created by pe-net; left as is (--adopt marks it as pe-net's)",
                resource: record.id)
            return (
                PrivateDNSChange(
                    action: .unchanged, resource: .record(unchanged), etag: record.etag,
                    message: "A record \(desired.fqdn) → \(current) (not owned by pe-net)"), [finding]
            )
        }
        let finding = Finding(
            severity: .warning, code: PrivateDNSFindingCode.recordNotOwned,
            message:
                "A record \(desired.fqdn) points to \(current), not to the endpoint (\(target)), and was not created by pe-net; left alone — clients will not reach the endpoint until it changes (rerun with --adopt to take it over)",
            resource: record.id)
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
