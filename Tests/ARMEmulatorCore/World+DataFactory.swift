import Foundation

/// The resources of the Data Factory path, with the semantics the official examples pin: subnets
/// (and their Private Link Service network policies), Standard internal load balancers with child
/// frontends, pools, probes and rules (every reference checked), NICs and scale sets joining
/// backend pools (the pools' read-only `backendIPConfigurations` follow), Private Link Services
/// and their connections, Data Factory managed private endpoints (creating one makes a Pending
/// connection appear on the Private Link Service it names) and managed instance PATCH of
/// `proxyOverride`.
extension World {
    /// Checks and completes a PUT body of a Data Factory path type; nil when it may be stored.
    func shapeDataFactoryPathPut(_ path: ResourcePath, doc: inout JSON, properties: inout JSON, existing: JSON?)
        -> Reply?
    {
        switch path.typeKey {
        case TypeRules.subnet: return shapeSubnet(path, properties: &properties)
        case TypeRules.loadBalancer:
            return shapeLoadBalancer(path, doc: &doc, properties: &properties, existing: existing)
        case TypeRules.networkInterface: return shapeNetworkInterface(path, properties: &properties)
        case TypeRules.privateLinkService:
            return shapePrivateLinkService(path, properties: &properties, existing: existing)
        case TypeRules.scaleSet: return shapeScaleSet(path, doc: &doc, properties: &properties)
        case TypeRules.managedPrivateEndpoint: return shapeManagedPrivateEndpoint(path, properties: &properties)
        default: return nil
        }
    }

    /// Side effects of a stored PUT: a subnet shows in its vnet, pools list their members, a managed
    /// private endpoint's connection appears on its Private Link Service.
    func didPutDataFactoryPathResource(_ path: ResourcePath) {
        switch path.typeKey {
        case TypeRules.subnet: syncVirtualNetworkSubnets(path)
        case TypeRules.loadBalancer, TypeRules.networkInterface, TypeRules.scaleSet: refreshBackendPools()
        case TypeRules.managedPrivateEndpoint: requestPrivateLinkServiceConnection(path)
        default: break
        }
    }

    /// Side effects of a removal.
    func didRemoveDataFactoryPathResource(_ path: ResourcePath, doc: JSON) {
        switch path.typeKey {
        case TypeRules.subnet: syncVirtualNetworkSubnets(path)
        case TypeRules.networkInterface, TypeRules.scaleSet: refreshBackendPools()
        case TypeRules.managedPrivateEndpoint:
            if let connection = connectionOf(managedPrivateEndpoint: path, doc: doc) { remove(connection) }
        case TypeRules.privateLinkServiceConnection:
            syncManagedPrivateEndpoints(connection: path, status: "Disconnected")
        default: break
        }
    }

    /// Managed instance PATCH: `proxyOverride` takes Proxy, Redirect or Default only.
    func validateInstancePatch(_ path: ResourcePath, body: JSON) -> Reply? {
        guard path.typeKey == TypeRules.managedInstance, let value = body["properties"]?["proxyOverride"] else {
            return nil
        }
        let allowed = ["proxy", "redirect", "default"]
        guard let text = value.string, allowed.contains(text.lowercased()) else {
            return .error(
                400, "InvalidParameterValue",
                "Invalid value given for parameter proxyOverride. Specify a valid parameter value: Proxy, Redirect or Default."
            )
        }
        return nil
    }

    // MARK: Lookups

    /// A document by id, stored or embedded in its parent.
    func document(_ id: String) -> JSON? {
        guard let path = ResourcePath(id: id) else { return nil }
        if let stored = resources[path.key] { return stored.doc }
        guard let parent = path.parent else { return nil }
        return inlineChildren(of: parent, type: path.segments[path.segments.count - 1].type)
            .first { $0.0 == path.key }?.1
    }

