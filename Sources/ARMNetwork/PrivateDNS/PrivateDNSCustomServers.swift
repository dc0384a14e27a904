import DNSModel
import Foundation
import Resolver

/// The DNS servers a client vnet hands its VMs (`dhcpOptions.dnsServers`); empty means Azure DNS.
public struct VNetDNSServers: Equatable, Codable, Sendable {
    public var vnetID: ResourceID
    public var servers: [String]

    public init(vnetID: ResourceID, servers: [String]) {
        self.vnetID = vnetID
        self.servers = servers
    }

    /// True when the vnet's clients ask something other than Azure DNS (168.63.129.16), so a
    /// private zone linked to the vnet is not consulted unless those servers forward to it.
    public var usesCustomServers: Bool {
        !servers.isEmpty && !servers.allSatisfy { $0 == ConditionalForwarder.azureDNS.address.description }
    }
}

extension PrivateDNSDiscovery {
    /// `dhcpOptions.dnsServers` of each vnet (one GET per vnet); a vnet that cannot be read is
    /// left out (its peerings finding already says so).
    func readDNSServers(vnets: [ResourceID]) async -> [VNetDNSServers] {
        await withTaskGroup(of: (Int, VNetDNSServers?).self) { group in
            for (index, vnet) in vnets.uniqued().enumerated() {
                group.addTask {
                    let read: VirtualNetwork?
                    if let row = self.index?.vnet(vnet) {
                        read = row
                    } else {
                        read = try? await client.get(VirtualNetwork.self, vnet)
                    }
                    guard let read else { return (index, nil) }
                    return (
                        index, VNetDNSServers(vnetID: vnet, servers: read.properties?.dhcpOptions?.dnsServers ?? [])
                    )
                }
            }
            var result: [(Int, VNetDNSServers?)] = []
            for await item in group { result.append(item) }
            return result.sorted { $0.0 < $1.0 }.compactMap(\.1)
        }
    }
}

extension PrivateDNSRules {
    /// A client vnet with custom DNS servers: the zones linked to it are not used unless those
    /// servers forward them to Azure DNS from a vnet linked to the zones (or to a DNS Private
    /// Resolver inbound endpoint in one). A warning with the command that renders what they need.
    static func customDNSServers(_ facts: PrivateDNSFacts, zones: [DesiredZone], placements: [EndpointPlacement])
        -> [Finding]
    {
        (facts.vnetDNSServers ?? []).filter(\.usesCustomServers).compactMap { vnet in
            let names = zones.filter { zone in
                placements.contains { $0.endpoint.vnetID == vnet.vnetID && zone.topologies.contains($0.topology) }
            }.map(\.name)
            guard !names.isEmpty else { return nil }
            let zoneList = names.joined(separator: ", ")
            return Finding(
                severity: .warning, code: PrivateDNSFindingCode.customDNSServers,
                message:
                    "vnet \(vnet.vnetID.name) uses custom DNS servers (\(vnet.servers.joined(separator: ", "))), so its clients never consult \(zoneList) through the link alone: those servers must forward \(zoneList) to Azure DNS (168.63.129.16) from a vnet linked to the zone, or to a DNS Private Resolver inbound endpoint in one; render their configuration with pe-net dns forwarder --kind unbound|bind|windows (same --instance and --endpoint), or add them to a DNS Private Resolver forwarding ruleset with --kind private-resolver --ruleset <id>",
                resource: vnet.vnetID.path)
        }
    }
}
