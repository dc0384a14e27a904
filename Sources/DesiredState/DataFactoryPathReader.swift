import ARMNetwork
import Foundation
import IPFwd
import Resolver
import Yams

/// One `dataFactoryPaths[]` entry read into a ``DataFactoryPathSpec``, with the nodes the
/// cross-path rules point at.
struct ReadDataFactoryPath {
    var spec: DataFactoryPathSpec
    var nameNode: Node
    /// The `port` node of every instance, index-aligned with `spec.instances`.
    var portNodes: [Node]
    /// The `instance` node of every instance, index-aligned with `spec.instances`.
    var instanceNodes: [Node]
}

/// Reads one Data Factory path: keys, types and every value's own rule (names, ids, ports,
/// addresses, the public key file). Rules across entries are in ``PeNetFileRules``.
struct DataFactoryPathReader {
    let reader: YAMLNodeReader
    let readFile: (String) throws -> String
    /// The file's top-level defaults: an instance given by name resolves with them.
    var defaults = FileDefaults()

    func read(_ node: Node, at path: String) throws(PeNetFileError) -> ReadDataFactoryPath {
        let fields = try reader.mapping(node, at: path, keys: PeNetFileKeys.dataFactoryPath)
        let nameNode = try fields.required("name")
        let name = try reader.string(nameNode, at: fields.path("name"))
        try check(nameNode, name, Patterns.pathName, at: fields.path("name"), rule: Patterns.pathNameRule)
        let subscriptionNode = try fields.required("subscription")
        let subscription = try reader.string(subscriptionNode, at: fields.path("subscription"))
        try check(
            subscriptionNode, subscription, Patterns.guid, at: fields.path("subscription"),
            rule: "is not a subscription id (a GUID, e.g. from `az account show --query id -o tsv`)")
        let groupNode = try fields.required("resourceGroup")
        let resourceGroup = try reader.string(groupNode, at: fields.path("resourceGroup"))
        try check(
            groupNode, resourceGroup, Patterns.resourceGroup, at: fields.path("resourceGroup"),
            rule: Patterns.resourceGroupRule)
        let locationNode = try fields.required("location")
        let location = try reader.string(locationNode, at: fields.path("location"))
        try check(
            locationNode, location, Patterns.location, at: fields.path("location"),
            rule:
                "is not a location name; use the short form, e.g. eastus (`az account list-locations --query [].name`)")

        let vnetNode = try fields.required("virtualNetwork")
        let vnetText = try reader.string(vnetNode, at: fields.path("virtualNetwork"))
        let virtualNetwork: ResourceID
        if vnetText.hasPrefix("/") {
            virtualNetwork = try armID(
                vnetNode, vnetText, at: fields.path("virtualNetwork"), type: ("Microsoft.Network", "virtualNetworks"))
        } else {
            try check(
                vnetNode, vnetText, Patterns.resourceName, at: fields.path("virtualNetwork"),
                rule: Patterns.resourceNameRule)
            do {
                virtualNetwork = try ResourceID(
                    subscription: subscription, resourceGroup: resourceGroup, namespace: "Microsoft.Network",
                    type: "virtualNetworks", name: vnetText)
            } catch {
                throw reader.error(vnetNode, "\(fields.path("virtualNetwork")): '\(vnetText)' is not a valid name")
            }
        }

        let subnets = try readSubnets(try fields.required("subnets"), at: fields.path("subnets"))
        let loadBalancer = try optionalName(fields, "loadBalancer")
        let privateLinkService = try optionalName(fields, "privateLinkService")
        let managedPrivateEndpoint = try optionalName(fields, "managedPrivateEndpoint")
        let probe = try fields.optional("probe").map { (node) throws(PeNetFileError) in
            DataFactoryPathSpec.Probe(
                rawValue: try reader.oneOf(
                    node, at: fields.path("probe"), DataFactoryPathSpec.Probe.allCases.map(\.rawValue)))
                ?? .forwarded
        }
        let allowChange = try fields.optionalBool("allowConnectionTypeChange") ?? false

        var instances: [DataFactoryPathSpec.Instance] = []
        var portNodes: [Node] = []
        var instanceNodes: [Node] = []
        let instancesPath = fields.path("instances")
        for (index, item) in try reader.sequence(try fields.required("instances"), at: instancesPath, nonEmpty: true)
            .enumerated()
        {
            let (instance, portNode, idNode) = try readInstance(item, at: "\(instancesPath)[\(index)]")
            instances.append(instance)
            portNodes.append(portNode)
            instanceNodes.append(idNode)
        }

        let (forwarders, settings) = try readForwarders(
            try fields.required("forwarders"), at: fields.path("forwarders"))
        let dataFactory = try fields.optional("dataFactory").map { (node) throws(PeNetFileError) in
            try armID(
                node, try reader.string(node, at: fields.path("dataFactory")), at: fields.path("dataFactory"),
                type: ("Microsoft.DataFactory", "factories"))
        }
        var spec = DataFactoryPathSpec(
            name: name, subscription: subscription, resourceGroup: resourceGroup, location: location,
            virtualNetwork: virtualNetwork, subnets: subnets, loadBalancer: loadBalancer,
            privateLinkService: privateLinkService, probe: probe ?? .forwarded, allowConnectionTypeChange: allowChange,
            instances: instances, forwarders: forwarders, dataFactory: dataFactory,
            managedPrivateEndpoint: managedPrivateEndpoint)
        spec.forwarderSettings = settings
        return ReadDataFactoryPath(spec: spec, nameNode: nameNode, portNodes: portNodes, instanceNodes: instanceNodes)
    }

