import Foundation

/// A Data Factory path as `pe-net import` found it, or why one was not described.
public struct ImportedDataFactoryPath: Sendable, Equatable {
    /// The path, when planning it finds nothing to change.
    public var spec: DataFactoryPathSpec?
    /// The Private Link Service it was found from.
    public var privateLinkService: ResourceID
    /// Why the path is not described (or what the file leaves out).
    public var notes: [String]

    public init(spec: DataFactoryPathSpec?, privateLinkService: ResourceID, notes: [String] = []) {
        self.spec = spec
        self.privateLinkService = privateLinkService
        self.notes = notes
    }
}

/// Finds the Data Factory paths in front of imported instances: Private Link Services on the
/// frontend of a load balancer whose rules are named `<instance>-<port>` (as pe-net names them)
/// for instances being imported, with existing VMs' NICs in the backend pool.
///
/// What ARM cannot say is left out: the Data Factory (its managed private endpoint lives in a
/// managed vnet that names no factory), the forwarders' settings (interfaces, allowed sources,
/// binary; the defaults are assumed) and scale-set forwarders (their cloud-init settings cannot be
/// read back). Each path is planned before it is returned; one that would plan changes is left
/// out with the reason.
public struct DataFactoryPathImporter: Sendable {
    public let client: ARMClient
    public let clock: any ARMClock

    public init(client: ARMClient, clock: any ARMClock = SystemClock()) {
        self.client = client
        self.clock = clock
    }

    /// The paths of the Private Link Services in `scopes` (subscription, optional resource group)
    /// that reach any of `instances`, sorted by Private Link Service id.
    public func importPaths(scopes: [(subscription: String, resourceGroup: String?)], instances: [ResourceID])
        async
        throws(EstateImportError) -> [ImportedDataFactoryPath]
    {
        var services: [ARMDocument] = []
        for scope in scopes {
            let type = "Microsoft.Network/privateLinkServices"
            let path =
                scope.resourceGroup.map {
                    ResourceID.collectionPath(subscription: scope.subscription, resourceGroup: $0, type: type)
                } ?? ResourceID.collectionPath(subscription: scope.subscription, type: type)
            do {
                services += try await client.list(path, apiVersion: ARMAPIVersion.network, as: ARMDocument.self)
            } catch {
                throw .read(resource: path, detail: "\(error)")
            }
        }
        var result: [ImportedDataFactoryPath] = []
        var seen = Set<ResourceID>()
        for service in services {
            guard let id = Self.id(service["id"]), seen.insert(id).inserted else { continue }
            if let path = await importPath(service: service, id: id, instances: instances) { result.append(path) }
        }
        return result.sorted { $0.privateLinkService < $1.privateLinkService }
    }