    static func invalidReference(_ reference: String, by owner: String) -> Reply {
        .error(
            400, "InvalidResourceReference",
            "Resource \(reference) referenced by resource \(owner) was not found. Please make sure that the referenced resource exists, and that both resources are in the same region."
        )
    }

    /// Every `{"id": ...}` a list of objects holds under `field`.
    static func referencedIDs(_ items: [JSON], field: String) -> [String] {
        items.compactMap { $0["properties"]?[field]?["id"]?.string }
    }

    // MARK: Subnets

    private func shapeSubnet(_ path: ResourcePath, properties: inout JSON) -> Reply? {
        let prefixes =
            [properties["addressPrefix"]?.string].compactMap { $0 }
            + (properties["addressPrefixes"]?.array?.compactMap(\.string) ?? [])
        guard !prefixes.isEmpty else {
            return .error(
                400, "InvalidRequestFormat",
                "Cannot parse the request: subnet '\(path.name)' needs properties.addressPrefix or properties.addressPrefixes."
            )
        }
        guard let vnet = path.parent, let vnetDoc = resources[vnet.key]?.doc else { return nil }
        let space = vnetDoc["properties"]?["addressSpace"]?["addressPrefixes"]?.array?.compactMap(\.string) ?? []
        for prefix in prefixes {
            guard let range = IPv4Range(prefix) else {
                return .error(
                    400, "InvalidAddressPrefixFormat", "Address prefix \(prefix) of subnet '\(path.name)' is not valid."
                )
            }
            let spaces = space.compactMap(IPv4Range.init)
            if !spaces.isEmpty, !spaces.contains(where: { $0.contains(range) }) {
                return .error(
                    400, "NetcfgSubnetRangeOutsideVnet",
                    "Subnet '\(path.name)' is not valid because its IP address range is outside the IP address range of virtual network '\(vnet.name)'."
                )
            }
            let siblings = (vnetDoc["properties"]?["subnets"]?.array ?? []).filter {
                $0["name"]?.string?.lowercased() != path.name.lowercased()
            }
            for sibling in siblings {
                let theirs =
                    [sibling["properties"]?["addressPrefix"]?.string].compactMap { $0 }
                    + (sibling["properties"]?["addressPrefixes"]?.array?.compactMap(\.string) ?? [])
                if let other = theirs.compactMap(IPv4Range.init).first(where: { $0.overlaps(range) }) {
                    return .error(
                        400, "NetcfgSubnetRangesOverlap",
                        "Subnet '\(path.name)' is not valid because its IP address range overlaps with that of an existing subnet '\(sibling["name"]?.string ?? "")' (\(other.text)) in virtual network '\(vnet.name)'."
                    )
                }
            }
        }
        if properties["privateEndpointNetworkPolicies"] == nil {
            properties["privateEndpointNetworkPolicies"] = "Disabled"
        }
        if properties["privateLinkServiceNetworkPolicies"] == nil {
            properties["privateLinkServiceNetworkPolicies"] = "Enabled"
        }
        return nil
    }

    /// Keeps the vnet's embedded `subnets` in step with the subnet documents.
    private func syncVirtualNetworkSubnets(_ subnet: ResourcePath) {
        guard let vnet = subnet.parent, var stored = resources[vnet.key], stored.doc["properties"]?.isObject == true
        else { return }
        var items = (stored.doc["properties"]?["subnets"]?.array ?? []).filter {
            $0["name"]?.string?.lowercased() != subnet.name.lowercased()
        }
        if let doc = resources[subnet.key]?.doc { items.append(doc) }
        stored.doc["properties"]?["subnets"] = .array(items)
        resources[vnet.key] = stored
    }

    // MARK: Load balancers

    private static let loadBalancerChildren = [
        "frontendIPConfigurations", "backendAddressPools", "probes", "loadBalancingRules", "inboundNatRules",
    ]

