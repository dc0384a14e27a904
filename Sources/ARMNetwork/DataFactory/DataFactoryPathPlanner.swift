import Foundation
import Resolver

/// What exists in Azure for one path, as read by the workflow (documents as ARM returned them).
public struct DataFactoryPathState: Sendable {
    /// Each instance's document (absent: not found).
    public var instances: [ResourceID: ManagedInstance] = [:]
    public var virtualNetworkExists = true
    /// Subnets by lowercased name (absent: not found).
    public var subnets: [String: ARMDocument] = [:]
    public var loadBalancer: ARMDocument?
    public var privateLinkService: ARMDocument?
    /// Forwarder NICs (absent: not found).
    public var networkInterfaces: [ResourceID: ARMDocument] = [:]
    public var scaleSet: ARMDocument?
    public var factoryExists = true
    public var managedVirtualNetworkExists = true
    public var managedPrivateEndpoint: ARMDocument?
    /// The connections on the Private Link Service.
    public var connections: [PrivateLinkServiceConnection] = []

    public init() {}
}

/// The pure half of the Data Factory path: desired bodies against what exists → ordered changes
/// and findings. No I/O.
public enum DataFactoryPathPlanner {
    /// Checks the specs against each other before anything is read: ports in range and claimed once
    /// per load balancer, an instance once per path, no load balancer shared by two paths.
    public static func validate(_ specs: [DataFactoryPathSpec]) throws(DataFactoryPathError) {
        var names: Set<String> = []
        var balancers: [String: String] = [:]
        for spec in specs {
            guard names.insert(spec.name.lowercased()).inserted else {
                throw .invalidSpec("two Data Factory paths are named \(spec.name); give each path its own name")
            }
            guard !spec.instances.isEmpty else {
                throw .invalidSpec("path \(spec.name) has no instances; list at least one {instance, port}")
            }
            let lb = DataFactoryPathBodies(spec).loadBalancerID.normalized
            if let other = balancers[lb] {
                throw .invalidSpec(
                    "paths \(other) and \(spec.name) both use load balancer \(spec.loadBalancer) in \(spec.resourceGroup); one port map per load balancer: merge the paths or name another load balancer"
                )
            }
            balancers[lb] = spec.name
            var ports: [Int: ResourceID] = [:]
            var instances: Set<ResourceID> = []
            for instance in spec.instances {
                guard (1...65535).contains(instance.port) else {
                    throw .invalidSpec(
                        "path \(spec.name): port \(instance.port) of \(instance.instance.name) is outside 1-65535")
                }
                if let other = ports[instance.port] {
                    throw .invalidSpec(
                        "path \(spec.name): port \(instance.port) is claimed by both \(other.name) and \(instance.instance.name); give each instance its own port (1433, 1434, ...)"
                    )
                }
                ports[instance.port] = instance.instance
                guard instances.insert(instance.instance).inserted else {
                    throw .invalidSpec(
                        "path \(spec.name): instance \(instance.instance.name) is listed twice; one port per instance")
                }
                if spec.probe == .ssh, instance.port == DataFactorySpecDefaults.sshPort {
                    throw .invalidSpec(
                        "path \(spec.name): port 22 of \(instance.instance.name) is the ssh probe's port; use another port or probe: forwarded"
                    )
                }
            }
        }
    }

    /// Plans one path against what exists. `customData` is the forwarders' cloud-init (scale sets).
    public static func plan(_ spec: DataFactoryPathSpec, state: DataFactoryPathState, customData: String?)
        -> DataFactoryPathPlan.Path
    {
        var planner = PathPlanner(spec: spec, state: state, customData: customData)
        planner.run()
        return DataFactoryPathPlan.Path(
            name: spec.name, changes: planner.changes, findings: planner.findings, linkedServices: planner.hosts)
    }

    /// The Private Link Service connection a managed private endpoint stands behind: the one whose
    /// private endpoint is named `<factory>.<endpoint>` (as Data Factory names them), else the only
    /// Pending one whose endpoint or request names the factory.
    public static func connection(
        for endpoint: ResourceID, factory: ResourceID, in connections: [PrivateLinkServiceConnection]
    ) -> PrivateLinkServiceConnection? {
        let wanted = "\(factory.name).\(endpoint.name)".lowercased()
        if let exact = connections.first(where: {
            (try? $0.properties?.privateEndpoint?.parsedID().name.lowercased()) == wanted
        }) {
            return exact
        }
        let candidates = connections.filter { connection in
            let state = connection.properties?.privateLinkServiceConnectionState
            let endpointName = (try? connection.properties?.privateEndpoint?.parsedID().name) ?? ""
            let mentions =
                endpointName.lowercased().contains(factory.name.lowercased())
                || (state?.description ?? "").lowercased().contains(factory.name.lowercased())
            return state?.status == .pending && mentions
        }
        return candidates.count == 1 ? candidates[0] : nil
    }
}

