import ARMNetwork
import Foundation
import Yams

/// The desired-state file, `pe-net.yaml`, loaded and resolved: names expanded to ARM ids and every
/// default filled in.
public struct PeNetFile: Sendable, Hashable {
    public static let apiVersion = "pe-net/v1"

    /// Where the file was read from (for messages).
    public var source: String
    public var dataFactoryPaths: [DataFactoryPathSpec]

    public init(source: String, dataFactoryPaths: [DataFactoryPathSpec]) {
        self.source = source
        self.dataFactoryPaths = dataFactoryPaths
    }

    /// Parses and resolves `text`. `readFile` reads files the document points at
    /// (`sshPublicKeyFile`), relative to the document's directory.
    public static func parse(
        _ text: String, source: String,
        readFile: (String) throws -> String = { try String(contentsOfFile: $0, encoding: .utf8) }
    ) throws(PeNetFileError) -> PeNetFile {
        let raw: RawFile
        do {
            raw = try YAMLDecoder().decode(RawFile.self, from: text)
        } catch {
            throw PeNetFileError(file: source, line: nil, column: nil, message: "\(error)")
        }
        guard raw.apiVersion == apiVersion else {
            throw PeNetFileError(
                file: source, line: nil, column: nil,
                message: "apiVersion must be \(apiVersion) (found \(raw.apiVersion ?? "nothing"))")
        }
        var paths: [DataFactoryPathSpec] = []
        for (index, path) in (raw.dataFactoryPaths ?? []).enumerated() {
            paths.append(try path.resolve(file: source, index: index, readFile: readFile))
        }
        return PeNetFile(source: source, dataFactoryPaths: paths)
    }

    /// Reads and parses the file at `path`.
    public static func load(path: String) throws(PeNetFileError) -> PeNetFile {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw PeNetFileError(file: path, line: nil, column: nil, message: "cannot read the file")
        }
        let directory = (path as NSString).deletingLastPathComponent
        return try parse(text, source: path) { relative in
            let full = relative.hasPrefix("/") ? relative : (directory as NSString).appendingPathComponent(relative)
            return try String(contentsOfFile: full, encoding: .utf8)
        }
    }
}

/// A problem in the desired-state file: file, line and column when known, and what is wrong.
public struct PeNetFileError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var message: String

    public init(file: String, line: Int?, column: Int?, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        return "\(location): \(message)"
    }
}

// MARK: The file as written

struct RawFile: Decodable {
    var apiVersion: String?
    var dataFactoryPaths: [RawDataFactoryPath]?
}

struct RawSubnet: Decodable {
    var name: String
    var addressPrefix: String?

    init(from decoder: any Decoder) throws {
        if let name = try? decoder.singleValueContainer().decode(String.self) {
            self.name = name
            addressPrefix = nil
            return
        }
        enum Keys: String, CodingKey { case name, addressPrefix }
        let container = try decoder.container(keyedBy: Keys.self)
        name = try container.decode(String.self, forKey: .name)
        addressPrefix = try container.decodeIfPresent(String.self, forKey: .addressPrefix)
    }
}

struct RawDataFactoryPath: Decodable {
    struct Subnets: Decodable {
        var frontend: RawSubnet
        var backend: RawSubnet
        var privateLinkService: RawSubnet
    }

    struct Instance: Decodable {
        var instance: String
        var port: Int
        var fqdn: String?
    }

    struct ScaleSet: Decodable {
        var name: String
        var capacity: Int?
        var sku: String?
        var adminUsername: String?
        var sshPublicKeyFile: String
    }

    struct Forwarders: Decodable {
        var networkInterfaces: [String]?
        var scaleSet: ScaleSet?
    }

    var name: String
    var subscription: String
    var resourceGroup: String
    var location: String
    var virtualNetwork: String
    var subnets: Subnets
    var loadBalancer: String?
    var privateLinkService: String?
    var probe: DataFactoryPathSpec.Probe?
    var allowConnectionTypeChange: Bool?
    var instances: [Instance]
    var forwarders: Forwarders
    var dataFactory: String?
    var managedPrivateEndpoint: String?

    func resolve(file: String, index: Int, readFile: (String) throws -> String) throws(PeNetFileError)
        -> DataFactoryPathSpec
    {
        func fail(_ message: String) -> PeNetFileError {
            PeNetFileError(
                file: file, line: nil, column: nil, message: "dataFactoryPaths[\(index)] (\(name)): \(message)")
        }
        func id(_ text: String, what: String) throws(PeNetFileError) -> ResourceID {
            do { return try ResourceID(parsing: text) } catch { throw fail("\(what) '\(text)' is not an ARM id") }
        }
        let vnet: ResourceID
        if virtualNetwork.hasPrefix("/") {
            vnet = try id(virtualNetwork, what: "virtualNetwork")
        } else {
            do {
                vnet = try ResourceID(
                    subscription: subscription, resourceGroup: resourceGroup, namespace: "Microsoft.Network",
                    type: "virtualNetworks", name: virtualNetwork)
            } catch { throw fail("virtualNetwork '\(virtualNetwork)' is not a valid name") }
        }
        var resolvedInstances: [DataFactoryPathSpec.Instance] = []
        for entry in instances {
            resolvedInstances.append(
                .init(instance: try id(entry.instance, what: "instance"), port: entry.port, fqdn: entry.fqdn))
        }
        let resolvedForwarders: DataFactoryPathSpec.Forwarders
        switch (forwarders.networkInterfaces, forwarders.scaleSet) {
        case (let nics?, nil):
            var ids: [ResourceID] = []
            for nic in nics { ids.append(try id(nic, what: "network interface")) }
            resolvedForwarders = .networkInterfaces(ids)
        case (nil, let scaleSet?):
            let key: String
            do { key = try readFile(scaleSet.sshPublicKeyFile) } catch {
                throw fail("cannot read sshPublicKeyFile '\(scaleSet.sshPublicKeyFile)'")
            }
            resolvedForwarders = .scaleSet(
                .init(
                    name: scaleSet.name, capacity: scaleSet.capacity ?? 2, sku: scaleSet.sku ?? "Standard_B2s",
                    adminUsername: scaleSet.adminUsername ?? "azureuser",
                    sshPublicKey: key.trimmingCharacters(in: .whitespacesAndNewlines)))
        default:
            throw fail("forwarders needs exactly one of networkInterfaces or scaleSet")
        }
        return DataFactoryPathSpec(
            name: name, subscription: subscription, resourceGroup: resourceGroup, location: location,
            virtualNetwork: vnet,
            subnets: .init(
                frontend: .init(name: subnets.frontend.name, addressPrefix: subnets.frontend.addressPrefix),
                backend: .init(name: subnets.backend.name, addressPrefix: subnets.backend.addressPrefix),
                privateLinkService: .init(
                    name: subnets.privateLinkService.name, addressPrefix: subnets.privateLinkService.addressPrefix)),
            loadBalancer: loadBalancer, privateLinkService: privateLinkService, probe: probe ?? .forwarded,
            allowConnectionTypeChange: allowConnectionTypeChange ?? false, instances: resolvedInstances,
            forwarders: resolvedForwarders,
            dataFactory: try dataFactory.map { (text) throws(PeNetFileError) in try id(text, what: "dataFactory") },
            managedPrivateEndpoint: managedPrivateEndpoint)
    }
}