    private func shapeLoadBalancer(_ path: ResourcePath, doc: inout JSON, properties: inout JSON, existing: JSON?)
        -> Reply?
    {
        if doc["sku"] == nil { doc["sku"] = .object(["name": "Basic", "tier": "Regional"]) }
        if doc["sku"]?["tier"] == nil { doc["sku"]?["tier"] = "Regional" }
        var known: Set<String> = []
        for field in Self.loadBalancerChildren {
            for item in properties[field]?.array ?? [] {
                guard let name = item["name"]?.string, !name.isEmpty else {
                    return .error(
                        400, "InvalidRequestFormat", "Every item of properties.\(field) of '\(path.name)' needs a name."
                    )
                }
                known.insert("\(path.key)/\(field.lowercased())/\(name.lowercased())")
            }
        }
        let frontends = properties["frontendIPConfigurations"]?.array ?? []
        for frontend in frontends {
            let owner = "\(path.id)/frontendIPConfigurations/\(frontend["name"]?.string ?? "")"
            if let subnet = frontend["properties"]?["subnet"]?["id"]?.string, document(subnet) == nil {
                return Self.invalidReference(subnet, by: owner)
            }
        }
        for field in ["loadBalancingRules", "inboundNatRules"] {
            for rule in properties[field]?.array ?? [] {
                let owner = "\(path.id)/\(field)/\(rule["name"]?.string ?? "")"
                for reference in ["frontendIPConfiguration", "backendAddressPool", "probe"] {
                    guard let id = rule["properties"]?[reference]?["id"]?.string else { continue }
                    if !known.contains(id.lowercased()) { return Self.invalidReference(id, by: owner) }
                }
                if field == "loadBalancingRules", rule["properties"]?["frontendIPConfiguration"] == nil {
                    return .error(
                        400, "InvalidRequestFormat", "Load balancing rule \(owner) needs a frontendIPConfiguration.")
                }
            }
        }
        // Complete the children: ids, types, etags, provisioning states and Azure's defaults.
        let oldFrontends = existing?["properties"]?["frontendIPConfigurations"]?.array ?? []
        for field in Self.loadBalancerChildren {
            guard var items = properties[field]?.array else { continue }
            for index in items.indices {
                let name = items[index]["name"]?.string ?? ""
                items[index]["id"] = .string("\(path.id)/\(field)/\(name)")
                items[index]["type"] = .string("Microsoft.Network/loadBalancers/\(field)")
                items[index]["etag"] = .string(TypeRules.newETag(path.typeKey))
                if items[index]["properties"] == nil { items[index]["properties"] = .object([:]) }
                items[index]["properties"]?["provisioningState"] = "Succeeded"
                switch field {
                case "frontendIPConfigurations":
                    let old = oldFrontends.first { $0["name"]?.string?.lowercased() == name.lowercased() }
                    if items[index]["properties"]?["privateIPAllocationMethod"] == nil {
                        items[index]["properties"]?["privateIPAllocationMethod"] = "Dynamic"
                    }
                    if items[index]["properties"]?["privateIPAddress"] == nil,
                        let address = old?["properties"]?["privateIPAddress"]
                            ?? allocateAddress(in: items[index]["properties"]?["subnet"]?["id"]?.string, offset: index)
                    {
                        items[index]["properties"]?["privateIPAddress"] = address
                    }
                    if items[index]["properties"]?["privateIPAddressVersion"] == nil {
                        items[index]["properties"]?["privateIPAddressVersion"] = "IPv4"
                    }
                case "loadBalancingRules":
                    let defaults: [(String, JSON)] = [
                        ("idleTimeoutInMinutes", 4), ("enableFloatingIP", false), ("enableTcpReset", false),
                        ("disableOutboundSnat", false), ("loadDistribution", "Default"),
                        ("enableConnectionTracking", false),
                    ]
                    for (key, value) in defaults where items[index]["properties"]?[key] == nil {
                        items[index]["properties"]?[key] = value
                    }
                case "probes":
                    let defaults: [(String, JSON)] = [
                        ("intervalInSeconds", 15), ("numberOfProbes", 2), ("probeThreshold", 1),
                    ]
                    for (key, value) in defaults where items[index]["properties"]?[key] == nil {
                        items[index]["properties"]?[key] = value
                    }
                default:
                    break
                }
            }
            properties[field] = .array(items)
        }
        // Back references: which rules use each frontend, pool and probe.
        for field in ["frontendIPConfigurations", "backendAddressPools", "probes"] {
            guard var items = properties[field]?.array else { continue }
            let reference =
                [
                    "frontendIPConfigurations": "frontendIPConfiguration", "backendAddressPools": "backendAddressPool",
                    "probes": "probe",
                ][field] ?? ""
            for index in items.indices {
                let id = items[index]["id"]?.string?.lowercased()
                let users = (properties["loadBalancingRules"]?.array ?? []).filter {
                    $0["properties"]?[reference]?["id"]?.string?.lowercased() == id
                }
                if users.isEmpty {
                    items[index]["properties"]?["loadBalancingRules"] = nil
                } else {
                    items[index]["properties"]?["loadBalancingRules"] = .array(
                        users.map { .object(["id": $0["id"] ?? .null]) })
                }
            }
            properties[field] = .array(items)
        }
        if properties["resourceGuid"] == nil {
            properties["resourceGuid"] =
                existing?["properties"]?["resourceGuid"] ?? .string(UUID().uuidString.lowercased())
        }
        return nil
    }

