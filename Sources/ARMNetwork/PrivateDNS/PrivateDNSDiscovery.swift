import Foundation

/// Reads from ARM what the private DNS planner needs: the instance (FQDN, dnsZone, vnet), each
/// endpoint (vnet, NIC IP, connection state), the peerings of both vnets, and the zones the plan
/// may touch with their links and the instance's A record (plus the forbidden name in the
/// instance's own resource group, where it is most often created by hand).
///
/// Calls that do not depend on each other run concurrently (the client bounds requests in
/// flight): instance ∥ endpoints, then NICs ∥ peerings ∥ zones. Zone reads stay minimal (GET the
/// zone; only when it exists list its links and GET the one A record) because Azure Private DNS
/// allows far fewer reads than the rest of ARM.
public struct PrivateDNSDiscovery: Sendable {
    public let client: ARMClient

    public init(client: ARMClient) {
        self.client = client
    }

    /// Everything the planner needs for `instance` and `endpoints`. With `readDNS` false (export)
    /// no private DNS zone is read.
    public func discover(
        instance instanceID: ResourceID, endpoints endpointIDs: [ResourceID], options: PrivateDNSOptions,
        readDNS: Bool = true
    ) async throws -> PrivateDNSFacts {
        async let instanceRead = readInstance(instanceID)
        let endpointsRead = try await withThrowingTaskGroup(of: (Int, PrivateEndpoint).self) { group in
            for (index, id) in endpointIDs.enumerated() {
                group.addTask { (index, try await client.get(PrivateEndpoint.self, id)) }
            }
            var result: [(Int, PrivateEndpoint)] = []
            for try await item in group { result.append(item) }
            return result.sorted { $0.0 < $1.0 }.map(\.1)
        }
        let instance = try await instanceRead
        // The endpoints' vnets are known now; the same-vnet zone is needed only for same / peered,
        // and whether one is peered is known only after the peerings are read.
        async let endpoints = readEndpoints(endpointsRead, ids: endpointIDs, instance: instance)
        async let peerings = readPeerings(vnets: [instance.vnetID] + endpointsRead.compactMap(vnetOf))
        async let privatelinkZone =
            readDNS
            ? readZone(instance.privatelinkZoneName, recordName: instance.recordName, in: options.placement) : nil
        // Where the forbidden name is most likely to have been created by hand: next to the instance.
        let instanceSide = try instanceResourceGroup(instance)
        async let instanceSideZone =
            readDNS && !sameResource(instanceSide.zoneID(""), options.placement.zoneID(""))
            ? readZone(instance.privatelinkZoneName, recordName: instance.recordName, in: instanceSide) : nil
        let (endpointFacts, (peeringFacts, unreadable)) = try await (endpoints, peerings)
        var facts = PrivateDNSFacts(
            instance: instance, endpoints: endpointFacts, peerings: peeringFacts, unreadableVNets: unreadable)
        if let zone = try await privatelinkZone { facts.zones.append(zone) }
        if let zone = try await instanceSideZone { facts.zones.append(zone) }
        if readDNS {
            let otherNames = Set(
                TopologyClassifier.classify(facts).filter { $0.topology != .separate }.map { _ in
                    DesiredNames.normalizeZone(options.zoneName ?? PrivateDNSOptions.defaultSameVNetZoneName)
                }
            ).subtracting([instance.privatelinkZoneName])
            for name in otherNames.sorted() {
                if let zone = try await readZone(name, recordName: instance.recordName, in: options.placement) {
                    facts.zones.append(zone)
                }
            }
        }
        return facts
    }

    func readInstance(_ id: ResourceID) async throws -> InstanceFacts {
        let mi = try await client.get(ManagedInstance.self, id)
        let properties = mi.properties
        guard let fqdn = properties?.fullyQualifiedDomainName, let dnsZone = properties?.dnsZone,
            let subnetText = properties?.subnetId
        else {
            throw ARMError.invalidResponse(
                resource: id.path,
                detail: "the instance has no fullyQualifiedDomainName, dnsZone or subnetId; is it still being created?")
        }
        let subnet = try ResourceID(parsing: subnetText)
        let vnet = subnet.parent ?? subnet
        var connections: [String: String] = [:]
        for connection in properties?.privateEndpointConnections ?? [] {
            guard let endpoint = connection.properties?.privateEndpoint?.id,
                let status = connection.properties?.privateLinkServiceConnectionState?.status?.rawValue
            else { continue }
            connections[endpoint.lowercased()] = status
        }
        return InstanceFacts(
            id: mi.id ?? id.path, name: mi.name ?? id.name, fqdn: fqdn, dnsZone: dnsZone, subnetID: subnet.path,
            vnetID: vnet.path, endpointConnections: connections)
    }

    func instanceResourceGroup(_ instance: InstanceFacts) throws -> DNSPlacement {
        let id = try ResourceID(parsing: instance.id)
        return DNSPlacement(subscription: id.subscription, resourceGroup: id.resourceGroup)
    }

    func vnetOf(_ endpoint: PrivateEndpoint) -> String? {
        guard let text = endpoint.properties?.subnet?.id, let subnet = try? ResourceID(parsing: text) else {
            return nil
        }
        return (subnet.parent ?? subnet).path
    }

