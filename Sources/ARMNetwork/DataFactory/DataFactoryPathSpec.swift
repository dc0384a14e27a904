import Foundation

/// One Data Factory path as the desired-state file (`pe-net.yaml`, `dataFactoryPaths[]`) describes
/// it, with every default already filled in: a Standard internal load balancer in front of the
/// forwarding VMs, a Private Link Service on its frontend, the instances it reaches (one port each)
/// and, optionally, the Data Factory whose managed private endpoint connects to it.
///
/// The loader (`DesiredState.PeNetFile`) builds these from the file; the ARM side
/// (``DataFactoryPathWorkflow``) plans and applies them; the renderers turn them into an ARM
/// template, cloud-init and forwarder rules.
public struct DataFactoryPathSpec: Sendable, Hashable, Codable {
    /// What the load balancer's health probe connects to.
    public enum Probe: String, Sendable, Hashable, Codable, CaseIterable {
        /// The rule's own port: passes only when the forwarder forwards and the instance answers.
        case forwarded
        /// Port 22, as the tutorial does (passes while the VM's sshd runs, whatever the forwarder does).
        case ssh
    }

    /// A subnet of ``virtualNetwork``: created when `addressPrefix` is given and it is missing.
    public struct Subnet: Sendable, Hashable, Codable {
        public var name: String
        public var addressPrefix: String?

        public init(name: String, addressPrefix: String? = nil) {
            self.name = name
            self.addressPrefix = addressPrefix
        }
    }

    public struct Subnets: Sendable, Hashable, Codable {
        public var frontend: Subnet
        public var backend: Subnet
        public var privateLinkService: Subnet

        public init(frontend: Subnet, backend: Subnet, privateLinkService: Subnet) {
            self.frontend = frontend
            self.backend = backend
            self.privateLinkService = privateLinkService
        }
    }

    /// One instance behind the path: the load balancer rule and the forwarders listen on `port`
    /// and reach the instance's FQDN on 1433.
    public struct Instance: Sendable, Hashable, Codable {
        public var instance: ResourceID
        public var port: Int
        /// The instance's FQDN when the file gives it (offline rendering); otherwise read from ARM
        /// (`properties.fullyQualifiedDomainName`).
        public var fqdn: String?

        public init(instance: ResourceID, port: Int, fqdn: String? = nil) {
            self.instance = instance
            self.port = port
            self.fqdn = fqdn
        }
    }

    /// A VM scale set of forwarders that pe-net creates, configured by cloud-init.
    public struct ScaleSet: Sendable, Hashable, Codable {
        public var name: String
        public var capacity: Int
        public var sku: String
        public var adminUsername: String
        /// The public key's text (the loader reads `sshPublicKeyFile`).
        public var sshPublicKey: String

        public init(name: String, capacity: Int, sku: String, adminUsername: String, sshPublicKey: String) {
            self.name = name
            self.capacity = capacity
            self.sku = sku
            self.adminUsername = adminUsername
            self.sshPublicKey = sshPublicKey
        }
    }

    /// The forwarding VMs behind the load balancer's backend pool.
    public enum Forwarders: Sendable, Hashable, Codable {
        /// Existing VMs: their NICs join the backend pool.
        case networkInterfaces([ResourceID])
        /// A scale set pe-net creates.
        case scaleSet(ScaleSet)
    }

    public var name: String
    public var subscription: String
    public var resourceGroup: String
    public var location: String
    public var virtualNetwork: ResourceID
    public var subnets: Subnets
    /// The load balancer's name (default `<name>-lb`).
    public var loadBalancer: String
    /// The Private Link Service's name (default `<name>-pls`).
    public var privateLinkService: String
    public var probe: Probe
    /// When true, apply sets an instance's connection type (`proxyOverride`) to Proxy.
    public var allowConnectionTypeChange: Bool
    public var instances: [Instance]
    public var forwarders: Forwarders
    /// The Data Factory whose managed private endpoint reaches the Private Link Service.
    public var dataFactory: ResourceID?
    /// The managed private endpoint's name in the factory's managed vnet (default `<name>-mpe`).
    public var managedPrivateEndpoint: String
    /// How the forwarders run `pe-net fwd` (interface, allowed sources, binary path).
    public var forwarderSettings: ForwarderSettings = ForwarderSettings()

    /// How `pe-net fwd` runs on the forwarders (`forwarders.interfaces`, `.allowSources`, `.binary`
    /// in the file): the same for existing VMs and a scale set.
    public struct ForwarderSettings: Sendable, Hashable, Codable {
        /// Interfaces the load balancer's traffic arrives on (default `eth0`, Azure's first NIC).
        public var interfaces: [String]
        /// When not empty, only these IPv4 sources are forwarded; the renderers add the load
        /// balancer's probe source 168.63.129.16.
        public var allowedSources: [String]
        /// Where the image puts the pe-net binary the units run.
        public var binary: String

        public init(
            interfaces: [String] = ["eth0"], allowedSources: [String] = [], binary: String = "/usr/local/bin/pe-net"
        ) {
            self.interfaces = interfaces
            self.allowedSources = allowedSources
            self.binary = binary
        }
    }

    public init(
        name: String, subscription: String, resourceGroup: String, location: String, virtualNetwork: ResourceID,
        subnets: Subnets, loadBalancer: String? = nil, privateLinkService: String? = nil, probe: Probe = .forwarded,
        allowConnectionTypeChange: Bool = false, instances: [Instance], forwarders: Forwarders,
        dataFactory: ResourceID? = nil, managedPrivateEndpoint: String? = nil
    ) {
        self.name = name
        self.subscription = subscription
        self.resourceGroup = resourceGroup
        self.location = location
        self.virtualNetwork = virtualNetwork
        self.subnets = subnets
        self.loadBalancer = loadBalancer ?? "\(name)-lb"
        self.privateLinkService = privateLinkService ?? "\(name)-pls"
        self.probe = probe
        self.allowConnectionTypeChange = allowConnectionTypeChange
        self.instances = instances
        self.forwarders = forwarders
        self.dataFactory = dataFactory
        self.managedPrivateEndpoint = managedPrivateEndpoint ?? "\(name)-mpe"
    }

    /// Tuning the tutorial fixes, kept in one place.
    public enum Defaults {
        public static let idleTimeoutInMinutes = 15
        public static let probeIntervalInSeconds = 15
        public static let probeThreshold = 2
        public static let sshPort = 22
        public static let instancePort = 1433
    }
}