    /// A dynamic address for the `offset`-th frontend of a subnet: the subnet's fifth address on
    /// (Azure keeps the first four).
    private func allocateAddress(in subnetID: String?, offset: Int) -> JSON? {
        guard let subnetID, let subnet = document(subnetID),
            let prefix = subnet["properties"]?["addressPrefix"]?.string
                ?? subnet["properties"]?["addressPrefixes"]?.array?.first?.string,
            let range = IPv4Range(prefix)
        else { return nil }
        return .string(IPv4Range.format(range.base &+ UInt32(4 + offset)))
    }

    /// Recomputes every pool's `backendIPConfigurations` from the NICs and scale sets that name it.
    private func refreshBackendPools() {
        var members: [String: [String]] = [:]
        for (_, stored) in resources {
            guard let id = stored.doc["id"]?.string, let path = ResourcePath(id: id) else { continue }
            if path.typeKey == TypeRules.networkInterface {
                for config in stored.doc["properties"]?["ipConfigurations"]?.array ?? [] {
                    let configID = config["id"]?.string ?? "\(path.id)/ipConfigurations/\(config["name"]?.string ?? "")"
                    for pool in config["properties"]?["loadBalancerBackendAddressPools"]?.array ?? [] {
                        if let pool = pool["id"]?.string?.lowercased() { members[pool, default: []].append(configID) }
                    }
                }
            } else if path.typeKey == TypeRules.scaleSet {
                var capacity = 0
                if case .int(let count) = stored.doc["sku"]?["capacity"] ?? .null { capacity = Int(count) }
                let nics =
                    stored.doc["properties"]?["virtualMachineProfile"]?["networkProfile"]?[
                        "networkInterfaceConfigurations"]?.array ?? []
                for nic in nics {
                    for config in nic["properties"]?["ipConfigurations"]?.array ?? [] {
                        for pool in config["properties"]?["loadBalancerBackendAddressPools"]?.array ?? [] {
                            guard let pool = pool["id"]?.string?.lowercased() else { continue }
                            for instance in 0..<max(0, capacity) {
                                members[pool, default: []].append(
                                    "\(path.id)/virtualMachines/\(instance)/networkInterfaces/\(nic["name"]?.string ?? "")/ipConfigurations/\(config["name"]?.string ?? "")"
                                )
                            }
                        }
                    }
                }
            }
        }
        for (key, stored) in resources where stored.doc["type"]?.string?.lowercased() == TypeRules.loadBalancer {
            guard var pools = stored.doc["properties"]?["backendAddressPools"]?.array else { continue }
            for index in pools.indices {
                let id = pools[index]["id"]?.string?.lowercased() ?? ""
                let list = members[id] ?? []
                pools[index]["properties"]?["backendIPConfigurations"] =
                    list.isEmpty ? nil : .array(list.sorted().map { .object(["id": .string($0)]) })
            }
            resources[key]?.doc["properties"]?["backendAddressPools"] = .array(pools)
        }
    }

