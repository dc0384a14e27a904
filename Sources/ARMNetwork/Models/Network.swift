import DNSModel
import Foundation

/// A private endpoint (`Microsoft.Network/privateEndpoints`).
public typealias PrivateEndpoint = ARMResource<PrivateEndpointProperties>

/// The fields of a private endpoint pe-net reads.
public struct PrivateEndpointProperties: ARMResourceProperties {
    public static let apiVersion = ARMAPIVersion.network
    public static let resourceType = "Microsoft.Network/privateEndpoints"

    /// The endpoint's subnet; its vnet is the id up to `/subnets/`.
    public var subnet: SubResource?
    /// Auto-approved connections.
    public var privateLinkServiceConnections: [PrivateLinkServiceConnection]?
    /// Connections awaiting manual approval (typical for an MI in another tenant).
    public var manualPrivateLinkServiceConnections: [PrivateLinkServiceConnection]?
    /// The NICs holding the endpoint's IP (may be in another group or subscription).
    public var networkInterfaces: [SubResource]?
    /// What DNS should contain; may be empty.
    public var customDnsConfigs: [CustomDnsConfig]?
    /// Static IP configurations only.
    public var ipConfigurations: [IPConfiguration]?
    public var customNetworkInterfaceName: String?
    public var provisioningState: ProvisioningState?

    /// Every connection, automatic and manual.
    public var allConnections: [PrivateLinkServiceConnection] {
        (privateLinkServiceConnections ?? []) + (manualPrivateLinkServiceConnections ?? [])
    }

    /// One connection of the endpoint to a private link service (or an MI).
    public struct PrivateLinkServiceConnection: Codable, Sendable, Equatable {
        public var id: String?
        public var name: String?
        public var properties: Properties?

        /// The connection's properties.
        public struct Properties: Codable, Sendable, Equatable {
            /// The target: the MI id for SQL MI.
            public var privateLinkServiceId: String?
            /// e.g. `["managedInstance"]`.
            public var groupIds: [String]?
            public var requestMessage: String?
            public var privateLinkServiceConnectionState: PrivateLinkServiceConnectionState?
        }
    }

    /// `{fqdn, ipAddresses[]}`.
    public struct CustomDnsConfig: Codable, Sendable, Equatable {
        public var fqdn: String?
        public var ipAddresses: [String]?
    }

    /// A static IP configuration of the endpoint.
    public struct IPConfiguration: Codable, Sendable, Equatable {
        public var name: String?
        public var properties: Properties?

        /// `{groupId, memberName, privateIPAddress}`.
        public struct Properties: Codable, Sendable, Equatable {
            public var groupId: String?
            public var memberName: String?
            public var privateIPAddress: String?
        }
    }
}

/// A network interface (`Microsoft.Network/networkInterfaces`).
public typealias NetworkInterface = ARMResource<NetworkInterfaceProperties>

/// The fields of a NIC pe-net reads.
public struct NetworkInterfaceProperties: ARMResourceProperties {
    public static let apiVersion = ARMAPIVersion.network
    public static let resourceType = "Microsoft.Network/networkInterfaces"

    public var ipConfigurations: [IPConfiguration]?
    public var provisioningState: ProvisioningState?
    public var primary: Bool?
    public var enableIPForwarding: Bool?
    public var macAddress: String?
    public var virtualMachine: SubResource?
    public var privateEndpoint: SubResource?

    /// One IP configuration of a NIC.
    public struct IPConfiguration: Codable, Sendable, Equatable {
        public var id: String?
        public var name: String?
        public var properties: Properties?

        /// The IP configuration's properties.
        public struct Properties: Codable, Sendable, Equatable {
            /// May carry a prefix in newer API versions (`172.20.2.16/28`); see ``address``.
            public var privateIPAddress: String?
            public var privateIPAddressPrefixLength: Int?
            public var privateIPAllocationMethod: String?
            public var privateIPAddressVersion: String?
            public var primary: Bool?
            public var subnet: SubResource?
            /// The load balancer backend pools this IP configuration belongs to.
            public var loadBalancerBackendAddressPools: [SubResource]?
            /// For private endpoint NICs: the FQDNs this IP serves.
            public var privateLinkConnectionProperties: PrivateLinkConnectionProperties?