/// Defaults the planner needs outside the spec type.
enum DataFactorySpecDefaults {
    static let sshPort = DataFactoryPathSpec.Defaults.sshPort
}

/// The state of one path's planning.
private struct PathPlanner {
    let spec: DataFactoryPathSpec
    let state: DataFactoryPathState
    let customData: String?
    let bodies: DataFactoryPathBodies
    var changes: [DataFactoryPathChange] = []
    var findings: [Finding] = []
    var hosts: [LinkedServiceHost] = []

    init(spec: DataFactoryPathSpec, state: DataFactoryPathState, customData: String?) {
        self.spec = spec
        self.state = state
        self.customData = customData
        self.bodies = DataFactoryPathBodies(spec)
    }

    mutating func error(_ code: String, _ message: String, _ resource: ResourceID?) {
        findings.append(Finding(severity: .error, code: code, message: message, resource: resource?.path))
    }

    mutating func add(
        _ kind: DataFactoryPathChange.Kind, _ action: DataFactoryPathChange.Action, _ resource: ResourceID,
        method: String = "PUT", apiVersion: String, body: ARMDocument?, etag: String? = nil,
        differences: [FieldDifference] = [], endpoint: ResourceID? = nil, message: String
    ) {
        changes.append(
            DataFactoryPathChange(
                path: spec.name, kind: kind, action: action, resource: resource, method: method, apiVersion: apiVersion,
                body: body, etag: etag, differences: differences, managedPrivateEndpoint: endpoint, message: message))
    }

    mutating func run() {
        planInstances()
        planSubnets()
        planResource(
            .loadBalancer, bodies.loadBalancerID, desired: try? ARMDocument(encoding: bodies.loadBalancer),
            current: state.loadBalancer, apiVersion: LoadBalancer.apiVersion,
            what:
                "Standard internal load balancer \(spec.loadBalancer) (\(spec.instances.map { "\($0.port) → \($0.instance.name)" }.joined(separator: ", ")))"
        )
        if let sku = state.loadBalancer?["sku"]?["name"]?.string, sku.lowercased() != "standard" {
            error(
                DataFactoryPathFindingCode.loadBalancerSku,
                "load balancer \(spec.loadBalancer) is a \(sku) load balancer; a Private Link Service needs Standard and a load balancer's SKU cannot be changed in place: delete it or name another load balancer in path \(spec.name)",
                bodies.loadBalancerID)
        }
        planForwarders()
        planResource(
            .privateLinkService, bodies.privateLinkServiceID,
            desired: try? ARMDocument(encoding: bodies.privateLinkService),
            current: state.privateLinkService, apiVersion: PrivateLinkService.apiVersion,
            what: "Private Link Service \(spec.privateLinkService) on the load balancer's frontend")
        planDataFactory()
    }

    /// A resource pe-net owns whole: create it, or update the fields that differ.
    mutating func planResource(
        _ kind: DataFactoryPathChange.Kind, _ id: ResourceID, desired: ARMDocument?, current: ARMDocument?,
        apiVersion: String, what: String, ignoring: Set<String> = []
    ) {
        guard let desired else { return }
        guard let current else {
            add(kind, .create, id, apiVersion: apiVersion, body: desired, message: "create \(what)")
            return
        }
        let differences = DocumentDiff.differences(desired: desired, current: current).filter {
            !ignoring.contains($0.field)
        }
        guard !differences.isEmpty else { return }
        add(
            kind, .update, id, apiVersion: apiVersion, body: desired, etag: current["etag"]?.string,
            differences: differences,
            message: "update \(what): \(differences.map(\.field).joined(separator: ", "))")
    }