    // MARK: Parts

    func readSubnets(_ node: Node, at path: String) throws(PeNetFileError) -> DataFactoryPathSpec.Subnets {
        let fields = try reader.mapping(node, at: path, keys: PeNetFileKeys.subnets)
        func subnet(_ key: String) throws(PeNetFileError) -> DataFactoryPathSpec.Subnet {
            let value = try fields.required(key)
            let keyPath = fields.path(key)
            if value.mapping == nil {
                let name = try reader.string(value, at: keyPath)
                try check(value, name, Patterns.resourceName, at: keyPath, rule: Patterns.resourceNameRule)
                return .init(name: name)
            }
            let subnet = try reader.mapping(value, at: keyPath, keys: PeNetFileKeys.subnet)
            let nameNode = try subnet.required("name")
            let name = try reader.string(nameNode, at: subnet.path("name"))
            try check(nameNode, name, Patterns.resourceName, at: subnet.path("name"), rule: Patterns.resourceNameRule)
            var prefix: String?
            if let prefixNode = subnet.optional("addressPrefix") {
                let text = try reader.string(prefixNode, at: subnet.path("addressPrefix"))
                guard text.contains("/"), let network = IPv4Network(text), network.prefixLength <= 29 else {
                    throw reader.error(
                        prefixNode,
                        "\(subnet.path("addressPrefix")): '\(text)' is not an IPv4 prefix a subnet can have (a.b.c.d/n with host bits zero, n at most 29), e.g. 10.0.1.0/24"
                    )
                }
                prefix = network.description
            }
            return .init(name: name, addressPrefix: prefix)
        }
        return .init(
            frontend: try subnet("frontend"), backend: try subnet("backend"),
            privateLinkService: try subnet("privateLinkService"))
    }

