import Foundation
import Resolver

extension PrivateDNSDiscovery {
    /// The subscriptions a search for the forbidden zone covers: the instance's, the endpoints',
    /// the DNS zones', and every vnet's that is peered with one of them.
    static func searchScope(
        instance: InstanceFacts, endpoints: [EndpointFacts], peerings: [PeeringFacts], options: PrivateDNSOptions
    ) -> [String] {
        let vnets = [instance.vnetID] + endpoints.map(\.vnetID) + peerings.flatMap { [$0.vnetID, $0.remoteVNetID] }
        return ([instance.id.subscription, options.placement.subscription] + vnets.map(\.subscription))
            .map { $0.lowercased() }.uniqued()
    }

    /// Every private DNS zone named `zoneName` in `subscriptions`, with its links as Resource Graph
    /// indexes them (one paged query, wherever the zone's resource group is). A search that fails
    /// (no Resource Graph access, throttled beyond the retry budget) is a warning, not a failure:
    /// the zones read directly are still checked.
    func searchZones(named zoneName: String?, subscriptions: [String]) async -> ([ExistingZone], [Finding]) {
        guard let zoneName else { return ([], []) }
        let rows: [ResourceGraphRow<VirtualNetworkLinkProperties>]
        if let indexed = index?.links(zoneName: zoneName, subscriptions: subscriptions) {
            rows = indexed
        } else {
            do {
                rows = try await ResourceGraphClient(client: client).query(
                    ResourceGraphQuery.privateDNSLinks(zoneName: zoneName), subscriptions: subscriptions)
            } catch {
                return (
                    [],
                    [
                        Finding(
                            severity: .warning, code: PrivateDNSFindingCode.zoneSearchFailed,
                            message:
                                "could not search Resource Graph for zones named \(zoneName) in \(subscriptions.count) subscription(s) (\(error)); only the zones in the DNS and instance resource groups were checked for links that disrupt the instance",
                            resource: zoneName)
                    ]
                )
            }
        }
        var zones: [ResourceID: ExistingZone] = [:]
        var order: [ResourceID] = []
        for row in rows {
            guard let linkID = row.id.flatMap({ try? ResourceID(parsing: $0) }),
                let zoneID = linkID.parent, DesiredNames.normalizeZone(zoneID.name) == zoneName,
                let vnet = try? row.properties?.virtualNetwork?.parsedID()
            else { continue }
            if zones[zoneID] == nil {
                zones[zoneID] = ExistingZone(id: zoneID, name: zoneID.name, etag: nil)
                order.append(zoneID)
            }
            zones[zoneID]?.links.append(
                ExistingLink(
                    id: linkID, name: row.name ?? linkID.name, vnetID: vnet,
                    registrationEnabled: row.properties?.registrationEnabled ?? false,
                    linkState: row.properties?.virtualNetworkLinkState?.rawValue, etag: nil, tags: row.tags ?? [:]))
        }
        return (order.compactMap { zones[$0] }, [])
    }
}