    mutating func planInstances() {
        for entry in spec.instances {
            let id = entry.instance
            guard let instance = state.instances[id] else {
                error(
                    DataFactoryPathFindingCode.instanceMissing,
                    "managed instance \(id.name) was not found (\(id.path)); check the id in path \(spec.name)", id)
                continue
            }
            if let fqdn = entry.fqdn ?? instance.properties?.fullyQualifiedDomainName {
                hosts.append(LinkedServiceHost(path: spec.name, instance: id, host: fqdn, port: entry.port))
            } else {
                error(
                    DataFactoryPathFindingCode.instanceFQDN,
                    "managed instance \(id.name) shows no fullyQualifiedDomainName; give `fqdn` for it in path \(spec.name)",
                    id)
            }
            let current = instance.properties?.proxyOverride
            guard current != .proxy else { continue }
            let shown = current?.rawValue ?? "Default"
            if spec.allowConnectionTypeChange {
                add(
                    .connectionType, .update, id, method: "PATCH", apiVersion: ManagedInstance.apiVersion,
                    body: try? ARMDocument(encoding: ManagedInstance.connectionTypeUpdate(.proxy)),
                    differences: [FieldDifference(field: "properties.proxyOverride", current: shown, desired: "Proxy")],
                    message:
                        "set the connection type of managed instance \(id.name) from \(shown) to Proxy (waits for the instance update)"
                )
            } else {
                error(
                    DataFactoryPathFindingCode.connectionType,
                    "managed instance \(id.name) uses the \(shown) connection type; the Data Factory path needs Proxy (Redirect sends clients to ports 11000-11999 the forwarders do not carry). Fix: set allowConnectionTypeChange: true in path \(spec.name), or run: az sql mi update -g \(id.resourceGroup) -n \(id.name) --subscription \(id.subscription) --proxy-override Proxy",
                    id)
            }
        }
    }

    mutating func planSubnets() {
        guard state.virtualNetworkExists else {
            error(
                DataFactoryPathFindingCode.vnetMissing,
                "virtual network \(spec.virtualNetwork.name) was not found (\(spec.virtualNetwork.path)); path \(spec.name) needs it",
                spec.virtualNetwork)
            return
        }
        let all = [spec.subnets.frontend, spec.subnets.backend, spec.subnets.privateLinkService]
        var seen: Set<String> = []
        var missing: [String] = []
        for subnet in all where seen.insert(subnet.name.lowercased()).inserted {
            let id = bodies.subnetID(subnet)
            let isPLS = subnet.name.lowercased() == spec.subnets.privateLinkService.name.lowercased()
            guard let current = state.subnets[subnet.name.lowercased()] else {
                if let prefix = subnet.addressPrefix {
                    var body = bodies.newSubnet(subnet, prefix: prefix)
                    if isPLS { body["properties"]?["privateLinkServiceNetworkPolicies"] = "Disabled" }
                    add(
                        .subnet, .create, id, apiVersion: Subnet.apiVersion, body: body,
                        message: "create subnet \(subnet.name) (\(prefix)) in \(spec.virtualNetwork.name)"
                            + (isPLS ? " with Private Link Service network policies disabled" : ""))
                } else {
                    missing.append(subnet.name)
                }
                continue
            }
            let policy = current["properties"]?["privateLinkServiceNetworkPolicies"]?.string ?? "Enabled"
            guard isPLS, policy.lowercased() != "disabled" else { continue }
            var body = current
            body["properties"]?["privateLinkServiceNetworkPolicies"] = "Disabled"
            add(
                .subnet, .update, id, apiVersion: Subnet.apiVersion, body: body, etag: current["etag"]?.string,
                differences: [
                    FieldDifference(
                        field: "properties.privateLinkServiceNetworkPolicies", current: policy, desired: "Disabled")
                ],
                message: "disable Private Link Service network policies on subnet \(subnet.name)")
        }
        if !missing.isEmpty {
            error(
                DataFactoryPathFindingCode.subnetMissing,
                "subnet(s) \(missing.joined(separator: ", ")) missing in virtual network \(spec.virtualNetwork.name); create them, or give addressPrefix for them in path \(spec.name) and pe-net creates them",
                spec.virtualNetwork)
        }
    }

