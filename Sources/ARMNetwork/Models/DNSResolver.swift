import Foundation

/// A DNS forwarding ruleset of DNS Private Resolver (`Microsoft.Network/dnsForwardingRulesets`):
/// the administrator creates it with its outbound endpoints; pe-net adds rules and vnet links.
public typealias DNSForwardingRuleset = ARMResource<DNSForwardingRulesetProperties>

/// The fields of a forwarding ruleset.
public struct DNSForwardingRulesetProperties: ARMResourceProperties {
    public static let apiVersion = ARMAPIVersion.dnsResolver
    public static let resourceType = "Microsoft.Network/dnsForwardingRulesets"

    /// The resolver outbound endpoints the ruleset's queries leave through.
    public var dnsResolverOutboundEndpoints: [SubResource]?
    public var resourceGuid: String?
    public var provisioningState: ProvisioningState?

    /// Properties for a request body.
    public init(dnsResolverOutboundEndpoints: [SubResource]?) {
        self.dnsResolverOutboundEndpoints = dnsResolverOutboundEndpoints
    }
}

/// Marker for ``ForwardingRuleState``.
public enum ForwardingRuleStateKind {}
/// `Enabled` | `Disabled`.
public typealias ForwardingRuleState = ARMEnum<ForwardingRuleStateKind>
extension ARMEnum where Kind == ForwardingRuleStateKind {
    public static let enabled: Self = "Enabled"
    public static let disabled: Self = "Disabled"
}

/// A DNS server a forwarding rule sends queries to.
public struct TargetDNSServer: Codable, Sendable, Equatable, Hashable {
    public var ipAddress: String?
    /// The port; 53 when ARM omits it.
    public var port: Int?

    /// A target.
    public init(ipAddress: String, port: Int = 53) {
        self.ipAddress = ipAddress
        self.port = port
    }

    /// `ip` or `ip:port` (port shown only when not 53), for messages.
    public var display: String {
        let port = self.port ?? 53
        return port == 53 ? (ipAddress ?? "?") : "\(ipAddress ?? "?"):\(port)"
    }
}

/// A forwarding rule (`Microsoft.Network/dnsForwardingRulesets/forwardingRules`).
public typealias ForwardingRule = ARMResource<ForwardingRuleProperties>

/// The fields of a forwarding rule.
public struct ForwardingRuleProperties: ARMResourceProperties {
    public static let apiVersion = ARMAPIVersion.dnsResolver
    public static let resourceType = "Microsoft.Network/dnsForwardingRulesets/forwardingRules"

    /// The domain forwarded, absolute (`privatelink.….database.windows.net.`).
    public var domainName: String?
    public var targetDnsServers: [TargetDNSServer]?
    public var metadata: [String: String]?
    public var forwardingRuleState: ForwardingRuleState?
    public var provisioningState: ProvisioningState?

    /// Properties for a request body.
    public init(
        domainName: String, targetDnsServers: [TargetDNSServer], forwardingRuleState: ForwardingRuleState = .enabled,
        metadata: [String: String]? = nil
    ) {
        self.domainName = domainName
        self.targetDnsServers = targetDnsServers
        self.forwardingRuleState = forwardingRuleState
        self.metadata = metadata
    }
}

/// A virtual network link of a forwarding ruleset
/// (`Microsoft.Network/dnsForwardingRulesets/virtualNetworkLinks`): the linked vnet's Azure DNS
/// queries follow the ruleset.
public typealias RulesetVirtualNetworkLink = ARMResource<RulesetVirtualNetworkLinkProperties>

/// The fields of a ruleset vnet link.
public struct RulesetVirtualNetworkLinkProperties: ARMResourceProperties {
    public static let apiVersion = ARMAPIVersion.dnsResolver
    public static let resourceType = "Microsoft.Network/dnsForwardingRulesets/virtualNetworkLinks"

    public var virtualNetwork: SubResource?
    public var metadata: [String: String]?
    public var provisioningState: ProvisioningState?

    /// Properties for a request body.
    public init(virtualNetwork: SubResource?, metadata: [String: String]? = nil) {
        self.virtualNetwork = virtualNetwork
        self.metadata = metadata
    }
}