            /// `privateIPAddress` without any `/prefix` (the text as ARM wrote it).
            public var address: String? { privateIPAddress?.split(separator: "/").first.map(String.init) }

            /// ``address`` as an IPv4 address; nil when there is none or it does not parse.
            public var ipv4Address: IPv4Address? { address.flatMap { IPv4Address($0) } }
        }

        /// `{groupId, requiredMemberName, fqdns[]}`.
        public struct PrivateLinkConnectionProperties: Codable, Sendable, Equatable {
            public var groupId: String?
            public var requiredMemberName: String?
            public var fqdns: [String]?
        }
    }
}

/// A virtual network (`Microsoft.Network/virtualNetworks`).
public typealias VirtualNetwork = ARMResource<VirtualNetworkProperties>

/// The fields of a vnet pe-net reads.
public struct VirtualNetworkProperties: ARMResourceProperties {
    public static let apiVersion = ARMAPIVersion.network
    public static let resourceType = "Microsoft.Network/virtualNetworks"

    public var addressSpace: AddressSpace?
    public var subnets: [Subnet]?
    /// Peerings inline (also listable as a child collection).
    public var virtualNetworkPeerings: [VirtualNetworkPeering]?
    public var dhcpOptions: DhcpOptions?
    public var provisioningState: ProvisioningState?

    /// `{dnsServers[]}`: custom DNS servers of the vnet.
    public struct DhcpOptions: Codable, Sendable, Equatable {
        public var dnsServers: [String]?
    }
}

/// A subnet (`Microsoft.Network/virtualNetworks/subnets`).
public typealias Subnet = ARMResource<SubnetProperties>

/// The fields of a subnet.
public struct SubnetProperties: ARMResourceProperties {
    public static let apiVersion = ARMAPIVersion.network
    public static let resourceType = "Microsoft.Network/virtualNetworks/subnets"

    public var addressPrefix: String?
    public var addressPrefixes: [String]?
    public var provisioningState: ProvisioningState?
    public var ipConfigurations: [SubResource]?
    public var privateEndpointNetworkPolicies: String?
    public var privateLinkServiceNetworkPolicies: String?
}

/// A vnet peering (`Microsoft.Network/virtualNetworks/virtualNetworkPeerings`).
public typealias VirtualNetworkPeering = ARMResource<VirtualNetworkPeeringProperties>

/// The fields of a peering.
public struct VirtualNetworkPeeringProperties: ARMResourceProperties {
    public static let apiVersion = ARMAPIVersion.network
    public static let resourceType = "Microsoft.Network/virtualNetworks/virtualNetworkPeerings"

    public var remoteVirtualNetwork: SubResource?
    public var peeringState: PeeringState?
    public var peeringSyncLevel: String?
    public var allowVirtualNetworkAccess: Bool?
    public var allowForwardedTraffic: Bool?
    public var allowGatewayTransit: Bool?
    public var useRemoteGateways: Bool?
    public var remoteAddressSpace: AddressSpace?
    public var remoteVirtualNetworkAddressSpace: AddressSpace?
    public var provisioningState: ProvisioningState?
}

/// A load balancer (`Microsoft.Network/loadBalancers`).
public typealias LoadBalancer = ARMResource<LoadBalancerProperties>

/// The fields of a load balancer pe-net reads (Data Factory path).
public struct LoadBalancerProperties: ARMResourceProperties {
    public static let apiVersion = ARMAPIVersion.network
    public static let resourceType = "Microsoft.Network/loadBalancers"

    public var frontendIPConfigurations: [Child<FrontendIPConfiguration>]?
    public var backendAddressPools: [Child<BackendAddressPool>]?
    public var probes: [Child<Probe>]?
    public var loadBalancingRules: [Child<LoadBalancingRule>]?
    public var inboundNatRules: [Child<LoadBalancingRule>]?
    public var provisioningState: ProvisioningState?