    /// Pools named by a NIC or scale set IP configuration must exist, and so must its subnet.
    private func checkMembership(_ configs: [JSON], owner: String) -> Reply? {
        for config in configs {
            let configOwner = "\(owner)/ipConfigurations/\(config["name"]?.string ?? "")"
            if let subnet = config["properties"]?["subnet"]?["id"]?.string, document(subnet) == nil {
                return Self.invalidReference(subnet, by: configOwner)
            }
            for pool in config["properties"]?["loadBalancerBackendAddressPools"]?.array ?? [] {
                guard let id = pool["id"]?.string else { continue }
                if document(id) == nil { return Self.invalidReference(id, by: configOwner) }
            }
        }
        return nil
    }

    // MARK: NICs and scale sets

    private func shapeNetworkInterface(_ path: ResourcePath, properties: inout JSON) -> Reply? {
        guard var configs = properties["ipConfigurations"]?.array, !configs.isEmpty else {
            return .error(
                400, "NetworkInterfaceMustHaveAtLeastOneIpConfiguration",
                "Network interface \(path.id) must have one or more IP configurations.")
        }
        if let refused = checkMembership(configs, owner: path.id) { return refused }
        for index in configs.indices {
            configs[index]["id"] = .string("\(path.id)/ipConfigurations/\(configs[index]["name"]?.string ?? "")")
            if configs[index]["properties"] != nil { configs[index]["properties"]?["provisioningState"] = "Succeeded" }
        }
        properties["ipConfigurations"] = .array(configs)
        return nil
    }

    private func shapeScaleSet(_ path: ResourcePath, doc: inout JSON, properties: inout JSON) -> Reply? {
        guard case .int(let capacity) = doc["sku"]?["capacity"] ?? .null, capacity >= 0, doc["sku"]?["name"] != nil
        else {
            return .error(
                400, "InvalidParameter", "The scale set '\(path.name)' needs sku.name and a non-negative sku.capacity.")
        }
        let nics =
            properties["virtualMachineProfile"]?["networkProfile"]?["networkInterfaceConfigurations"]?.array ?? []
        for nic in nics {
            let owner = "\(path.id)/networkInterfaceConfigurations/\(nic["name"]?.string ?? "")"
            if let refused = checkMembership(nic["properties"]?["ipConfigurations"]?.array ?? [], owner: owner) {
                return refused
            }
        }
        // Compute never returns secrets or custom data.
        properties["virtualMachineProfile"]?["osProfile"]?["customData"] = nil
        properties["virtualMachineProfile"]?["osProfile"]?["adminPassword"] = nil
        if properties["uniqueId"] == nil { properties["uniqueId"] = .string(UUID().uuidString.lowercased()) }
        return nil
    }

    // MARK: Private Link Services

