import Foundation

/// A connection on a Private Link Service (`Microsoft.Network/privateLinkServices/privateEndpointConnections`):
/// what a consumer's private endpoint (a Data Factory managed private endpoint, for one) asked for.
public typealias PrivateLinkServiceConnection = ARMResource<PrivateLinkServiceConnectionProperties>

/// The properties of a Private Link Service connection.
public struct PrivateLinkServiceConnectionProperties: ARMResourceProperties {
    public static let apiVersion = ARMAPIVersion.network
    public static let resourceType = "Microsoft.Network/privateLinkServices/privateEndpointConnections"

    /// The consumer's private endpoint (for Data Factory, in a Microsoft-managed subscription).
    public var privateEndpoint: SubResource?
    /// Approval state; while Pending, `description` holds the consumer's request message.
    public var privateLinkServiceConnectionState: PrivateLinkServiceConnectionState?
    /// The consumer's link id, as a number in text.
    public var linkIdentifier: String?
    public var provisioningState: ProvisioningState?

    /// Properties for a request body.
    public init(
        privateEndpoint: SubResource? = nil, privateLinkServiceConnectionState: PrivateLinkServiceConnectionState? = nil
    ) {
        self.privateEndpoint = privateEndpoint
        self.privateLinkServiceConnectionState = privateLinkServiceConnectionState
    }
}

extension ARMResource where Properties == PrivateLinkServiceConnectionProperties {
    /// The PUT body that approves or rejects a connection (the consumer's endpoint is kept, as the
    /// official example sends it).
    public static func statusUpdate(_ status: ConnectionStatus, description: String, privateEndpoint: SubResource?)
        -> PrivateLinkServiceConnection
    {
        PrivateLinkServiceConnection(
            properties: .init(
                privateEndpoint: privateEndpoint,
                privateLinkServiceConnectionState: .init(status: status, description: description)))
    }
}

/// A virtual machine scale set (`Microsoft.Compute/virtualMachineScaleSets`): the forwarders pe-net creates.
public typealias VirtualMachineScaleSet = ARMResource<VirtualMachineScaleSetProperties>

/// The fields of a scale set pe-net writes and reads back.
public struct VirtualMachineScaleSetProperties: ARMResourceProperties {
    public static let apiVersion = ARMAPIVersion.compute
    public static let resourceType = "Microsoft.Compute/virtualMachineScaleSets"

    public var upgradePolicy: UpgradePolicy?
    public var overprovision: Bool?
    public var virtualMachineProfile: Profile?
    public var uniqueId: String?
    public var provisioningState: ProvisioningState?

    /// `{mode}`: Manual, Automatic or Rolling.
    public struct UpgradePolicy: Codable, Sendable, Equatable {
        public var mode: String?
    }

    /// What every VM of the set is built from.
    public struct Profile: Codable, Sendable, Equatable {
        public var osProfile: OSProfile?
        public var storageProfile: StorageProfile?
        public var networkProfile: NetworkProfile?
    }

    /// The OS settings; Compute never returns `customData` or `adminPassword`.
    public struct OSProfile: Codable, Sendable, Equatable {
        public var computerNamePrefix: String?
        public var adminUsername: String?
        /// Base64 of the cloud-init document (write-only).
        public var customData: String?
        public var linuxConfiguration: LinuxConfiguration?
    }

    /// `{disablePasswordAuthentication, ssh: {publicKeys: [{path, keyData}]}}`.
    public struct LinuxConfiguration: Codable, Sendable, Equatable {
        public var disablePasswordAuthentication: Bool?
        public var ssh: SSH?

        public struct SSH: Codable, Sendable, Equatable {
            public var publicKeys: [PublicKey]?
        }

        public struct PublicKey: Codable, Sendable, Equatable {
            public var path: String?
            public var keyData: String?
        }
    }

    /// The image and OS disk.
    public struct StorageProfile: Codable, Sendable, Equatable {
        public var imageReference: ImageReference?
        public var osDisk: OSDisk?