    func readInstance(_ node: Node, at path: String) throws(PeNetFileError) -> (
        DataFactoryPathSpec.Instance, Node, Node
    ) {
        let fields = try reader.mapping(node, at: path, keys: PeNetFileKeys.instance)
        let idNode = try fields.required("instance")
        let id = try resolve(
            idNode, at: fields.path("instance"), type: ("Microsoft.Sql", "managedInstances"), defaults: defaults)
        let portNode = try fields.required("port")
        let port = try reader.int(portNode, at: fields.path("port"))
        guard (1...65535).contains(port) else {
            throw reader.error(portNode, "\(fields.path("port")): port \(port) is outside 1-65535")
        }
        guard port != DataFactoryPathSpec.Defaults.sshPort else {
            throw reader.error(
                portNode,
                "\(fields.path("port")): port 22 is SSH on the forwarders (and the tutorial's probe port); give the instance another port, e.g. 1433"
            )
        }
        var fqdn: String?
        if let fqdnNode = fields.optional("fqdn") {
            let text = try reader.string(fqdnNode, at: fields.path("fqdn")).lowercased()
            let problems = HostnameRules.syntax(of: text).filter {
                $0.severity == .error || $0.code == "host.single-label"
            }
            if let problem = problems.first {
                throw reader.error(
                    fqdnNode,
                    "\(fields.path("fqdn")): '\(text)' cannot be the instance's host name: \(problem.message); use the instance FQDN (az sql mi show --query fullyQualifiedDomainName)"
                )
            }
            if let expected = id.segments.last?.name.lowercased(),
                text.split(separator: ".").first.map(String.init) != expected
            {
                throw reader.error(
                    fqdnNode,
                    "\(fields.path("fqdn")): '\(text)' is not the FQDN of instance '\(expected)' (its first label must be the instance name)"
                )
            }
            fqdn = text
        }
        return (.init(instance: id, port: port, fqdn: fqdn), portNode, idNode)
    }

    func readForwarders(_ node: Node, at path: String) throws(PeNetFileError) -> (
        DataFactoryPathSpec.Forwarders, DataFactoryPathSpec.ForwarderSettings
    ) {
        let fields = try reader.mapping(node, at: path, keys: PeNetFileKeys.forwarders)
        var settings = DataFactoryPathSpec.ForwarderSettings()
        if let interfaces = try fields.optionalStrings("interfaces") {
            for (name, item) in interfaces where !matches(name, Patterns.interface) {
                throw reader.error(
                    item,
                    "\(fields.path("interfaces")): '\(name)' is not a network interface name (1-15 letters, digits, . _ -), e.g. eth0"
                )
            }
            settings.interfaces = interfaces.map(\.0)
        }
        if let sources = try fields.optionalStrings("allowSources") {
            var networks: [String] = []
            for (text, item) in sources {
                guard let network = IPv4Network(text) else {
                    throw reader.error(
                        item,
                        "\(fields.path("allowSources")): '\(text)' is not an IPv4 address or network (a.b.c.d or a.b.c.d/n with host bits zero)"
                    )
                }
                networks.append(network.description)
            }
            settings.allowedSources = networks
        }
        if let binaryNode = fields.optional("binary") {
            let binary = try reader.string(binaryNode, at: fields.path("binary"))
            try check(
                binaryNode, binary, Patterns.binary, at: fields.path("binary"),
                rule:
                    "must be an absolute path of letters, digits and / . _ - + (it is written into the systemd units), e.g. /usr/local/bin/pe-net"
            )
            settings.binary = binary
        }
        let nics = fields.optional("networkInterfaces")
        let scaleSet = fields.optional("scaleSet")
        switch (nics, scaleSet) {
        case (let nics?, nil):
            var ids: [ResourceID] = []
            let listPath = fields.path("networkInterfaces")
            for (index, item) in try reader.sequence(nics, at: listPath, nonEmpty: true).enumerated() {
                let itemPath = "\(listPath)[\(index)]"
                let id = try armID(
                    item, try reader.string(item, at: itemPath), at: itemPath,
                    type: ("Microsoft.Network", "networkInterfaces"))
                guard !ids.contains(id) else {
                    throw reader.error(item, "\(itemPath): network interface '\(id.name)' is listed twice")
                }
                ids.append(id)
            }
            return (.networkInterfaces(ids), settings)
        case (nil, let scaleSet?):
            return (.scaleSet(try readScaleSet(scaleSet, at: fields.path("scaleSet"))), settings)
        case (_?, _?):
            throw reader.error(
                fields.keyNodes["scaleSet"],
                "\(path): give networkInterfaces (existing VMs) or scaleSet (pe-net creates the VMs), not both")
        case (nil, nil):
            throw reader.error(
                node,
                "\(path): needs networkInterfaces (the NIC ids of existing forwarding VMs) or scaleSet (pe-net creates the VMs)"
            )
        }
    }

