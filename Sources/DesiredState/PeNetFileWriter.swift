import ARMNetwork
import Foundation
import Yams

/// Writes a commented `pe-net.yaml` for instances read from Azure (`pe-net import`): the
/// subscription and resource group most instances share become the top-level defaults (so those
/// instances are written by name), then per instance its approval policy and private DNS, with
/// what the file leaves alone (pending connections, DNS that was not described) in comments.
///
/// The text is stable for the same input: keys in the loader's order, instances as given,
/// scalars plain where YAML reads them back as the same string and double-quoted otherwise.
/// ``PeNetFile/parse(_:source:readFile:)`` reads it back.
public enum PeNetFileWriter {
    /// The file for `instances`. `header` lines become comments at the top.
    public static func render(
        _ instances: [ImportedInstance], paths: [ImportedDataFactoryPath] = [], header: [String] = []
    ) -> String {
        let (subscription, resourceGroup) = defaults(instances.map(\.spec.instance))
        var lines = header.map { comment($0, indent: 0) }.flatMap { $0 }
        lines.append("apiVersion: \(PeNetFile.apiVersion)")
        if let subscription {
            lines.append("subscription: \(scalar(subscription))   # default for names below")
        }
        if let resourceGroup { lines.append("resourceGroup: \(scalar(resourceGroup))") }
        lines.append("")
        if instances.isEmpty {
            lines.append("instances: []")
        } else {
            lines.append("instances:")
        }
        for imported in instances {
            lines += entry(imported, subscription: subscription, resourceGroup: resourceGroup)
        }
        if !paths.isEmpty {
            lines.append("")
            lines.append(paths.contains { $0.spec != nil } ? "dataFactoryPaths:" : "dataFactoryPaths: []")
        }
        for path in paths { lines += entry(path) }
        return lines.joined(separator: "\n") + "\n"
    }

    static func entry(_ path: ImportedDataFactoryPath) -> [String] {
        var lines = comment("Private Link Service \(path.privateLinkService.path):", indent: 2)
        for note in path.notes { lines += comment(note, indent: 2) }
        guard let spec = path.spec else { return lines }
        let sameGroup = { (id: ResourceID) in
            id.subscription.lowercased() == spec.subscription.lowercased()
                && id.resourceGroup.lowercased() == spec.resourceGroup.lowercased()
        }
        lines.append("  - name: \(scalar(spec.name))")
        lines.append("    subscription: \(scalar(spec.subscription))")
        lines.append("    resourceGroup: \(scalar(spec.resourceGroup))")
        lines.append("    location: \(scalar(spec.location))")
        let vnet = spec.virtualNetwork
        lines.append("    virtualNetwork: \(scalar(sameGroup(vnet) ? vnet.name : vnet.path))")
        lines.append("    subnets:")
        lines.append("      frontend: \(scalar(spec.subnets.frontend.name))")
        lines.append("      backend: \(scalar(spec.subnets.backend.name))")
        lines.append("      privateLinkService: \(scalar(spec.subnets.privateLinkService.name))")
        lines.append("    loadBalancer: \(scalar(spec.loadBalancer))")
        lines.append("    privateLinkService: \(scalar(spec.privateLinkService))")
        if spec.probe != .forwarded { lines.append("    probe: \(spec.probe.rawValue)") }
        lines.append("    instances:")
        for instance in spec.instances {
            lines.append("      - instance: \(scalar(instance.instance.path))")
            lines.append("        port: \(instance.port)")
        }
        lines.append("    forwarders:")
        if case .networkInterfaces(let nics) = spec.forwarders {
            lines.append("      networkInterfaces:")
            lines += nics.map { "        - \(scalar($0.path))" }
        }
        return lines
    }

    /// The subscription most instances are in, and the resource group most of those are in.
    static func defaults(_ ids: [ResourceID]) -> (String?, String?) {
        func mostCommon(_ values: [String]) -> String? {
            var counts: [String: (count: Int, spelling: String)] = [:]
            for value in values { counts[value.lowercased(), default: (0, value)].count += 1 }
            return counts.sorted { ($0.value.count, $1.key) > ($1.value.count, $0.key) }.first?.value.spelling
        }
        guard let subscription = mostCommon(ids.map(\.subscription)) else { return (nil, nil) }
        let group = mostCommon(
            ids.filter { $0.subscription.lowercased() == subscription.lowercased() }.map(\.resourceGroup))
        return (subscription, group)
    }