    private func shapePrivateLinkService(_ path: ResourcePath, properties: inout JSON, existing: JSON?) -> Reply? {
        let frontends = properties["loadBalancerFrontendIpConfigurations"]?.array ?? []
        guard !frontends.isEmpty else {
            return .error(
                400, "PrivateLinkServiceMustHaveLoadBalancerFrontendIpConfiguration",
                "Private link service \(path.id) must reference at least one load balancer frontend IP configuration.")
        }
        for frontend in frontends {
            guard let id = frontend["id"]?.string, document(id) != nil else {
                return Self.invalidReference(frontend["id"]?.string ?? "(no id)", by: path.id)
            }
        }
        guard var configs = properties["ipConfigurations"]?.array, !configs.isEmpty else {
            return .error(
                400, "PrivateLinkServiceMustHaveIpConfiguration",
                "Private link service \(path.id) must have at least one IP configuration.")
        }
        for index in configs.indices {
            let owner = "\(path.id)/ipConfigurations/\(configs[index]["name"]?.string ?? "")"
            guard let subnetID = configs[index]["properties"]?["subnet"]?["id"]?.string, let subnet = document(subnetID)
            else {
                return Self.invalidReference(
                    configs[index]["properties"]?["subnet"]?["id"]?.string ?? "(no subnet)", by: owner)
            }
            if subnet["properties"]?["privateLinkServiceNetworkPolicies"]?.string?.lowercased() != "disabled" {
                return .error(
                    400, "PrivateLinkServiceCannotBeCreatedInSubnetThatHasNetworkPoliciesEnabled",
                    "Private link service \(path.id) cannot be created in subnet \(subnetID) since it has private link service network policies enabled."
                )
            }
            configs[index]["id"] = .string(owner)
            if configs[index]["properties"]?["privateIPAllocationMethod"] == nil {
                configs[index]["properties"]?["privateIPAllocationMethod"] = "Dynamic"
            }
        }
        properties["ipConfigurations"] = .array(configs)
        // Read-only: connections come from consumers, the alias and NIC from the service.
        properties["privateEndpointConnections"] = existing?["properties"]?["privateEndpointConnections"] ?? .array([])
        let location = "eastus"
        properties["alias"] =
            existing?["properties"]?["alias"]
            ?? .string("\(path.name).\(UUID().uuidString.lowercased()).\(location).azure.privatelinkservice")
        properties["networkInterfaces"] =
            existing?["properties"]?["networkInterfaces"]
            ?? .array([
                .object([
                    "id": .string(
                        "/subscriptions/\(path.subscription)/resourceGroups/\(path.resourceGroup)/providers/Microsoft.Network/networkInterfaces/\(path.name).nic.\(UUID().uuidString.prefix(8).lowercased())"
                    )
                ])
            ])
        if properties["enableProxyProtocol"] == nil { properties["enableProxyProtocol"] = false }
        return nil
    }

    // MARK: Data Factory managed private endpoints

    /// The subscription Data Factory's managed private endpoints live in (Microsoft's, not the user's).
    static let dataFactoryManagedSubscription = "9a8f1a7c-0000-4000-8000-adf000000000"

    private func shapeManagedPrivateEndpoint(_ path: ResourcePath, properties: inout JSON) -> Reply? {
        guard let target = properties["privateLinkResourceId"]?.string, let targetPath = ResourcePath(id: target) else {
            return .error(
                400, "InvalidPropertyValue",
                "The managed private endpoint '\(path.name)' needs properties.privateLinkResourceId (an ARM resource id)."
            )
        }
        if targetPath.typeKey == TypeRules.privateLinkService, resources[targetPath.key] == nil {
            return .error(
                400, "PrivateLinkResourceNotFound",
                "The private link resource '\(target)' of managed private endpoint '\(path.name)' was not found.")
        }
        if properties["fqdns"] == nil { properties["fqdns"] = .array([]) }
        let status = connectionOf(managedPrivateEndpoint: path, doc: nil).flatMap {
            resources[$0.key]?.doc["properties"]?["privateLinkServiceConnectionState"]?["status"]
        }
        properties["connectionState"] = .object([
            "status": status ?? "Pending", "description": "", "actionsRequired": "None",
        ])
        return nil
    }

