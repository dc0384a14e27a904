import DNSModel
import Foundation
import Resolver

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
    /// Rows found for a whole estate with Resource Graph: read instead of ARM where they have
    /// what discovery needs (see ``PrivateDNSEstateIndex``).
    public let index: PrivateDNSEstateIndex?

    public init(client: ARMClient, index: PrivateDNSEstateIndex? = nil) {
        self.client = client
        self.index = index
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
                group.addTask { (index, try await readEndpointResource(id)) }
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
        // A dnsZone or FQDN that makes no zone name is reported, and no zone is read for it.
        let instanceFindings = PrivateDNSRules.instanceFindings(instance)
        let fqdn = readDNS ? instance.parsedFQDN : nil
        let readDNSVNets = readDNS
        async let privatelinkZone = readZone(
            fqdn?.privatelinkZone, recordName: instance.recordName, in: options.placement)
        // Where the forbidden name is most likely to have been created by hand: next to the instance.
        let instanceSide = DNSPlacement(
            subscription: instance.id.subscription, resourceGroup: instance.id.resourceGroup)
        async let instanceSideZone = readZone(
            instanceSide.isSame(as: options.placement) ? nil : fqdn?.privatelinkZone, recordName: instance.recordName,
            in: instanceSide)
        let ((endpointFacts, addressFindings), (peeringFacts, unreadable)) = try await (endpoints, peerings)
        // The forbidden name wherever it is (a central DNS resource group, another subscription):
        // one Resource Graph search over the subscriptions in play.
        async let dnsServers = readDNSVNets ? readDNSServers(vnets: endpointFacts.map(\.vnetID)) : nil
        async let searched = searchZones(
            named: fqdn?.privatelinkZone,
            subscriptions: Self.searchScope(
                instance: instance, endpoints: endpointFacts, peerings: peeringFacts, options: options))
        var facts = PrivateDNSFacts(
            instance: instance, endpoints: endpointFacts, peerings: peeringFacts, unreadableVNets: unreadable,
            findings: instanceFindings + addressFindings)
        if let zone = try await privatelinkZone { facts.zones.append(zone) }
        if let zone = try await instanceSideZone { facts.zones.append(zone) }
        let (foundZones, searchFindings) = await searched
        // Zones in the two resource groups read directly are known exactly (a stale index entry
        // must not make a missing zone look existing).
        let readDirectly = [options.placement, instanceSide].compactMap { try? $0.zoneID(fqdn?.privatelinkZone ?? "") }
        for zone in foundZones
        where !readDirectly.contains(zone.id) && !facts.zones.contains(where: { $0.id == zone.id }) {
            facts.zones.append(zone)
        }
        facts.findings += searchFindings
        facts.vnetDNSServers = await dnsServers
        if let fqdn {
            let otherNames = Set(
                TopologyClassifier.classify(facts).filter { $0.topology != .separate }.map { _ in
                    DesiredNames.normalizeZone(options.zoneName ?? PrivateDNSOptions.defaultSameVNetZoneName)
                }
            ).subtracting([fqdn.privatelinkZone])
            for name in otherNames.sorted() {
                if let zone = try await readZone(name, recordName: instance.recordName, in: options.placement) {
                    facts.zones.append(zone)
                }
            }
        }
        return facts
    }

    /// The endpoint's row from the index, or its ARM document.
    func readEndpointResource(_ id: ResourceID) async throws -> PrivateEndpoint {
        if let row = index?.endpoint(id) { return row }
        return try await client.get(PrivateEndpoint.self, id)
    }

    func readInstance(_ id: ResourceID) async throws -> InstanceFacts {
        let mi: ManagedInstance
        if let row = index?.instance(id) { mi = row } else { mi = try await client.get(ManagedInstance.self, id) }
        let properties = mi.properties
        guard let fqdn = properties?.fullyQualifiedDomainName, let dnsZone = properties?.dnsZone,
            let subnetText = properties?.subnetId
        else {
            throw ARMError.invalidResponse(
                resource: id.path,
                detail: "the instance has no fullyQualifiedDomainName, dnsZone or subnetId; is it still being created?")
        }
        let subnet = try ResourceID(parsing: subnetText)
        var connections: [ResourceID: ConnectionStatus] = [:]
        for connection in properties?.privateEndpointConnections ?? [] {
            guard let endpoint = try? connection.properties?.privateEndpoint?.parsedID(),
                let status = connection.properties?.privateLinkServiceConnectionState?.status
            else { continue }
            connections[endpoint] = status
        }
        return InstanceFacts(
            id: mi.resourceID ?? id, name: mi.name ?? id.name, fqdn: fqdn, dnsZone: dnsZone, subnetID: subnet,
            vnetID: Self.vnet(of: subnet), endpointConnections: connections)
    }

    /// A subnet's vnet (the id cut after `virtualNetworks`).
    static func vnet(of subnet: ResourceID) -> ResourceID {
        subnet.ancestor(ofType: "virtualNetworks") ?? subnet.parent ?? subnet
    }

    func vnetOf(_ endpoint: PrivateEndpoint) -> ResourceID? {
        (try? endpoint.properties?.subnet?.parsedID()).map(Self.vnet(of:))
    }

    func readEndpoints(_ endpoints: [PrivateEndpoint], ids: [ResourceID], instance: InstanceFacts) async throws
        -> ([EndpointFacts], [Finding])
    {
        try await withThrowingTaskGroup(of: (Int, EndpointFacts, Finding?).self) { group in
            for (index, endpoint) in endpoints.enumerated() {
                group.addTask {
                    let (facts, finding) = try await readEndpoint(endpoint, id: ids[index], instance: instance)
                    return (index, facts, finding)
                }
            }
            var result: [(Int, EndpointFacts, Finding?)] = []
            for try await item in group { result.append(item) }
            result.sort { $0.0 < $1.0 }
            return (result.map(\.1), result.compactMap(\.2))
        }
    }

    /// One endpoint's facts; a NIC address that is not IPv4 leaves `ip` nil and comes back as a
    /// finding naming the NIC.
    func readEndpoint(_ endpoint: PrivateEndpoint, id: ResourceID, instance: InstanceFacts) async throws
        -> (EndpointFacts, Finding?)
    {
        let properties = endpoint.properties
        guard let subnet = try? properties?.subnet?.parsedID() else {
            throw ARMError.invalidResponse(resource: id.path, detail: "the private endpoint has no subnet")
        }
        let endpointID = endpoint.resourceID ?? id
        let connection = (properties?.allConnections ?? []).first {
            $0.properties?.privateLinkServiceId.flatMap { try? ResourceID(parsing: $0) } == instance.id
        }
        let endpointSide = connection?.properties?.privateLinkServiceConnectionState?.status
        let status = instance.endpointConnections[endpointID] ?? endpointSide
        guard let nicText = properties?.networkInterfaces?.first?.id else {
            throw ARMError.invalidResponse(
                resource: id.path, detail: "the private endpoint has no network interface yet")
        }
        let nicID = try ResourceID(parsing: nicText)
        let nic: NetworkInterface
        if let row = index?.nic(nicID) { nic = row } else { nic = try await client.get(NetworkInterface.self, nicID) }
        let configurations = nic.properties?.ipConfigurations ?? []
        let chosen =
            configurations.first {
                $0.properties?.privateLinkConnectionProperties?.groupId?.lowercased() == "managedinstance"
            }
            ?? configurations.first { $0.properties?.primary == true } ?? configurations.first
        let staticIP = properties?.ipConfigurations?.first?.properties?.privateIPAddress
        guard let text = chosen?.properties?.address ?? staticIP else {
            throw ARMError.invalidResponse(
                resource: nicID.path, detail: "the endpoint's network interface holds no private IP address")
        }
        let name = endpoint.name ?? id.name
        let ip = IPv4Address(text)
        let facts = EndpointFacts(
            id: endpointID, name: name, subnetID: subnet, vnetID: Self.vnet(of: subnet), nicID: nicID, ip: ip,
            connectionStatus: status)
        return (facts, ip == nil ? PrivateDNSRules.nicAddressFinding(endpoint: name, nic: nicID, address: text) : nil)
    }

    /// The peerings of each vnet (listed once per vnet); a vnet whose peerings cannot be read
    /// (other tenant, no rights) is reported rather than failing discovery.
    func readPeerings(vnets: [ResourceID]) async throws -> ([PeeringFacts], [UnreadableVNet]) {
        let unique = vnets.uniqued()
        return try await withThrowingTaskGroup(of: (Int, [PeeringFacts], UnreadableVNet?).self) { group in
            for (index, vnet) in unique.enumerated() {
                group.addTask {
                    if let list = self.index?.peerings(of: vnet) {
                        return (index, list.compactMap { peeringFacts($0, vnet: vnet) }, nil)
                    }
                    do {
                        let list = try await client.list(
                            VirtualNetworkPeering.self, in: vnet.collectionPath("virtualNetworkPeerings"))
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

    /// A peering's facts; nil when its remote vnet id is missing or malformed (it cannot match a
    /// vnet then).
    func peeringFacts(_ peering: VirtualNetworkPeering, vnet: ResourceID) -> PeeringFacts? {
        guard let remote = try? peering.properties?.remoteVirtualNetwork?.parsedID() else { return nil }
        let name = peering.name ?? peering.resourceID?.name ?? "?"
        guard let id = peering.resourceID ?? (try? vnet.child("virtualNetworkPeerings", name)) else { return nil }
        return PeeringFacts(
            id: id, name: name, vnetID: vnet, remoteVNetID: remote,
            state: peering.properties?.peeringState ?? .unknown("Unknown"))
    }

    /// The zone `name` in the DNS resource group, its links and the instance's A record; nil
    /// when the zone does not exist (or no name is given).
    func readZone(_ name: String?, recordName: String, in placement: DNSPlacement) async throws -> ExistingZone? {
        guard let name else { return nil }
        let zoneID = try placement.zoneID(name)
        if index?.zoneExists(zoneID) == false { return nil }
        guard let zone = try await client.getIfExists(PrivateDNSZone.self, zoneID) else { return nil }
        let existing = ExistingZone(
            id: zone.resourceID ?? zoneID, name: zone.name ?? name, etag: zone.etag, tags: zone.tags ?? [:],
            provisioningState: zone.properties?.provisioningState?.rawValue)
        return try await readZoneContents(existing, recordName: recordName)
    }

    /// Adds the links and the instance's A record to a zone that exists.
    func readZoneContents(_ zone: ExistingZone, recordName: String) async throws -> ExistingZone {
        let zoneID = zone.id
        async let links = client.list(VirtualNetworkLink.self, in: zoneID.collectionPath("virtualNetworkLinks"))
        // All A record sets (one list, the same cost as reading the one record): pe-net's records
        // no longer wanted are deleted, and a zone others use keeps its links.
        async let records = client.list(ARecordSet.self, in: zoneID.collectionPath("A"))
        var result = zone
        result.links = try await links.compactMap { link -> ExistingLink? in
            guard let vnet = try? link.properties?.virtualNetwork?.parsedID(),
                let name = link.name ?? link.resourceID?.name,
                let id = link.resourceID ?? (try? zoneID.child("virtualNetworkLinks", name))
            else { return nil }
            return ExistingLink(
                id: id, name: name, vnetID: vnet,
                registrationEnabled: link.properties?.registrationEnabled ?? false,
                linkState: link.properties?.virtualNetworkLinkState?.rawValue, etag: link.etag, tags: link.tags ?? [:],
                provisioningState: link.properties?.provisioningState?.rawValue)
        }
        result.records = try await records.compactMap { set -> ExistingARecord? in
            guard let name = (set.name ?? set.resourceID?.name)?.lowercased(),
                let id = set.resourceID ?? (try? zoneID.child("A", name))
            else { return nil }
            return ExistingARecord(
                id: id, name: name, ips: set.properties?.addresses ?? [], ttl: set.properties?.ttl ?? 0,
                metadata: set.properties?.metadata ?? [:], etag: set.etag)
        }
        // The instance's record first: the planner and the report read it before any other.
        result.records.sort { ($0.name == recordName ? 0 : 1, $0.name) < ($1.name == recordName ? 0 : 1, $1.name) }
        return result
    }
}
