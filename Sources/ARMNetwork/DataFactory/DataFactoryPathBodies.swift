import Foundation

/// The ARM bodies of one Data Factory path, built once and used both by the workflow (PUT/PATCH
/// bodies and the desired side of every comparison) and by ``DataFactoryPathTemplate`` (the
/// template's resources), so the two cannot drift.
public struct DataFactoryPathBodies: Sendable {
    public let spec: DataFactoryPathSpec

    public init(_ spec: DataFactoryPathSpec) { self.spec = spec }

    /// Child names inside the load balancer.
    public static let frontendName = "frontend"
    public static let backendPoolName = "backend"
    public static let natIPConfigurationName = "nat-ipconfig"
    public static let sshProbeName = "probe-ssh"

    // MARK: Ids

    func networkID(_ type: String, _ name: String) -> ResourceID {
        // Names were checked by the loader; a malformed one only yields an unusable id.
        (try? ResourceID(
            subscription: spec.subscription, resourceGroup: spec.resourceGroup, namespace: "Microsoft.Network",
            type: type, name: name)) ?? spec.virtualNetwork
    }

    public var loadBalancerID: ResourceID { networkID("loadBalancers", spec.loadBalancer) }
    public var privateLinkServiceID: ResourceID { networkID("privateLinkServices", spec.privateLinkService) }
    public var frontendID: ResourceID { child(loadBalancerID, "frontendIPConfigurations", Self.frontendName) }
    public var backendPoolID: ResourceID { child(loadBalancerID, "backendAddressPools", Self.backendPoolName) }

    public func subnetID(_ subnet: DataFactoryPathSpec.Subnet) -> ResourceID {
        child(spec.virtualNetwork, "subnets", subnet.name)
    }

    /// The scale set's id, when the forwarders are one.
    public var scaleSetID: ResourceID? {
        guard case .scaleSet(let set) = spec.forwarders else { return nil }
        return try? ResourceID(
            subscription: spec.subscription, resourceGroup: spec.resourceGroup, namespace: "Microsoft.Compute",
            type: "virtualMachineScaleSets", name: set.name)
    }

    /// The managed private endpoint's id, when the path has a Data Factory.
    public var managedPrivateEndpointID: ResourceID? {
        guard let factory = spec.dataFactory else { return nil }
        return try? factory.child("managedVirtualNetworks", "default").child(
            "managedPrivateEndpoints", spec.managedPrivateEndpoint)
    }

    func child(_ parent: ResourceID, _ type: String, _ name: String) -> ResourceID {
        (try? parent.child(type, name)) ?? parent
    }

    /// The rule name of an instance: its name and port (`mi1-1433`).
    public static func ruleName(_ instance: DataFactoryPathSpec.Instance) -> String {
        "\(instance.instance.name)-\(instance.port)"
    }

    /// The probe a rule uses: its own port by default, one shared port-22 probe with `probe: ssh`.
    public func probeName(_ instance: DataFactoryPathSpec.Instance) -> String {
        spec.probe == .ssh ? Self.sshProbeName : "probe-\(instance.port)"
    }

    // MARK: Bodies

    /// The Standard internal load balancer: one zone-redundant dynamic frontend, one pool, one TCP
    /// rule and probe per instance with the tutorial's tuning.
    public var loadBalancer: LoadBalancer {
        typealias P = LoadBalancerProperties
        let defaults = DataFactoryPathSpec.Defaults.self
        let frontend = P.Child(
            name: Self.frontendName, zones: ["1", "2", "3"],
            properties: P.FrontendIPConfiguration(
                privateIPAllocationMethod: "Dynamic", subnet: SubResource(id: subnetID(spec.subnets.frontend).path)))
        let pool = P.Child(name: Self.backendPoolName, properties: P.BackendAddressPool())
        var probes: [P.Child<P.Probe>] = []
        var rules: [P.Child<P.LoadBalancingRule>] = []
        for instance in spec.instances {
            let probeName = probeName(instance)
            if !probes.contains(where: { $0.name == probeName }) {
                probes.append(
                    P.Child(
                        name: probeName,
                        properties: P.Probe(
                            transportProtocol: "Tcp", port: spec.probe == .ssh ? defaults.sshPort : instance.port,
                            intervalInSeconds: defaults.probeIntervalInSeconds, probeThreshold: defaults.probeThreshold)
                    ))
            }
            rules.append(
                P.Child(
                    name: Self.ruleName(instance),
                    properties: P.LoadBalancingRule(
                        frontendIPConfiguration: SubResource(id: frontendID.path),
                        backendAddressPool: SubResource(id: backendPoolID.path),
                        probe: SubResource(id: child(loadBalancerID, "probes", probeName).path),
                        transportProtocol: "Tcp", frontendPort: instance.port, backendPort: instance.port,
                        enableFloatingIP: false, idleTimeoutInMinutes: defaults.idleTimeoutInMinutes,
                        enableTcpReset: false, disableOutboundSnat: true)))
        }
        return LoadBalancer(
            location: spec.location, sku: ARMSku(name: "Standard", tier: "Regional"),
            properties: LoadBalancerProperties(
                frontendIPConfigurations: [frontend], backendAddressPools: [pool], probes: probes,
                loadBalancingRules: rules))
    }