    func readScaleSet(_ node: Node, at path: String) throws(PeNetFileError) -> DataFactoryPathSpec.ScaleSet {
        let fields = try reader.mapping(node, at: path, keys: PeNetFileKeys.scaleSet)
        let nameNode = try fields.required("name")
        let name = try reader.string(nameNode, at: fields.path("name"))
        try check(
            nameNode, name, Patterns.scaleSetName, at: fields.path("name"),
            rule: "is not a scale set name (1-64 letters, digits, . _ -, starting with a letter or digit)")
        var capacity = 2
        if let capacityNode = fields.optional("capacity") {
            capacity = try reader.int(capacityNode, at: fields.path("capacity"))
            guard (1...1000).contains(capacity) else {
                throw reader.error(
                    capacityNode,
                    "\(fields.path("capacity")): \(capacity) forwarders is outside 1-1000; use 2 or more for redundancy"
                )
            }
        }
        var sku = "Standard_B2s"
        if let skuNode = fields.optional("sku") {
            sku = try reader.string(skuNode, at: fields.path("sku"))
            try check(skuNode, sku, Patterns.sku, at: fields.path("sku"), rule: "is not a VM size, e.g. Standard_B2s")
        }
        var adminUsername = "azureuser"
        if let userNode = fields.optional("adminUsername") {
            adminUsername = try reader.string(userNode, at: fields.path("adminUsername"))
            try check(
                userNode, adminUsername, Patterns.adminUsername, at: fields.path("adminUsername"),
                rule: "is not a Linux user name (lower-case letters, digits, _ . -, at most 32), e.g. azureuser")
            guard !Patterns.reservedUsernames.contains(adminUsername) else {
                throw reader.error(
                    userNode,
                    "\(fields.path("adminUsername")): '\(adminUsername)' is reserved by Azure; use e.g. azureuser")
            }
        }
        let keyNode = try fields.required("sshPublicKeyFile")
        let keyFile = try reader.string(keyNode, at: fields.path("sshPublicKeyFile"))
        let key: String
        do {
            key = try readFile(keyFile).trimmingCharacters(in: .whitespacesAndNewlines)
        } catch {
            throw reader.error(
                keyNode,
                "\(fields.path("sshPublicKeyFile")): cannot read '\(keyFile)' (relative paths start at the file's directory); create one with ssh-keygen -t ed25519"
            )
        }
        guard key.split(separator: "\n").count == 1, Patterns.publicKeyPrefixes.contains(where: { key.hasPrefix($0) })
        else {
            throw reader.error(
                keyNode,
                "\(fields.path("sshPublicKeyFile")): '\(keyFile)' is not one OpenSSH public key line (ssh-ed25519 …, ssh-rsa …); point at the .pub file, never the private key"
            )
        }
        return .init(name: name, capacity: capacity, sku: sku, adminUsername: adminUsername, sshPublicKey: key)
    }

    // MARK: Checks