    /// One Private Link Service's path; nil when it fronts no rule for the instances imported.
    func importPath(service: ARMDocument, id: ResourceID, instances: [ResourceID]) async -> ImportedDataFactoryPath? {
        let properties = service["properties"]
        guard
            let frontend = Self.id(properties?["loadBalancerFrontendIpConfigurations"]?.array?.first?["id"]),
            let balancerID = frontend.ancestor(ofType: "loadBalancers"),
            let balancer = try? await client.get(balancerID, apiVersion: ARMAPIVersion.network, as: ARMDocument.self)
        else { return nil }
        let lb = balancer["properties"]
        var notes: [String] = []
        var pathInstances: [DataFactoryPathSpec.Instance] = []
        for rule in lb?["loadBalancingRules"]?.array ?? [] {
            guard let name = rule["name"]?.string, let port = Self.int(rule["properties"]?["frontendPort"]) else {
                continue
            }
            let suffix = "-\(port)"
            let instanceName = name.hasSuffix(suffix) ? String(name.dropLast(suffix.count)) : name
            let matches = instances.filter { $0.name.lowercased() == instanceName.lowercased() }
            guard matches.count == 1, let instance = matches.first else {
                notes.append(
                    "rule \(name) (port \(port)) names no single imported instance \(instanceName); import it too, or describe the path by hand"
                )
                continue
            }
            pathInstances.append(.init(instance: instance, port: port))
        }
        guard !pathInstances.isEmpty || !notes.isEmpty else { return nil }
        var result = ImportedDataFactoryPath(spec: nil, privateLinkService: id, notes: notes)
        guard notes.isEmpty else { return result }
        let backendIDs =
            (lb?["backendAddressPools"]?.array?.first?["properties"]?["backendIPConfigurations"]?.array ?? [])
            .compactMap { Self.id($0["id"]) }
        if backendIDs.contains(where: { $0.ancestor(ofType: "virtualMachineScaleSets") != nil }) {
            result.notes.append(
                "its forwarders are a scale set, whose cloud-init settings cannot be read back; describe the path by hand"
            )
            return result
        }
        let nics = backendIDs.compactMap { $0.ancestor(ofType: "networkInterfaces") }.uniqued().sorted()
        guard
            let frontendSubnet = Self.id(
                lb?["frontendIPConfigurations"]?.array?.first?["properties"]?["subnet"]?["id"]),
            let vnet = frontendSubnet.ancestor(ofType: "virtualNetworks"),
            let plsSubnet = Self.id(properties?["ipConfigurations"]?.array?.first?["properties"]?["subnet"]?["id"]),
            let firstNIC = nics.first,
            let nic = try? await client.get(firstNIC, apiVersion: ARMAPIVersion.network, as: ARMDocument.self),
            let backendSubnet = Self.id(
                nic["properties"]?["ipConfigurations"]?.array?.first?["properties"]?["subnet"]?["id"])
        else {
            result.notes.append(
                "its load balancer has no frontend subnet, backend NIC or Private Link Service subnet to describe")
            return result
        }
        let probes = (lb?["probes"]?.array ?? []).compactMap { $0["name"]?.string }
        let name =
            id.name.hasSuffix("-pls")
            ? String(id.name.dropLast(4))
            : balancerID.name.hasSuffix("-lb") ? String(balancerID.name.dropLast(3)) : id.name
        let spec = DataFactoryPathSpec(
            name: name, subscription: balancerID.subscription, resourceGroup: balancerID.resourceGroup,
            location: balancer["location"]?.string ?? service["location"]?.string ?? "",
            virtualNetwork: vnet,
            subnets: .init(
                frontend: .init(name: frontendSubnet.name), backend: .init(name: backendSubnet.name),
                privateLinkService: .init(name: plsSubnet.name)),
            loadBalancer: balancerID.name, privateLinkService: id.name,
            probe: !probes.isEmpty && probes.allSatisfy({ $0 == DataFactoryPathBodies.sshProbeName })
                ? .ssh : .forwarded,
            instances: pathInstances.sorted { $0.port < $1.port }, forwarders: .networkInterfaces(nics))
        do {
            let plan = try await DataFactoryPathWorkflow(client: client, clock: clock).plan([spec])
            if plan.hasChanges || !plan.blockingFindings(strict: false).isEmpty {
                let pieces = plan.changes.prefix(3).map(\.message) + plan.blockingFindings(strict: false).map(\.message)
                result.notes.append(
                    "not described, since plan -f would change it: " + pieces.prefix(3).joined(separator: "; "))
                return result
            }
        } catch {
            result.notes.append("not described: planning it failed (\(error))")
            return result
        }
        result.spec = spec
        result.notes.append(
            "the Data Factory is not named (its managed private endpoint names no factory): add dataFactory: <factory id> to manage its endpoint and approval"
        )
        return result
    }

    static func id(_ value: ARMDocument?) -> ResourceID? { value?.string.flatMap { try? ResourceID(parsing: $0) } }

    static func int(_ value: ARMDocument?) -> Int? {
        if case .number(let number) = value, number == number.rounded() { return Int(number) }
        return nil
    }
}
