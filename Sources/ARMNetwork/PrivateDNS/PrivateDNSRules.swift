import Resolver

/// The product rules of private DNS for managed instances, as findings: the endpoint's
/// approval, the zone-naming rule, and the forbidden zone linked where it breaks the instance.
public enum PrivateDNSRules {
    /// Each endpoint must connect to this instance, and the connection should be Approved.
    static func endpointFindings(_ placements: [EndpointPlacement], instance: InstanceFacts) -> [Finding] {
        placements.compactMap { placement in
            let endpoint = placement.endpoint
            guard let status = endpoint.connectionStatus else {
                return Finding(
                    severity: .error, code: PrivateDNSFindingCode.endpointNotConnected,
                    message:
                        "private endpoint \(endpoint.name) has no connection to instance \(instance.name); pass an endpoint created for it",
                    resource: endpoint.id.path)
            }
            switch status {
            case .approved:
                return nil
            case .pending:
                return Finding(
                    severity: .warning, code: PrivateDNSFindingCode.endpointPending,
                    message:
                        "the connection of \(endpoint.name) to \(instance.name) is Pending: DNS will point at it, but it carries no traffic until approved (pe-net endpoints approve)",
                    resource: endpoint.id.path)
            case .rejected, .disconnected, .unknown:
                return Finding(
                    severity: .error, code: PrivateDNSFindingCode.endpointRejected,
                    message:
                        "the connection of \(endpoint.name) to \(instance.name) is \(status): it carries no traffic; recreate the endpoint (or set it back to Pending) before giving it a name",
                    resource: endpoint.id.path)
            }
        }
    }

    /// Separate vnets need exactly `privatelink.<dnsZone>.<suffix>`; same or peered vnets must not
    /// use it (it disrupts the instance's internal connectivity and its management operations),
    /// nor a name that would answer for the instance's own domain. Resolver's naming rule decides.
    static func zoneNameFindings(
        _ placements: [EndpointPlacement], fqdn: ManagedInstanceFQDN, options: PrivateDNSOptions
    ) -> [Finding] {
        if let placement = placements.first(where: { $0.topology != .separate }) {
            let chosen = options.zoneName ?? PrivateDNSOptions.defaultSameVNetZoneName
            return ZoneNamingRule(topology: placement.topology, instance: fqdn).check(zoneName: chosen).map {
                var finding = $0
                finding.message = "endpoint \(placement.endpoint.name) (\(placement.topology)): \(finding.message)"
                finding.resource = placement.endpoint.id.path
                return finding
            }
        }
        if let zoneName = options.zoneName {
            return ZoneNamingRule(topology: .separate, instance: fqdn).check(zoneName: zoneName).map {
                var finding = $0
                finding.message += "; every endpoint is in a separate vnet, so drop --zone-name"
                return finding
            }
        }
        return []
    }

    /// The forbidden name linked to the instance's vnet or to a vnet peered with it, whatever
    /// the endpoints' topology.
    static func forbiddenZoneLinks(_ facts: PrivateDNSFacts, fqdn: ManagedInstanceFQDN) -> [Finding] {
        let forbiddenName = fqdn.privatelinkZone
        let instanceSide = TopologyClassifier.instanceSideVNets(facts)
        var findings: [Finding] = []
        for zone in facts.zones where DesiredNames.normalizeZone(zone.name) == forbiddenName {
            for link in zone.links {
                guard instanceSide.contains(link.vnetID) else { continue }
                let relation =
                    link.vnetID == facts.instance.vnetID
                    ? "the instance's own vnet" : "a vnet peered with the instance's vnet"
                let resourceGroup = zone.id.resourceGroup
                findings.append(
                    Finding(
                        severity: .error, code: PrivateDNSFindingCode.forbiddenZoneLinked,
                        message:
                            "zone \(zone.name) is linked to \(link.vnetID.name), \(relation), by link \(link.name): this disrupts instance \(facts.instance.name)'s internal connectivity and management operations; remove the link (az network private-dns link vnet delete --subscription \(zone.id.subscription) -g \(resourceGroup) -z \(zone.name) -n \(link.name) --yes)",
                        resource: link.id.path))
            }
        }
        return findings
    }

