import ARMNetwork
import ArgumentParser
import Foundation

/// `pe-net arm get <id>`: prints one resource as ARM returns it (like `az resource show`), with
/// the api-version pe-net pins for known types.
struct ARMGet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Print one ARM resource as JSON.",
        discussion: """
            The api-version defaults to the one pe-net uses for the type (managed instances, private \
            endpoint connections, private endpoints, NICs, vnets, peerings, private DNS zones, links, \
            record sets, load balancers, private link services); pass --api-version for other types.
            """
    )

    @Argument(
        help: "The full resource id (/subscriptions/…/providers/<Namespace>/<type>/<name>…), or a name with --type.")
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

    func run() async throws {
        let resource: ResourceID
        if id.hasPrefix("/") {
            do { resource = try ResourceID(parsing: id) } catch { throw ValidationError("\(error)") }
        } else {
            let parts = type?.split(separator: "/", maxSplits: 1).map(String.init) ?? []
            guard parts.count == 2 else {
                throw ValidationError(
                    "\(id) is a name: add --type <Namespace>/<type> (e.g. Microsoft.Sql/managedInstances), or pass the full id"
                )
            }
            resource = try azure.resourceID(id, namespace: parts[0], type: parts[1], flag: "resource")
        }
        guard let version = apiVersion ?? Self.pinned[resource.resourceType.lowercased()] else {
            throw ValidationError("no pinned api-version for \(resource.resourceType); pass --api-version <yyyy-mm-dd>")
        }
        let client = try azure.makeClient(verbose: output.verbose)
        let document: Data
        do {
            document = try await client.getDocument(resource, apiVersion: version)
        } catch let error as ARMError {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw PeNetExit.failure
        }
        let object = try JSONSerialization.jsonObject(with: document)
        let pretty = try JSONSerialization.data(
            withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        print(String(decoding: pretty, as: UTF8.self))
    }
}