    /// The Private Link Service on the load balancer's frontend, its NAT IP in its own subnet,
    /// proxy protocol off.
    public var privateLinkService: PrivateLinkService {
        PrivateLinkService(
            location: spec.location,
            properties: PrivateLinkServiceProperties(
                loadBalancerFrontendIpConfigurations: [SubResource(id: frontendID.path)],
                ipConfigurations: [
                    .init(
                        name: Self.natIPConfigurationName,
                        properties: .init(
                            privateIPAllocationMethod: "Dynamic", privateIPAddressVersion: "IPv4",
                            subnet: SubResource(id: subnetID(spec.subnets.privateLinkService).path), primary: true))
                ],
                enableProxyProtocol: false))
    }

    /// A subnet pe-net creates (the file gave its prefix); the Private Link Service's subnet has its
    /// network policies off.
    public func newSubnet(_ subnet: DataFactoryPathSpec.Subnet, prefix: String) -> ARMDocument {
        var properties: [String: ARMDocument] = ["addressPrefix": .string(prefix)]
        if subnet == spec.subnets.privateLinkService { properties["privateLinkServiceNetworkPolicies"] = "Disabled" }
        return .object(["properties": .object(properties)])
    }

    /// The managed private endpoint in the factory's managed vnet, carrying the instances' FQDNs.
    public func managedPrivateEndpoint(fqdns: [String]) -> ManagedPrivateEndpoint {
        ManagedPrivateEndpoint(
            properties: .init(privateLinkResourceId: privateLinkServiceID.path, fqdns: fqdns))
    }

    /// The tag that records which cloud-init a scale set was created with (Compute never returns
    /// `customData`, so the tag is what a later plan compares).
    public static let cloudInitTag = "pe-net-cloud-init"

    /// The forwarders' scale set: Debian 12, SSH keys only, one NIC in the backend subnet joined
    /// to the pool, cloud-init from `customData` (plain text; base64-encoded here).
    public func scaleSet(_ set: DataFactoryPathSpec.ScaleSet, customData: String?) -> VirtualMachineScaleSet {
        typealias P = VirtualMachineScaleSetProperties
        let os = P.OSProfile(
            computerNamePrefix: set.name, adminUsername: set.adminUsername,
            customData: customData.map { Data($0.utf8).base64EncodedString() },
            linuxConfiguration: .init(
                disablePasswordAuthentication: true,
                ssh: .init(publicKeys: [
                    .init(path: "/home/\(set.adminUsername)/.ssh/authorized_keys", keyData: set.sshPublicKey)
                ])))
        let storage = P.StorageProfile(
            imageReference: .init(publisher: "Debian", offer: "debian-12", sku: "12-gen2", version: "latest"),
            osDisk: .init(
                createOption: "FromImage", caching: "ReadWrite", managedDisk: .init(storageAccountType: "Standard_LRS"))
        )
        let nic = P.NICConfiguration(
            name: "\(set.name)-nic",
            properties: .init(
                primary: true, enableIPForwarding: true,
                ipConfigurations: [
                    .init(
                        name: "ipconfig1",
                        properties: .init(
                            subnet: SubResource(id: subnetID(spec.subnets.backend).path), primary: true,
                            loadBalancerBackendAddressPools: [SubResource(id: backendPoolID.path)]))
                ]))
        return VirtualMachineScaleSet(
            location: spec.location,
            tags: customData.map { [Self.cloudInitTag: Self.digest($0)] },
            sku: ARMSku(name: set.sku, tier: "Standard", capacity: set.capacity),
            properties: P(
                upgradePolicy: .init(mode: "Manual"), overprovision: false,
                virtualMachineProfile: .init(
                    osProfile: os, storageProfile: storage, networkProfile: .init(networkInterfaceConfigurations: [nic])
                )))
    }

    /// A short stable digest of a text (FNV-1a, 64 bits, hex): enough to notice a change.
    public static func digest(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return "fnv1a64-" + String(hash, radix: 16)
    }
}