    /// A name resolved with the file's defaults, or an ARM id of `type`.
    func resolve(
        _ node: Node, at path: String, type: (namespace: String, type: String), defaults: FileDefaults
    ) throws(PeNetFileError)
        -> ResourceID
    {
        let text = try reader.string(node, at: path)
        if text.hasPrefix("/") { return try armID(node, text, at: path, type: type) }
        try check(node, text, Patterns.resourceName, at: path, rule: Patterns.resourceNameRule)
        guard let subscription = defaults.subscription, let resourceGroup = defaults.resourceGroup else {
            throw reader.error(
                node,
                "\(path): '\(text)' is a name, and the file sets no top-level subscription and resourceGroup; add them, or give the full ARM id"
            )
        }
        do {
            return try ResourceID(
                subscription: subscription, resourceGroup: resourceGroup, namespace: type.namespace, type: type.type,
                name: text)
        } catch {
            throw reader.error(node, "\(path): '\(text)' is not a valid name")
        }
    }

    func optionalName(_ fields: YAMLFields, _ key: String) throws(PeNetFileError) -> String? {
        guard let node = fields.optional(key) else { return nil }
        let name = try reader.string(node, at: fields.path(key))
        try check(node, name, Patterns.resourceName, at: fields.path(key), rule: Patterns.resourceNameRule)
        return name
    }

    /// An ARM id of the given provider namespace and type.
    func armID(_ node: Node, _ text: String, at path: String, type: (namespace: String, type: String))
        throws(PeNetFileError) -> ResourceID
    {
        let expected =
            "/subscriptions/<subscription>/resourceGroups/<group>/providers/\(type.namespace)/\(type.type)/<name>"
        let id: ResourceID
        do { id = try ResourceID(parsing: text) } catch {
            throw reader.error(node, "\(path): '\(text)' is not an ARM id; expected \(expected)")
        }
        guard id.namespace.lowercased() == type.namespace.lowercased(), id.segments.count == 1,
            id.segments[0].type.lowercased() == type.type.lowercased()
        else {
            throw reader.error(
                node, "\(path): '\(text)' is not a \(type.namespace)/\(type.type) id; expected \(expected)")
        }
        return id
    }

    func check(_ node: Node, _ text: String, _ pattern: String, at path: String, rule: String) throws(PeNetFileError) {
        guard matches(text, pattern) else { throw reader.error(node, "\(path): '\(text)' \(rule)") }
    }

    func matches(_ text: String, _ pattern: String) -> Bool {
        text.range(of: pattern, options: .regularExpression) != nil
    }
}

/// The value rules, written as the JSON Schema's patterns (the schema test checks they agree).
enum Patterns {
    static let pathName = "^[A-Za-z0-9][A-Za-z0-9_.-]{0,59}$"
    static let pathNameRule =
        "is not a path name (1-60 letters, digits, _ . -, starting with a letter or digit; it prefixes the default resource names)"
    static let guid = "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"
    static let resourceGroup = "^[A-Za-z0-9_.()-]{0,89}[A-Za-z0-9_()-]$"
    static let resourceGroupRule = "is not a resource group name (1-90 letters, digits, _ . ( ) -, not ending in .)"
    static let location = "^[a-z0-9]+$"
    static let zoneName =
        "^([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$"
    static let resourceName = "^[A-Za-z0-9]([A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?$"
    static let resourceNameRule =
        "is not an Azure resource name (1-80 letters, digits, _ . -, starting with a letter or digit, ending with a letter, digit or _)"
    static let scaleSetName = "^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"
    static let sku = "^[A-Za-z0-9_]+$"
    static let adminUsername = "^[a-z_][a-z0-9_.-]{0,31}$"
    static let interface = "^[A-Za-z0-9_.-]{1,15}$"
    static let binary = "^/[A-Za-z0-9/._+-]+$"
    static let reservedUsernames: Set<String> = [
        "root", "admin", "administrator", "guest", "user", "test", "sys", "support", "owner", "console",
    ]
    static let publicKeyPrefixes = ["ssh-ed25519 ", "ssh-rsa ", "ecdsa-sha2-", "sk-ssh-ed25519@", "sk-ecdsa-sha2-"]
}