    static func unreadablePeerings(_ facts: PrivateDNSFacts, placements: [EndpointPlacement]) -> [Finding] {
        facts.unreadableVNets.map {
            Finding(
                severity: .warning, code: PrivateDNSFindingCode.peeringsUnreadable,
                message:
                    "peerings of vnet \($0.vnetID.name) could not be read (\($0.reason)); the topology rests on the other side's peerings only",
                resource: $0.vnetID.path)
        }
    }

    /// One zone answers the same for every vnet linked to it, so two endpoints with different IPs
    /// cannot share `<instance>` in it.
    static func conflictingIPs(_ placements: [EndpointPlacement], zoneName: String, instance: InstanceFacts) -> Finding
    {
        let list = placements.map {
            "\($0.endpoint.name) \($0.endpoint.ip?.description ?? "(no address)") in \($0.endpoint.vnetID.name)"
        }
        .joined(separator: ", ")
        return Finding(
            severity: .error, code: PrivateDNSFindingCode.conflictingIPs,
            message:
                "endpoints \(list) all need \(instance.recordName).\(zoneName), but one zone gives every linked vnet the same answer, so clients would get an endpoint they may not reach; keep one endpoint per zone: plan each endpoint separately with its own --dns-resource-group (a zone per vnet)",
            resource: "\(instance.recordName).\(zoneName)")
    }

    /// ARM's `dnsZone` and FQDN as the zone names need them: one DNS label, and
    /// `<name>.<dnsZone>.<known suffix>`. Anything else is an error naming the instance, so the
    /// plan holds no zone and apply refuses it.
    public static func instanceFindings(_ instance: InstanceFacts) -> [Finding] {
        switch instance.checkedFQDN {
        case .success:
            return []
        case .failure(.dnsZone):
            return [
                Finding(
                    severity: .error, code: PrivateDNSFindingCode.instanceDNSZone,
                    message:
                        "instance \(instance.name) has dnsZone '\(instance.dnsZone)' in Azure, which is not a single DNS label, so its private DNS zone cannot be named; nothing is planned for it (check az sql mi show -g \(instance.id.resourceGroup) -n \(instance.id.name) --query dnsZone)",
                    resource: instance.id.path)
            ]
        case .failure(.fqdn):
            return [
                Finding(
                    severity: .error, code: PrivateDNSFindingCode.instanceFQDN,
                    message:
                        "instance \(instance.name) has fullyQualifiedDomainName '\(instance.fqdn)' in Azure, which is not \(instance.recordName).\(instance.dnsZone.lowercased()).<cloud suffix> (one of \(ManagedInstanceDNSSuffix.allCases.map(\.rawValue).joined(separator: ", "))); nothing is planned for it",
                    resource: instance.id.path)
            ]
        }
    }

    /// A NIC address that is not an IPv4 address never becomes an A record.
    /// `address` is ARM's text, or nil when it is not known.
    static func nicAddressFinding(endpoint: String, nic: ResourceID, address: String?) -> Finding {
        let holds = address.map { "holds '\($0)', which is not an IPv4 address" } ?? "holds no IPv4 address"
        return Finding(
            severity: .error, code: PrivateDNSFindingCode.endpointAddress,
            message:
                "network interface \(nic.name) of private endpoint \(endpoint) \(holds); no A record is planned for it (check az network nic show --ids \(nic.path))",
            resource: nic.path)
    }

    /// Endpoints without a usable address that discovery did not already report.
    static func missingAddresses(_ facts: PrivateDNSFacts) -> [Finding] {
        facts.endpoints.filter { endpoint in
            endpoint.ip == nil && !facts.findings.contains { $0.resource == endpoint.nicID.path }
        }.map {
            nicAddressFinding(endpoint: $0.name, nic: $0.nicID, address: nil)
        }
    }
}