    func readEndpoints(_ endpoints: [PrivateEndpoint], ids: [ResourceID], instance: InstanceFacts) async throws
        -> [EndpointFacts]
    {
        try await withThrowingTaskGroup(of: (Int, EndpointFacts).self) { group in
            for (index, endpoint) in endpoints.enumerated() {
                group.addTask { (index, try await readEndpoint(endpoint, id: ids[index], instance: instance)) }
            }
            var result: [(Int, EndpointFacts)] = []
            for try await item in group { result.append(item) }
            return result.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    func readEndpoint(_ endpoint: PrivateEndpoint, id: ResourceID, instance: InstanceFacts) async throws
        -> EndpointFacts
    {
        let properties = endpoint.properties
        guard let subnetText = properties?.subnet?.id, let vnet = vnetOf(endpoint) else {
            throw ARMError.invalidResponse(resource: id.path, detail: "the private endpoint has no subnet")
        }
        let connection = (properties?.allConnections ?? []).first {
            $0.properties?.privateLinkServiceId.map { sameResource($0, instance.id) } ?? false
        }
        let endpointSide = connection?.properties?.privateLinkServiceConnectionState?.status?.rawValue
        let status = instance.endpointConnections[(endpoint.id ?? id.path).lowercased()] ?? endpointSide
        guard let nicText = properties?.networkInterfaces?.first?.id else {
            throw ARMError.invalidResponse(
                resource: id.path, detail: "the private endpoint has no network interface yet")
        }
        let nicID = try ResourceID(parsing: nicText)
        let nic = try await client.get(NetworkInterface.self, nicID)
        let configurations = nic.properties?.ipConfigurations ?? []
        let chosen =
            configurations.first {
                $0.properties?.privateLinkConnectionProperties?.groupId?.lowercased() == "managedinstance"
            }
            ?? configurations.first { $0.properties?.primary == true } ?? configurations.first
        let staticIP = properties?.ipConfigurations?.first?.properties?.privateIPAddress
        guard let ip = chosen?.properties?.address ?? staticIP else {
            throw ARMError.invalidResponse(
                resource: nicID.path, detail: "the endpoint's network interface holds no private IP address")
        }
        return EndpointFacts(
            id: endpoint.id ?? id.path, name: endpoint.name ?? id.name, subnetID: subnetText, vnetID: vnet,
            nicID: nicID.path, ip: ip, connectionStatus: status)
    }

    /// The peerings of each vnet (listed once per vnet); a vnet whose peerings cannot be read
    /// (other tenant, no rights) is reported rather than failing discovery.
    func readPeerings(vnets: [String]) async throws -> ([PeeringFacts], [UnreadableVNet]) {
        let unique = vnets.uniqued(by: { $0.lowercased() })
        return try await withThrowingTaskGroup(of: (Int, [PeeringFacts], UnreadableVNet?).self) { group in
            for (index, vnet) in unique.enumerated() {
                group.addTask {
                    let id = try ResourceID(parsing: vnet)
                    do {
                        let list = try await client.list(
                            VirtualNetworkPeering.self, in: id.collectionPath("virtualNetworkPeerings"))
                        return (index, list.compactMap { peeringFacts($0, vnet: vnet) }, nil)
                    } catch let error as ARMError {
                        switch error {
                        case .notFound, .requestFailed(_, 403, _, _, _), .requestFailed(_, 401, _, _, _):
                            return (index, [], UnreadableVNet(vnetID: vnet, reason: error.description))
                        default:
                            throw error
                        }
                    }
                }
            }
            var results: [(Int, [PeeringFacts], UnreadableVNet?)] = []
            for try await item in group { results.append(item) }
            results.sort { $0.0 < $1.0 }
            return (results.flatMap(\.1), results.compactMap(\.2))
        }
    }

    func peeringFacts(_ peering: VirtualNetworkPeering, vnet: String) -> PeeringFacts? {
        guard let remote = peering.properties?.remoteVirtualNetwork?.id else { return nil }
        return PeeringFacts(
            id: peering.id ?? "\(vnet)/virtualNetworkPeerings/\(peering.name ?? "?")", name: peering.name ?? "?",
            vnetID: vnet, remoteVNetID: remote, state: peering.properties?.peeringState?.rawValue ?? "Unknown")
    }

    /// The zone `name` in the DNS resource group, its links and the instance's A record; nil
    /// when the zone does not exist.
    func readZone(_ name: String, recordName: String, in placement: DNSPlacement) async throws -> ExistingZone? {
        let zoneID = try ResourceID(parsing: placement.zoneID(name))
        guard let zone = try await client.getIfExists(PrivateDNSZone.self, zoneID) else { return nil }
        let existing = ExistingZone(
            id: zone.id ?? zoneID.path, name: zone.name ?? name, etag: zone.etag, tags: zone.tags ?? [:])
        return try await readZoneContents(existing, recordName: recordName)
    }

    /// Adds the links and the instance's A record to a zone that exists.
    func readZoneContents(_ zone: ExistingZone, recordName: String) async throws -> ExistingZone {
        let zoneID = try ResourceID(parsing: zone.id)
        async let links = client.list(VirtualNetworkLink.self, in: zoneID.collectionPath("virtualNetworkLinks"))
        async let record = client.getIfExists(ARecordSet.self, try zoneID.child("A", recordName))
        var result = zone
        result.links = try await links.compactMap { link -> ExistingLink? in
            guard let vnet = link.properties?.virtualNetwork?.id else { return nil }
            return ExistingLink(
                id: link.id ?? "", name: link.name ?? "", vnetID: vnet,
                registrationEnabled: link.properties?.registrationEnabled ?? false,
                linkState: link.properties?.virtualNetworkLinkState?.rawValue, etag: link.etag, tags: link.tags ?? [:])
        }
        if let set = try await record {
            result.records = [
                ExistingARecord(
                    id: set.id ?? "", name: (set.name ?? recordName).lowercased(), ips: set.properties?.addresses ?? [],
                    ttl: set.properties?.ttl ?? 0, metadata: set.properties?.metadata ?? [:], etag: set.etag)
            ]
        }
        return result
    }
}
