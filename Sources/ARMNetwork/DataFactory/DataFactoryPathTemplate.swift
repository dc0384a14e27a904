import Foundation

/// The Azure side of Data Factory paths as one ARM deployment template
/// (`az deployment group create --template-file`): the same resources and bodies the workflow
/// plans (both come from ``DataFactoryPathBodies``). What a template cannot do safely — an
/// instance's connection type (a managed instance PUT needs every property), joining existing
/// NICs (a NIC PUT replaces the NIC), approving the Data Factory connection (its name is only
/// known once the endpoint exists) — is listed in the `manualSteps` output.
public enum DataFactoryPathTemplate {
    public static let schema = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"

    /// Why a template cannot be rendered for these specs.
    public struct RenderError: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// The template for `specs`, as JSON text. `customData` gives a path's forwarder cloud-init
    /// (scale sets).
    public static func render(
        _ specs: [DataFactoryPathSpec], customData: (DataFactoryPathSpec) -> String? = { _ in nil }
    ) throws -> String {
        let document = try template(specs, customData: customData)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
    }

    /// The template as a document.
    public static func template(
        _ specs: [DataFactoryPathSpec], customData: (DataFactoryPathSpec) -> String? = { _ in nil }
    ) throws -> ARMDocument {
        do {
            try DataFactoryPathPlanner.validate(specs)
        } catch {
            throw RenderError(description: error.description)
        }
        guard let first = specs.first else { throw RenderError(description: "no Data Factory paths to render") }
        for spec in specs
        where spec.subscription.lowercased() != first.subscription.lowercased()
            || spec.resourceGroup.lowercased() != first.resourceGroup.lowercased()
        {
            throw RenderError(
                description:
                    "path \(spec.name) is in resource group \(spec.resourceGroup) of subscription \(spec.subscription), path \(first.name) in \(first.resourceGroup) of \(first.subscription): a template deploys to one resource group; render them with --path one at a time"
            )
        }
        var resources: [ARMDocument] = []
        var parameters: [String: ARMDocument] = [:]
        var steps: [ARMDocument] = []
        var hosts: [ARMDocument] = []
        for spec in specs {
            let rendered = try PathResources(spec: spec, customData: customData(spec))
            resources += rendered.resources
            parameters.merge(rendered.parameters) { first, _ in first }
            steps += rendered.manualSteps.map { .string($0) }
            hosts += rendered.hosts
        }
        var template: [String: ARMDocument] = [
            "$schema": .string(schema), "contentVersion": "1.0.0.0", "resources": .array(resources),
            "outputs": .object([
                "linkedServiceHosts": .object(["type": "array", "value": .array(hosts)]),
                "manualSteps": .object(["type": "array", "value": .array(steps)]),
            ]),
        ]
        if !parameters.isEmpty { template["parameters"] = .object(parameters) }
        return .object(template)
    }
}

/// One path's template resources.
private struct PathResources {
    var resources: [ARMDocument] = []
    var parameters: [String: ARMDocument] = [:]
    var manualSteps: [String] = []
    var hosts: [ARMDocument] = []