    mutating func planForwarders() {
        let pool = bodies.backendPoolID
        switch spec.forwarders {
        case .networkInterfaces(let nics):
            for nic in nics {
                guard let current = state.networkInterfaces[nic] else {
                    error(
                        DataFactoryPathFindingCode.nicMissing,
                        "network interface \(nic.name) was not found (\(nic.path)); list the forwarders' NICs in path \(spec.name)",
                        nic)
                    continue
                }
                var configs = current["properties"]?["ipConfigurations"]?.array ?? []
                let joined = configs.contains { config in
                    (config["properties"]?["loadBalancerBackendAddressPools"]?.array ?? []).contains {
                        $0["id"]?.string?.lowercased() == pool.normalized
                    }
                }
                guard !joined, !configs.isEmpty else { continue }
                let index = configs.firstIndex { $0["properties"]?["primary"] == .bool(true) } ?? 0
                var pools = configs[index]["properties"]?["loadBalancerBackendAddressPools"]?.array ?? []
                pools.append(.object(["id": .string(pool.path)]))
                configs[index]["properties"]?["loadBalancerBackendAddressPools"] = .array(pools)
                var body = current
                body["properties"]?["ipConfigurations"] = .array(configs)
                let config = configs[index]["name"]?.string ?? "ipconfig"
                add(
                    .networkInterface, .update, nic, apiVersion: NetworkInterface.apiVersion, body: body,
                    etag: current["etag"]?.string,
                    differences: [
                        FieldDifference(
                            field: "properties.ipConfigurations[\(config)].properties.loadBalancerBackendAddressPools",
                            current: nil, desired: pool.path)
                    ],
                    message:
                        "join network interface \(nic.name) (\(config)) to the backend pool of \(spec.loadBalancer)")
            }
        case .scaleSet(let set):
            guard let id = bodies.scaleSetID else { return }
            if customData == nil {
                findings.append(
                    Finding(
                        severity: .warning, code: DataFactoryPathFindingCode.cloudInitUnread,
                        message:
                            "scale set \(set.name) gets no cloud-init: its VMs will not forward until `pe-net fwd apply` runs on each",
                        resource: id.path))
            }
            var desired = try? ARMDocument(encoding: bodies.scaleSet(set, customData: customData))
            // Compute never returns customData: the tag carries its digest instead.
            desired?["properties"]?["virtualMachineProfile"]?["osProfile"]?["customData"] = nil
            let body = try? ARMDocument(encoding: bodies.scaleSet(set, customData: customData))
            guard let desired else { return }
            guard let current = state.scaleSet else {
                add(
                    .scaleSet, .create, id, apiVersion: VirtualMachineScaleSet.apiVersion, body: body,
                    message: "create forwarder scale set \(set.name) (\(set.capacity) × \(set.sku)) in the backend pool"
                )
                return
            }
            let differences = DocumentDiff.differences(desired: desired, current: current)
            guard !differences.isEmpty else { return }
            add(
                .scaleSet, .update, id, apiVersion: VirtualMachineScaleSet.apiVersion, body: body,
                etag: current["etag"]?.string, differences: differences,
                message: "update forwarder scale set \(set.name): \(differences.map(\.field).joined(separator: ", "))")
        }
    }

    mutating func planDataFactory() {
        guard let factory = spec.dataFactory, let endpoint = bodies.managedPrivateEndpointID else { return }
        guard state.factoryExists else {
            error(
                DataFactoryPathFindingCode.factoryMissing,
                "data factory \(factory.name) was not found (\(factory.path)); check dataFactory in path \(spec.name)",
                factory)
            return
        }
        guard state.managedVirtualNetworkExists else {
            error(
                DataFactoryPathFindingCode.managedVnetMissing,
                "data factory \(factory.name) has no managed virtual network 'default'; create an Azure integration runtime with a managed virtual network in the factory, then plan again",
                factory)
            return
        }
        let fqdns = hosts.map(\.host)
        let desired = try? ARMDocument(encoding: bodies.managedPrivateEndpoint(fqdns: fqdns))
        planResource(
            .managedPrivateEndpoint, endpoint, desired: desired, current: state.managedPrivateEndpoint,
            apiVersion: ManagedPrivateEndpoint.apiVersion,
            what:
                "managed private endpoint \(spec.managedPrivateEndpoint) in data factory \(factory.name) (\(fqdns.joined(separator: ", ")))"
        )
        let approve = {
            (planner: inout PathPlanner, connection: ResourceID?) in
            planner.add(
                .connection, .approve, connection ?? planner.bodies.privateLinkServiceID,
                apiVersion: PrivateLinkServiceConnection.apiVersion, body: nil, endpoint: endpoint,
                message:
                    "approve the connection of managed private endpoint \(planner.spec.managedPrivateEndpoint) on Private Link Service \(planner.spec.privateLinkService)"
            )
        }
        guard state.managedPrivateEndpoint != nil else {
            approve(&self, nil)
            return
        }
        guard
            let connection = DataFactoryPathPlanner.connection(
                for: endpoint, factory: factory, in: state.connections)
        else {
            // The endpoint exists but its connection is not on this service (yet): approve once it shows.
            approve(&self, nil)
            return
        }
        let status = connection.properties?.privateLinkServiceConnectionState?.status
        switch status {
        case .approved?:
            return
        case .pending?:
            approve(&self, connection.resourceID)
        default:
            error(
                DataFactoryPathFindingCode.connectionRefused,
                "the connection of managed private endpoint \(spec.managedPrivateEndpoint) on \(spec.privateLinkService) is \(status.map { "\($0)" } ?? "in an unknown state") and cannot be approved; delete the managed private endpoint in data factory \(factory.name) and apply again",
                connection.resourceID)
        }
    }
}
