import Foundation

/// DNS Private Resolver's forwarding rulesets, their forwarding rules and virtual network links,
/// as the official 2025-05-01 examples pin them: the ruleset and its links are long-running
/// (201/200 then `Succeeded`), a rule answers at once; etags are bare GUIDs; a rule's
/// `domainName` is absolute and its `targetDnsServers` are IPv4 addresses with a port (53 when
/// left out); a child under a missing ruleset is 404 `ParentResourceNotFound` (the generic check).
extension World {
    /// Checks and completes a PUT body of a resolver type; nil when it may be stored.
    func shapeResolverPut(_ path: ResourcePath, properties: inout JSON, existing: JSON?) -> Reply? {
        switch path.typeKey {
        case TypeRules.forwardingRuleset:
            guard case .array(let endpoints)? = properties["dnsResolverOutboundEndpoints"], !endpoints.isEmpty,
                endpoints.allSatisfy({ $0["id"]?.string != nil })
            else {
                return .error(
                    400, "InvalidDnsResolverOutboundEndpoints",
                    "properties.dnsResolverOutboundEndpoints must list at least one outbound endpoint id.")
            }
            properties["resourceGuid"] =
                existing?["properties"]?["resourceGuid"] ?? .string(UUID().uuidString.lowercased())
        case TypeRules.forwardingRule:
            guard let domain = properties["domainName"]?.string, domain.hasSuffix("."), domain.count > 1 else {
                return .error(
                    400, "InvalidDomainName", "properties.domainName must be an absolute domain name ending with '.'.")
            }
            guard case .array(let servers)? = properties["targetDnsServers"], !servers.isEmpty else {
                return .error(
                    400, "InvalidTargetDnsServers", "properties.targetDnsServers must list at least one DNS server.")
            }
            var shaped: [JSON] = []
            for server in servers {
                guard let ip = server["ipAddress"]?.string, Self.isIPv4(ip) else {
                    return .error(
                        400, "InvalidTargetDnsServers", "Each target DNS server needs an IPv4 ipAddress.")
                }
                var item = server
                if item["port"] == nil { item["port"] = 53 }
                shaped.append(item)
            }
            properties["targetDnsServers"] = .array(shaped)
            if properties["forwardingRuleState"] == nil { properties["forwardingRuleState"] = "Enabled" }
        case TypeRules.rulesetLink:
            guard properties["virtualNetwork"]?["id"]?.string != nil else {
                return .error(400, "InvalidVirtualNetworkLink", "properties.virtualNetwork.id is required.")
            }
        default: break
        }
        return nil
    }

    static func isIPv4(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { UInt8($0) != nil && !$0.isEmpty }
    }
}