    init(spec: DataFactoryPathSpec, customData: String?) throws {
        let bodies = DataFactoryPathBodies(spec)
        let sameGroup = { (id: ResourceID) in
            id.subscription.lowercased() == spec.subscription.lowercased()
                && id.resourceGroup.lowercased() == spec.resourceGroup.lowercased()
        }
        var fqdns: [String] = []
        for instance in spec.instances {
            guard let fqdn = instance.fqdn else {
                throw DataFactoryPathTemplate.RenderError(
                    description:
                        "path \(spec.name): instance \(instance.instance.name) has no fqdn; give `fqdn` for it to render offline (the managed private endpoint carries the instances' FQDNs)"
                )
            }
            fqdns.append(fqdn)
            hosts.append(
                .object([
                    "instance": .string(instance.instance.path), "host": .string(fqdn),
                    "port": .number(Double(instance.port)),
                ]))
            manualSteps.append(
                "make sure managed instance \(instance.instance.name) uses the Proxy connection type: az sql mi update -g \(instance.instance.resourceGroup) -n \(instance.instance.name) --subscription \(instance.instance.subscription) --proxy-override Proxy"
            )
        }
        // Subnets: one after another (a vnet takes one subnet write at a time).
        var subnetDependencies: [String: String] = [:]
        var previous: String?
        if sameGroup(spec.virtualNetwork) {
            var seen: Set<String> = []
            for subnet in [spec.subnets.frontend, spec.subnets.backend, spec.subnets.privateLinkService]
            where seen.insert(subnet.name.lowercased()).inserted {
                let isPLS = subnet.name.lowercased() == spec.subnets.privateLinkService.name.lowercased()
                guard subnet.addressPrefix != nil || isPLS else { continue }
                let prefix: ARMDocument
                if let given = subnet.addressPrefix {
                    prefix = .string(given)
                } else {
                    let parameter = Self.parameterName(spec.name, subnet.name)
                    parameters[parameter] = .object([
                        "type": "string",
                        "metadata": .object([
                            "description": .string(
                                "The address prefix subnet \(subnet.name) already has (the subnet is written whole to disable its Private Link Service network policies)"
                            )
                        ]),
                    ])
                    prefix = .string("[parameters('\(parameter)')]")
                }
                var body = bodies.newSubnet(subnet, prefix: "")
                body["properties"]?["addressPrefix"] = prefix
                let id = bodies.subnetID(subnet)
                resources.append(
                    Self.resource(
                        body, type: "Microsoft.Network/virtualNetworks/subnets",
                        name: "\(spec.virtualNetwork.name)/\(subnet.name)", dependsOn: previous.map { [$0] } ?? []))
                let reference =
                    "[resourceId('Microsoft.Network/virtualNetworks/subnets', '\(spec.virtualNetwork.name)', '\(subnet.name)')]"
                subnetDependencies[id.normalized] = reference
                previous = reference
            }
        } else {
            manualSteps.append(
                "disable Private Link Service network policies on subnet \(spec.subnets.privateLinkService.name) of \(spec.virtualNetwork.path) (another resource group)"
            )
        }
        let lbReference = "[resourceId('Microsoft.Network/loadBalancers', '\(spec.loadBalancer)')]"
        let lb = try ARMDocument(encoding: bodies.loadBalancer)
        resources.append(
            Self.resource(
                lb, type: LoadBalancer.resourceType, name: spec.loadBalancer, apiVersion: LoadBalancer.apiVersion,
                dependsOn: [subnetDependencies[bodies.subnetID(spec.subnets.frontend).normalized]].compactMap { $0 }))
        let plsReference = "[resourceId('Microsoft.Network/privateLinkServices', '\(spec.privateLinkService)')]"
        resources.append(
            Self.resource(
                try ARMDocument(encoding: bodies.privateLinkService), type: PrivateLinkService.resourceType,
                name: spec.privateLinkService, apiVersion: PrivateLinkService.apiVersion,
                dependsOn: [lbReference]
                    + [subnetDependencies[bodies.subnetID(spec.subnets.privateLinkService).normalized]].compactMap {
                        $0
                    }))
        switch spec.forwarders {
        case .networkInterfaces(let nics):
            for nic in nics {
                manualSteps.append(
                    "join network interface \(nic.name) to backend pool \(DataFactoryPathBodies.backendPoolName) of \(spec.loadBalancer): pe-net apply -f <file> does it, or az network nic ip-config address-pool add --nic-name \(nic.name) -g \(nic.resourceGroup) --ip-config-name <ipconfig> --lb-name \(spec.loadBalancer) --address-pool \(DataFactoryPathBodies.backendPoolName)"
                )
            }
        case .scaleSet(let set):
            resources.append(
                Self.resource(
                    try ARMDocument(encoding: bodies.scaleSet(set, customData: customData)),
                    type: VirtualMachineScaleSet.resourceType, name: set.name,
                    apiVersion: VirtualMachineScaleSet.apiVersion,
                    dependsOn: [lbReference]
                        + [subnetDependencies[bodies.subnetID(spec.subnets.backend).normalized]].compactMap { $0 }))
        }
        if let factory = spec.dataFactory {
            if sameGroup(factory) {
                resources.append(
                    Self.resource(
                        try ARMDocument(encoding: bodies.managedPrivateEndpoint(fqdns: fqdns)),
                        type: ManagedPrivateEndpoint.resourceType,
                        name: "\(factory.name)/default/\(spec.managedPrivateEndpoint)",
                        apiVersion: ManagedPrivateEndpoint.apiVersion, dependsOn: [plsReference]))
            } else {
                manualSteps.append(
                    "data factory \(factory.name) is in another resource group: create its managed private endpoint \(spec.managedPrivateEndpoint) with pe-net apply -f <file>"
                )
            }
            manualSteps.append(
                "approve the managed private endpoint's connection: pe-net endpoints approve --service \(bodies.privateLinkServiceID.path) --all-pending"
            )
        }
    }

    /// A template parameter name from a path and subnet name (letters and digits only).
    static func parameterName(_ path: String, _ subnet: String) -> String {
        let clean = { (text: String) in
            text.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map {
                $0.prefix(1).uppercased() + $0.dropFirst()
            }
            .joined()
        }
        return "addressPrefix" + clean(path) + clean(subnet)
    }

    /// A template resource from a request body: the body's fields plus type, apiVersion, name
    /// and dependsOn.
    static func resource(
        _ body: ARMDocument, type: String, name: String, apiVersion: String = Subnet.apiVersion, dependsOn: [String]
    ) -> ARMDocument {
        var resource = body
        resource["type"] = .string(type)
        resource["apiVersion"] = .string(apiVersion)
        resource["name"] = .string(name)
        if !dependsOn.isEmpty { resource["dependsOn"] = .array(dependsOn.map { .string($0) }) }
        return resource
    }
}
