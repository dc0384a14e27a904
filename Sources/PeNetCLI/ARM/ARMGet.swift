import ARMNetwork
import ArgumentParser
import Foundation

/// `pe-net arm get <id>`: prints one resource as ARM returns it (like `az resource show`), with
/// the api-version pe-net pins for known types.
struct ARMGet: PeNetCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Print one ARM resource as JSON.",
        discussion: """
            The api-version defaults to the one pe-net uses for the type (managed instances, private \
            endpoint connections, private endpoints, NICs, vnets, peerings, private DNS zones, links, \
            record sets, load balancers, private link services); pass --api-version for other types. \
            -o json prints the document as ARM returns it; text prints one `path  value` line per field.
            """
    )

    @Argument(
        help: "The full resource id (/subscriptions/.../providers/<Namespace>/<type>/<name>...), or a name with --type."
    )
    var id: String

    @Option(
        help:
            "With a bare name: the resource type, e.g. Microsoft.Sql/managedInstances (uses --resource-group and --subscription)."
    )
    var type: String?

    @Option(help: "The api-version to send (default: pe-net's pinned version for known types).")
    var apiVersion: String?

    @OptionGroup var azure: AzureOptions
    @OptionGroup var output: OutputOptions

    /// The pinned api-version for each type pe-net models.
    static let pinned: [String: String] = {
        let types: [any ARMResourceProperties.Type] = [
            ManagedInstanceProperties.self, PrivateEndpointConnectionProperties.self,
            ServerTrustCertificateProperties.self,
            DistributedAvailabilityGroupProperties.self, PrivateEndpointProperties.self,
            NetworkInterfaceProperties.self,
            VirtualNetworkProperties.self, SubnetProperties.self, VirtualNetworkPeeringProperties.self,
            LoadBalancerProperties.self, PrivateLinkServiceProperties.self, PrivateDNSZoneProperties.self,
            VirtualNetworkLinkProperties.self, ARecordSetProperties.self,
        ]
        return Dictionary(
            types.map { ($0.resourceType.lowercased(), $0.apiVersion) }, uniquingKeysWith: { first, _ in first })
    }()

    func run(_ env: Environment) async throws {
        let resource: ResourceID
        if id.hasPrefix("/") {
            do {
                resource = try ResourceID(parsing: id)
            } catch {
                throw PeNetError.usage("\(error)", resource: id, code: "input.resource-id")
            }
        } else {
            let parts = type?.split(separator: "/", maxSplits: 1).map(String.init) ?? []
            guard parts.count == 2 else {
                throw PeNetError.usage(
                    "\(id) is a name: add --type <Namespace>/<type> (e.g. Microsoft.Sql/managedInstances), or pass the full id",
                    fix: env.commandLine(adding: ["--type", "Microsoft.Sql/managedInstances"]), resource: id)
            }
            resource = try azure.resourceID(id, namespace: parts[0], type: parts[1], flag: "resource", env: env)
        }
        guard let version = apiVersion ?? Self.pinned[resource.resourceType.lowercased()] else {
            throw PeNetError.usage(
                "no pinned api-version for \(resource.resourceType); pass --api-version <yyyy-mm-dd>",
                resource: resource.description)
        }
        let client = try azure.client(env)
        let document = try await client.getDocument(resource, apiVersion: version)
        try ARMClient.requireResource(document, resource: resource.description)
        let value: ARMDocument
        do {
            value = try JSONDecoder().decode(ARMDocument.self, from: document)
        } catch {
            throw PeNetError.failure(
                "\(resource): ARM answered with a body that is not JSON", resource: resource.description,
                code: "arm.invalid-response")
        }
        guard case .object = value else {
            throw PeNetError.failure(
                "\(resource): ARM answered with a JSON \(value.kind), not a resource document",
                resource: resource.description, code: "arm.invalid-response")
        }
        if env.reporter.isJSON {
            let object = try JSONSerialization.jsonObject(with: document)
            let pretty = try JSONSerialization.data(
                withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            env.reporter.text(String(decoding: pretty, as: UTF8.self))
        } else {
            let rows = value.flattened(path: "")
            let width = rows.map(\.0.count).max() ?? 0
            env.reporter.text(rows.map { "\($0.0.padding(width))  \($0.1)" }.joined(separator: "\n"))
        }
    }
}

/// The text view of `arm get`: ARM's own JSON value, shown as sorted `path  value` lines.
extension ARMDocument {
    /// What kind of value it is, for messages.
    var kind: String {
        switch self {
        case .object: "object"
        case .array: "array"
        case .string: "string"
        case .number: "number"
        case .bool: "boolean"
        case .null: "null"
        }
    }

    /// `path  value` pairs, keys sorted, arrays indexed (`subnets[0].name`).
    func flattened(path: String) -> [(String, String)] {
        switch self {
        case .object(let object):
            if object.isEmpty { return [(path, "{}")] }
            return object.keys.sorted().flatMap { key in
                object[key]?.flattened(path: path.isEmpty ? key : "\(path).\(key)") ?? []
            }
        case .array(let array):
            if array.isEmpty { return [(path, "[]")] }
            return array.enumerated().flatMap { index, item in item.flattened(path: "\(path)[\(index)]") }
        case .string(let text): return [(path, text)]
        case .number(let number):
            return [(path, number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number))]
        case .bool(let flag): return [(path, flag ? "true" : "false")]
        case .null: return [(path, "null")]
        }
    }
}
