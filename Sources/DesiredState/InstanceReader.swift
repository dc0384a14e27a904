import ARMNetwork
import Foundation
import MILink
import Yams

/// The file's top-level defaults: what a name (instead of an ARM id) resolves with.
struct FileDefaults {
    var subscription: String?
    var resourceGroup: String?
}

/// Reads one `instances[]` entry into an ``InstanceSpec``: the instance (name or ARM id), its
/// endpoint approval policy and its private DNS.
struct InstanceReader {
    let reader: YAMLNodeReader
    let defaults: FileDefaults
    /// The Data Factory path reader's value checks (names, ids, patterns).
    let values: DataFactoryPathReader
    /// Reads `links[]`.
    let links: LinkReader

    /// The instance, its node, and its links with the node of each.
    func read(_ node: Node, at path: String) throws(PeNetFileError) -> (InstanceSpec, Node, [(LinkSpec, Node)]) {
        let fields = try reader.mapping(node, at: path, keys: PeNetFileKeys.instanceEntry)
        let instanceNode = try fields.required("instance")
        let instance = try resolve(
            instanceNode, at: fields.path("instance"), type: ("Microsoft.Sql", "managedInstances"))
        var spec = InstanceSpec(instance: instance)
        if let endpoints = fields.optional("endpoints") {
            spec.approval = try readApproval(endpoints, at: fields.path("endpoints"))
        }
        if let dns = fields.optional("dns") {
            spec.dns = try readDNS(dns, at: fields.path("dns"))
        }
        var linkSpecs: [(LinkSpec, Node)] = []
        if let list = fields.optional("links") {
            for (index, item) in try reader.sequence(list, at: fields.path("links"), nonEmpty: true).enumerated() {
                let linkPath = "\(fields.path("links"))[\(index)]"
                linkSpecs.append((try links.read(item, at: linkPath, instance: instance), item))
            }
        }
        return (spec, instanceNode, linkSpecs)
    }

    /// A name resolved with the file's defaults, or an ARM id of `type`.
    func resolve(_ node: Node, at path: String, type: (namespace: String, type: String)) throws(PeNetFileError)
        -> ResourceID
    {
        try values.resolve(node, at: path, type: type, defaults: defaults)
    }

    func readApproval(_ node: Node, at path: String) throws(PeNetFileError) -> ApprovalPolicy {
        let fields = try reader.mapping(node, at: path, keys: PeNetFileKeys.instanceEndpoints)
        var policy = ApprovalPolicy()
        if let approve = fields.optional("approve") {
            let rules = try reader.mapping(approve, at: fields.path("approve"), keys: PeNetFileKeys.approve)
            for (text, item) in try rules.optionalStrings("subscriptions") ?? [] {
                try values.check(
                    item, text, Patterns.guid, at: rules.path("subscriptions"),
                    rule: "is not a subscription id (a GUID)")
                policy.subscriptions.append(text)
            }
            for (text, item) in try rules.optionalStrings("resourceGroups") ?? [] {
                policy.resourceGroups.append(try resourceGroup(item, text, at: rules.path("resourceGroups")))
            }
            for (text, item) in try rules.optionalStrings("requestMessages") ?? [] {
                guard (try? Regex(text)) != nil else {
                    throw reader.error(
                        item, "\(rules.path("requestMessages")): '\(text)' is not a regular expression")
                }
                policy.requestMessages.append(text)
            }
        }
        for (text, item) in try fields.optionalStrings("reject") ?? [] {
            if text.hasPrefix("/") {
                guard (try? ResourceID(parsing: text)) != nil else {
                    throw reader.error(item, "\(fields.path("reject")): '\(text)' is not an ARM id")
                }
            } else {
                try values.check(
                    item, text, Patterns.resourceName, at: fields.path("reject"), rule: Patterns.resourceNameRule)
            }
            policy.reject.append(text)
        }
        return policy
    }

    /// `<subscription>/<resource group>`, or a resource group of the file's subscription.
    func resourceGroup(_ node: Node, _ text: String, at path: String) throws(PeNetFileError)
        -> ApprovalPolicy.ResourceGroup
    {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let subscription: String
        let name: String
        switch parts.count {
        case 1:
            guard let fileSubscription = defaults.subscription else {
                throw reader.error(
                    node,
                    "\(path): '\(text)' names no subscription and the file sets none; write <subscription>/<resource group>"
                )
            }
            (subscription, name) = (fileSubscription, parts[0])
        case 2:
            (subscription, name) = (parts[0], parts[1])
        default:
            throw reader.error(node, "\(path): '\(text)' is not <subscription>/<resource group>")
        }
        try values.check(
            node, subscription, Patterns.guid, at: path, rule: "does not start with a subscription id (a GUID)")
        try values.check(node, name, Patterns.resourceGroup, at: path, rule: Patterns.resourceGroupRule)
        return .init(subscription: subscription, name: name)
    }

    func readDNS(_ node: Node, at path: String) throws(PeNetFileError) -> InstanceSpec.DNS {
        let fields = try reader.mapping(node, at: path, keys: PeNetFileKeys.instanceDNS)
        let groupNode = try fields.required("resourceGroup")
        let group = try reader.string(groupNode, at: fields.path("resourceGroup"))
        try values.check(
            groupNode, group, Patterns.resourceGroup, at: fields.path("resourceGroup"), rule: Patterns.resourceGroupRule
        )
        let subscription: String
        if let node = fields.optional("subscription") {
            subscription = try reader.string(node, at: fields.path("subscription"))
            try values.check(
                node, subscription, Patterns.guid, at: fields.path("subscription"),
                rule: "is not a subscription id (a GUID)")
        } else if let fileSubscription = defaults.subscription {
            subscription = fileSubscription
        } else {
            throw reader.error(
                node, "\(path): no subscription for the zones; add dns.subscription or a top-level subscription")
        }
        var options = PrivateDNSOptions(placement: .init(subscription: subscription, resourceGroup: group))
        if let zoneNode = fields.optional("zoneName") {
            let zone = try reader.string(zoneNode, at: fields.path("zoneName"))
            guard zone.range(of: Patterns.zoneName, options: .regularExpression) != nil else {
                throw reader.error(zoneNode, "\(fields.path("zoneName")): '\(zone)' is not a DNS zone name")
            }
            options.zoneName = zone
        }
        if let ttlNode = fields.optional("ttl") {
            let ttl = try reader.int(ttlNode, at: fields.path("ttl"))
            guard (1...2_147_483_647).contains(ttl) else {
                throw reader.error(ttlNode, "\(fields.path("ttl")): \(ttl) is not a TTL (1-2147483647 seconds)")
            }
            options.ttl = ttl
        }
        options.adopt = try fields.optionalBool("adopt") ?? false
        var endpoints: [ResourceID]?
        if let list = try fields.optionalStrings("endpoints") {
            var ids: [ResourceID] = []
            for (text, item) in list {
                ids.append(
                    try values.armID(
                        item, text, at: fields.path("endpoints"), type: ("Microsoft.Network", "privateEndpoints")))
            }
            endpoints = ids
        }
        return .init(endpoints: endpoints, options: options)
    }
}