    /// The consumer-side private endpoint Data Factory creates for a managed private endpoint.
    private func managedEndpointID(_ mpe: ResourcePath) -> String {
        let factory = mpe.segments[0].name
        return
            "/subscriptions/\(Self.dataFactoryManagedSubscription)/resourceGroups/adf-managed-\(mpe.subscription.prefix(8))/providers/Microsoft.Network/privateEndpoints/\(factory).\(mpe.name)"
    }

    /// The Private Link Service connection a managed private endpoint stands behind.
    private func connectionOf(managedPrivateEndpoint mpe: ResourcePath, doc: JSON?) -> ResourcePath? {
        guard let target = (doc ?? resources[mpe.key]?.doc)?["properties"]?["privateLinkResourceId"]?.string,
            let service = ResourcePath(id: target), service.typeKey == TypeRules.privateLinkService
        else { return nil }
        return try? service.child(type: "privateEndpointConnections", name: "\(mpe.segments[0].name).\(mpe.name)")
    }

    /// A new managed private endpoint asks its Private Link Service for a connection (Pending).
    private func requestPrivateLinkServiceConnection(_ mpe: ResourcePath) {
        guard let connection = connectionOf(managedPrivateEndpoint: mpe, doc: nil), resources[connection.key] == nil,
            let service = connection.parent, resources[service.key] != nil
        else { return }
        let doc: JSON = .object([
            "id": .string(connection.id), "name": .string(connection.name),
            "type": "Microsoft.Network/privateLinkServices/privateEndpointConnections",
            "etag": .string(TypeRules.newETag(connection.typeKey)),
            "properties": .object([
                "privateEndpoint": .object(["id": .string(managedEndpointID(mpe))]),
                "privateLinkServiceConnectionState": .object([
                    "status": "Pending",
                    "description": .string(
                        "Requested by Data Factory \(mpe.segments[0].name), managed private endpoint \(mpe.name)"),
                    "actionsRequired": "None",
                ]),
                "linkIdentifier": .string(String(Int.random(in: 100_000_000...999_999_999))),
                "provisioningState": "Succeeded",
            ]),
        ])
        resources[connection.key] = Stored(doc: doc, etag: doc["etag"]?.string ?? "")
        syncInstanceSummary(connection, connection: doc)
    }

    /// Mirrors a Private Link Service connection's status on the managed private endpoint behind it.
    func syncManagedPrivateEndpoints(connection: ResourcePath, status: String) {
        guard connection.typeKey == TypeRules.privateLinkServiceConnection else { return }
        for (key, stored) in resources
        where stored.doc["type"]?.string?.lowercased() == TypeRules.managedPrivateEndpoint {
            guard let path = ResourcePath(id: key),
                connectionOf(managedPrivateEndpoint: path, doc: stored.doc) == connection
            else { continue }
            resources[key]?.doc["properties"]?["connectionState"]?["status"] = .string(status)
        }
    }
}

/// An IPv4 CIDR range, enough for the emulator's subnet checks.
struct IPv4Range {
    let base: UInt32
    let length: Int
    let text: String

    init?(_ text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let length = Int(parts[1]), (0...32).contains(length) else { return nil }
        let octets = parts[0].split(separator: ".").compactMap { UInt32($0) }
        guard octets.count == 4, octets.allSatisfy({ $0 < 256 }) else { return nil }
        let address = octets.reduce(0) { $0 << 8 | $1 }
        self.length = length
        self.base = address & mask(length)
        self.text = text
    }

    var last: UInt32 { base | ~mask(length) }

    func contains(_ other: IPv4Range) -> Bool { other.length >= length && other.base & mask(length) == base }
    func overlaps(_ other: IPv4Range) -> Bool { base <= other.last && other.base <= last }

    static func format(_ address: UInt32) -> String {
        [24, 16, 8, 0].map { String((address >> UInt32($0)) & 0xff) }.joined(separator: ".")
    }
}

private func mask(_ length: Int) -> UInt32 { length == 0 ? 0 : ~UInt32(0) << UInt32(32 - length) }