        public struct ImageReference: Codable, Sendable, Equatable {
            public var publisher: String?
            public var offer: String?
            public var sku: String?
            public var version: String?
        }

        public struct OSDisk: Codable, Sendable, Equatable {
            public var createOption: String?
            public var caching: String?
            public var managedDisk: ManagedDisk?
        }

        public struct ManagedDisk: Codable, Sendable, Equatable {
            public var storageAccountType: String?
        }
    }

    /// The NICs every VM gets.
    public struct NetworkProfile: Codable, Sendable, Equatable {
        public var networkInterfaceConfigurations: [NICConfiguration]?
    }

    /// `{name, properties: {primary, enableIPForwarding, ipConfigurations}}`.
    public struct NICConfiguration: Codable, Sendable, Equatable {
        public var name: String?
        public var properties: Properties?

        public struct Properties: Codable, Sendable, Equatable {
            public var primary: Bool?
            public var enableIPForwarding: Bool?
            public var ipConfigurations: [IPConfiguration]?
        }
    }

    /// `{name, properties: {subnet, primary, loadBalancerBackendAddressPools}}`.
    public struct IPConfiguration: Codable, Sendable, Equatable {
        public var name: String?
        public var properties: Properties?

        public struct Properties: Codable, Sendable, Equatable {
            public var subnet: SubResource?
            public var primary: Bool?
            public var loadBalancerBackendAddressPools: [SubResource]?
        }
    }
}

/// A Data Factory (`Microsoft.DataFactory/factories`).
public typealias DataFactory = ARMResource<DataFactoryProperties>

/// The fields of a factory pe-net reads.
public struct DataFactoryProperties: ARMResourceProperties {
    public static let apiVersion = ARMAPIVersion.dataFactory
    public static let resourceType = "Microsoft.DataFactory/factories"

    public var provisioningState: ProvisioningState?
    public var createTime: String?
    public var version: String?
}

/// A factory's managed virtual network (`.../managedVirtualNetworks/default`).
public typealias ManagedVirtualNetwork = ARMResource<ManagedVirtualNetworkProperties>

/// The fields of a managed virtual network.
public struct ManagedVirtualNetworkProperties: ARMResourceProperties {
    public static let apiVersion = ARMAPIVersion.dataFactory
    public static let resourceType = "Microsoft.DataFactory/factories/managedVirtualNetworks"

    public var alias: String?
    public var vNetId: String?
}

/// A Data Factory managed private endpoint
/// (`Microsoft.DataFactory/factories/managedVirtualNetworks/managedPrivateEndpoints`).
public typealias ManagedPrivateEndpoint = ARMResource<ManagedPrivateEndpointProperties>

/// The fields of a managed private endpoint.
public struct ManagedPrivateEndpointProperties: ARMResourceProperties {
    public static let apiVersion = ARMAPIVersion.dataFactory
    public static let resourceType = "Microsoft.DataFactory/factories/managedVirtualNetworks/managedPrivateEndpoints"

    /// The target: a Private Link Service, a storage account, an instance...
    public var privateLinkResourceId: String?
    /// The target's sub-resource (`blob`, `managedInstance`); none for a Private Link Service.
    public var groupId: String?
    /// The host names Data Factory resolves to the endpoint.
    public var fqdns: [String]?
    /// Mirrors the connection on the target: Pending until approved there.
    public var connectionState: PrivateLinkServiceConnectionState?
    public var provisioningState: ProvisioningState?

    /// Properties for a request body.
    public init(privateLinkResourceId: String? = nil, groupId: String? = nil, fqdns: [String]? = nil) {
        self.privateLinkResourceId = privateLinkResourceId
        self.groupId = groupId
        self.fqdns = fqdns
    }
}

extension ARMResource where Properties == ManagedInstanceProperties {
    /// The PATCH body that sets an instance's connection type (`proxyOverride`).
    public static func connectionTypeUpdate(_ value: ARMEnum<ProxyOverrideKind>) -> ManagedInstance {
        ManagedInstance(properties: ManagedInstanceProperties(proxyOverride: value))
    }
}