    /// A named child of the load balancer: `{name, id, etag, zones, properties}`.
    public struct Child<P: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
        public var name: String?
        public var id: String?
        public var etag: String?
        /// Availability zones (frontends only): `["1","2","3"]` is zone-redundant.
        public var zones: [String]?
        public var properties: P?

        /// A child for a request body.
        public init(name: String, zones: [String]? = nil, properties: P) {
            self.name = name
            self.zones = zones
            self.properties = properties
        }
    }

    public struct FrontendIPConfiguration: Codable, Sendable, Equatable {
        public var privateIPAddress: String?
        public var privateIPAllocationMethod: String?
        public var privateIPAddressVersion: String?
        public var subnet: SubResource?
        public var publicIPAddress: SubResource?
        public var loadBalancingRules: [SubResource]?
    }

    public struct BackendAddressPool: Codable, Sendable, Equatable {
        public var loadBalancingRules: [SubResource]?
        public var backendIPConfigurations: [SubResource]?
    }

    public struct Probe: Codable, Sendable, Equatable {
        /// Tcp, Http or Https.
        public var transportProtocol: String?
        public var port: Int?
        public var requestPath: String?
        public var intervalInSeconds: Int?
        public var numberOfProbes: Int?
        public var probeThreshold: Int?

        enum CodingKeys: String, CodingKey {
            case transportProtocol = "protocol"
            case port, requestPath, intervalInSeconds, numberOfProbes, probeThreshold
        }
    }

    public struct LoadBalancingRule: Codable, Sendable, Equatable {
        public var frontendIPConfiguration: SubResource?
        public var backendAddressPool: SubResource?
        public var probe: SubResource?
        /// Tcp, Udp or All.
        public var transportProtocol: String?
        public var frontendPort: Int?
        public var backendPort: Int?
        public var enableFloatingIP: Bool?
        public var idleTimeoutInMinutes: Int?
        public var enableTcpReset: Bool?
        public var disableOutboundSnat: Bool?
        public var loadDistribution: String?

        enum CodingKeys: String, CodingKey {
            case transportProtocol = "protocol"
            case frontendIPConfiguration, backendAddressPool, probe, frontendPort, backendPort, enableFloatingIP
            case idleTimeoutInMinutes, enableTcpReset, disableOutboundSnat, loadDistribution
        }
    }
}

/// A private link service (`Microsoft.Network/privateLinkServices`).
public typealias PrivateLinkService = ARMResource<PrivateLinkServiceProperties>

/// The fields of a private link service (Data Factory path).
public struct PrivateLinkServiceProperties: ARMResourceProperties {
    public static let apiVersion = ARMAPIVersion.network
    public static let resourceType = "Microsoft.Network/privateLinkServices"

    public var loadBalancerFrontendIpConfigurations: [SubResource]?
    public var ipConfigurations: [IPConfiguration]?
    public var visibility: SubscriptionList?
    public var autoApproval: SubscriptionList?
    public var fqdns: [String]?
    /// What the consumer uses to connect.
    public var alias: String?
    public var privateEndpointConnections: [Connection]?
    public var networkInterfaces: [SubResource]?
    public var enableProxyProtocol: Bool?
    public var provisioningState: ProvisioningState?

    /// `{subscriptions[]}`.
    public struct SubscriptionList: Codable, Sendable, Equatable {
        public var subscriptions: [String]?
    }

    /// One IP configuration of the service.
    public struct IPConfiguration: Codable, Sendable, Equatable {
        public var name: String?
        public var id: String?
        public var properties: Properties?

        public struct Properties: Codable, Sendable, Equatable {
            public var privateIPAddress: String?
            public var privateIPAllocationMethod: String?
            public var privateIPAddressVersion: String?
            public var subnet: SubResource?
            public var primary: Bool?
        }
    }

    /// A connection from a consumer's private endpoint.
    public struct Connection: Codable, Sendable, Equatable {
        public var name: String?
        public var id: String?
        public var properties: Properties?

        public struct Properties: Codable, Sendable, Equatable {
            public var privateEndpoint: SubResource?
            public var privateLinkServiceConnectionState: PrivateLinkServiceConnectionState?
        }
    }
}