    static func entry(_ imported: ImportedInstance, subscription: String?, resourceGroup: String?) -> [String] {
        let spec = imported.spec
        let id = spec.instance
        let byName =
            id.subscription.lowercased() == subscription?.lowercased()
            && id.resourceGroup.lowercased() == resourceGroup?.lowercased()
        var lines: [String] = []
        let count = { (status: ConnectionStatus) in imported.connections.filter { $0.status == status }.count }
        lines += comment(
            "\(id.name): \(count(.approved)) approved, \(count(.pending)) pending, \(count(.rejected)) rejected private endpoint connection(s)",
            indent: 2)
        if let verification = imported.verification {
            lines += comment("plan -f still finds changes here: \(verification)", indent: 2)
        }
        lines.append("  - instance: \(scalar(byName ? id.name : id.path))")
        let approval = spec.approval
        var endpointLines: [String] = []
        for connection in imported.pending {
            var text = "pending, left pending: \(connection.name)"
            if let endpoint = connection.privateEndpointID { text += " (private endpoint \(endpoint.path))" }
            if let message = connection.requestMessage { text += ", request message \(quoted(message))" }
            endpointLines += comment(text, indent: 6)
        }
        for note in imported.approvalNotes { endpointLines += comment(note, indent: 6) }
        if !approval.subscriptions.isEmpty || !approval.resourceGroups.isEmpty {
            endpointLines.append("      approve:")
            if !approval.subscriptions.isEmpty {
                endpointLines.append("        subscriptions:")
                endpointLines += approval.subscriptions.map { "          - \(scalar($0))" }
            }
            if !approval.resourceGroups.isEmpty {
                endpointLines.append("        resourceGroups:")
                endpointLines += approval.resourceGroups.map { group in
                    let text =
                        group.subscription.lowercased() == subscription?.lowercased()
                        ? group.name : "\(group.subscription)/\(group.name)"
                    return "          - \(scalar(text))"
                }
            }
        }
        if !approval.reject.isEmpty {
            endpointLines += comment("Rejected; a rejected connection is never approved again", indent: 6)
            endpointLines.append("      reject:")
            endpointLines += approval.reject.map { "        - \(scalar($0))" }
        }
        if !endpointLines.isEmpty {
            if endpointLines.contains(where: { !$0.hasPrefix("      #") }) {
                lines.append("    endpoints:")
                lines += endpointLines
            } else {
                lines += endpointLines.map { "    " + $0.drop(while: { $0 == " " }) }
            }
        }
        for note in imported.dnsNotes { lines += comment("private DNS: \(note)", indent: 4) }
        if let dns = spec.dns {
            let options = dns.options
            lines.append("    dns:")
            if options.placement.subscription.lowercased() != subscription?.lowercased() {
                lines.append("      subscription: \(scalar(options.placement.subscription))")
            }
            lines.append("      resourceGroup: \(scalar(options.placement.resourceGroup))")
            if let zoneName = options.zoneName { lines.append("      zoneName: \(scalar(zoneName))") }
            if options.ttl != PrivateDNSOptions.defaultTTL { lines.append("      ttl: \(options.ttl)") }
            if options.adopt { lines.append("      adopt: true") }
            if let endpoints = dns.endpoints {
                lines.append("      endpoints:")
                lines += endpoints.map { "        - \(scalar($0.path))" }
            }
        }
        lines += linkLines(imported)
        return lines
    }

    /// The instance's links as a commented `links:` block: what Azure holds (the DAG, SQL Server's
    /// endpoint and AG, the databases, the failover mode) with placeholders for what it does not.
    static func linkLines(_ imported: ImportedInstance) -> [String] {
        if let note = imported.linksNote { return comment("links: \(note)", indent: 4) }
        guard !imported.links.isEmpty else { return [] }
        var lines = comment(
            "links: Azure holds neither SQL Server's name nor its certificate; fill in sqlServer and sqlCertificate, then uncomment to manage these here",
            indent: 4)
        lines += comment("links:", indent: 4)
        for dag in imported.links {
            let properties = dag.properties
            lines += comment(
                "  - dag: \(scalar(dag.name ?? properties?.distributedAvailabilityGroupName ?? "?"))", indent: 4)
            lines += comment("    sqlServer: <@@SERVERNAME of SQL Server>", indent: 4)
            if let endpoint = properties?.partnerEndpoint {
                lines += comment("    sqlEndpoint: \(scalar(Self.host(ofEndpoint: endpoint)))", indent: 4)
            }
            if let ag = properties?.partnerAvailabilityGroupName {
                lines += comment("    ag: \(scalar(ag))", indent: 4)
            }
            let databases = (properties?.databases ?? []).compactMap(\.databaseName)
            if databases.count == 1 {
                lines += comment("    database: \(scalar(databases[0]))", indent: 4)
            } else if !databases.isEmpty {
                lines += comment("    databases: [\(databases.map(scalar).joined(separator: ", "))]", indent: 4)
            }
            if let mode = properties?.failoverMode?.rawValue, mode.lowercased() != "none" {
                lines += comment("    failoverMode: \(scalar(mode.lowercased()))", indent: 4)
            }
            lines += comment("    sqlCertificate: <SQL Server's certificate: a .cer file or the 0x… blob>", indent: 4)
        }
        return lines
    }

    /// `TCP://10.0.0.4:5022` → `10.0.0.4` (the form `sqlEndpoint` takes).
    static func host(ofEndpoint endpoint: String) -> String {
        var text = Substring(endpoint)
        if text.lowercased().hasPrefix("tcp://") { text = text.dropFirst(6) }
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            return String(text[text.index(after: text.startIndex)..<close])
        }
        if let colon = text.lastIndex(of: ":"), text.filter({ $0 == ":" }).count == 1 { text = text[..<colon] }
        return String(text)
    }

    /// `text` as comment lines at `indent`, control characters escaped.
    static func comment(_ text: String, indent: Int) -> [String] {
        let clean = text.escapingControlCharacters
        return [String(repeating: " ", count: indent) + "# " + clean]
    }

    /// A scalar YAML reads back as exactly `text`, a string: plain when that holds, else
    /// double-quoted (JSON string syntax, which YAML's double-quoted style accepts).
    public static func scalar(_ text: String) -> String {
        if !text.isEmpty, text.range(of: #"^[A-Za-z0-9/_.][A-Za-z0-9/_.:-]*$"#, options: .regularExpression) != nil,
            let node = try? Yams.compose(yaml: "k: \(text)"), let value = node.mapping?["k"],
            value.tagName == .str, value.string == text
        {
            return text
        }
        return quoted(text)
    }

    /// `text` as a double-quoted string with JSON escapes (valid YAML, and one line in a comment).
    static func quoted(_ text: String) -> String {
        let data = (try? JSONEncoder.quoting.encode(text)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

extension JSONEncoder {
    /// Encodes a string as a JSON string literal without escaping `/`.
    fileprivate static var quoting: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }
}
